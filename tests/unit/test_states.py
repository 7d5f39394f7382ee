"""The state machine refuses every transition it does not list."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.states import TRANSITIONS, WORKING_STATES, ArticleState, IllegalTransition, is_allowed

ALL = list(ArticleState)

# The lifecycle of PRODUCT.md, written out independently of TRANSITIONS.
EXPECTED = {
    ("submitted", "fetching"),
    ("submitted", "extracting"),
    ("submitted", "failed"),
    ("fetching", "extracting"),
    ("fetching", "failed"),
    ("extracting", "detecting"),
    ("extracting", "failed"),
    ("detecting", "segmenting"),
    ("detecting", "failed"),
    ("segmenting", "translating"),
    ("segmenting", "failed"),
    ("translating", "in_review"),
    ("translating", "failed"),
    ("in_review", "approved"),
    ("in_review", "rejected"),
    ("in_review", "segmenting"),
    ("in_review", "translating"),
    ("in_review", "killed"),  # a published article under correction
    ("rejected", "in_review"),
    ("rejected", "segmenting"),
    ("rejected", "killed"),
    ("approved", "published"),
    ("approved", "in_review"),
    ("approved", "killed"),
    ("published", "in_review"),
    ("published", "killed"),
    ("failed", "fetching"),
    ("failed", "extracting"),
    ("failed", "detecting"),
    ("failed", "segmenting"),
    ("failed", "translating"),
}


def test_every_pair_is_allowed_exactly_when_listed() -> None:
    for current, target in itertools.product(ALL, ALL):
        assert is_allowed(current, target) == ((current.value, target.value) in EXPECTED), (
            current,
            target,
        )


def test_every_state_has_an_entry_and_killed_is_terminal() -> None:
    assert set(TRANSITIONS) == set(ALL)
    assert TRANSITIONS[ArticleState.KILLED] == frozenset()


def test_no_state_moves_to_itself() -> None:
    assert all(not is_allowed(state, state) for state in ALL)


def test_every_working_state_can_fail() -> None:
    assert all(is_allowed(state, ArticleState.FAILED) for state in WORKING_STATES)


@given(st.lists(st.sampled_from(ALL), max_size=40))
def test_random_walks_only_take_listed_steps(steps: list[ArticleState]) -> None:
    # Apply attempted moves with the same rule the database CAS uses.
    state = ArticleState.SUBMITTED
    for target in steps:
        if is_allowed(state, target):
            assert (state.value, target.value) in EXPECTED
            state = target
        else:
            assert (state.value, target.value) not in EXPECTED
    assert state in ALL


def test_illegal_transition_message_names_both_states() -> None:
    error = IllegalTransition(ArticleState.KILLED, ArticleState.PUBLISHED)
    assert "killed" in str(error) and "published" in str(error)
    with pytest.raises(ValueError):
        raise error
