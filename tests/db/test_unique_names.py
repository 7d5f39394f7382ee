"""Two people adding the same name at once: the second gets the clear refusal, not a 500.

The name check runs before the insert; the unique index catches the one that
lands between the check and the insert. The check is bypassed here to land there.
"""

import pytest
from sqlmodel import Session, select

from core import partners, users
from core.models import Partner, Role, User
from core.partners import PartnerExists, create_partner
from core.users import UserProblem, add_user


def test_a_partner_name_taken_meanwhile_is_refused_as_existing(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_partner(session=session, name="Kabar Harian", domains=["news.example.org"])
    session.commit()
    monkeypatch.setattr(partners, "name_taken", lambda *_: False)
    with pytest.raises(PartnerExists, match="'Kabar Harian' already exists"):
        create_partner(session=session, name="Kabar Harian", domains=[])
    assert len(session.exec(select(Partner)).all()) == 1


def test_a_user_name_taken_meanwhile_is_refused_as_existing(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(session=session, name="sinta", role=Role.TRANSLATOR, password=None)
    session.commit()
    monkeypatch.setattr(users, "name_taken", lambda *_: False)
    with pytest.raises(UserProblem, match="'sinta' already exists"):
        add_user(session=session, name="sinta", role=Role.EDITOR, password=None)
    assert [u.name for u in session.exec(select(User)).all()] == ["sinta"]
