"""Steering with n-best and prefixes, against deterministic stand-in models."""

from collections.abc import Callable
from dataclasses import dataclass

from glossary.match import Matcher
from glossary.model import Entry, EntryType
from glossary.steer import SteerResult, repair_prefix, steer
from glossary.verify import verify


@dataclass(frozen=True)
class Hyp:
    text: str
    score: float


class Scripted:
    """n-best from a table keyed by the (protected) source; prefixes finished by `finish`."""

    def __init__(
        self,
        table: dict[str, list[tuple[str, float]]],
        finish: Callable[[str, str], str] = lambda source, prefix: prefix + " selesai.",
    ) -> None:
        self.table = table
        self.finish = finish
        self.calls: list[tuple[list[str], int, list[str] | None]] = []

    def __call__(self, sources: list[str], n: int, prefixes: list[str] | None) -> list[list[Hyp]]:
        self.calls.append((list(sources), n, None if prefixes is None else list(prefixes)))
        if prefixes is None:
            rows = [self.table.get(src, [(src, 0.0)])[:n] for src in sources]
            return [[Hyp(t, s) for t, s in row] for row in rows]
        return [[Hyp(self.finish(s, p), -3.0)] for s, p in zip(sources, prefixes, strict=True)]


ENTRIES = [
    Entry(1, {"tr": ("ateşkes",), "id": ("gencatan senjata",)}),
    Entry(2, {"tr": ("BM Güvenlik Konseyi",), "id": ("Dewan Keamanan PBB",)}),
    Entry(3, {"tr": ("Hulusi Akar",)}, EntryType.KEEP, case_sensitive=True),
    Entry(4, {"tr": ("enflasyon",), "id": ("inflasi",)}),
]
BY_ID = {e.id: e for e in ENTRIES}
MATCHER = Matcher(ENTRIES, "tr")


def run(sources: list[str], model: Scripted, n: int = 4) -> list[SteerResult]:
    return steer(sources, [MATCHER.find(s) for s in sources], model, n)


def test_top_hypothesis_kept_when_it_satisfies_everything() -> None:
    source = "Taraflar ateşkes ilan etti."
    model = Scripted({source: [("Para pihak mengumumkan gencatan senjata.", -1.0)]})
    assert run([source], model) == [
        SteerResult("Para pihak mengumumkan gencatan senjata.", 1, 1, "none")
    ]
    assert len(model.calls) == 1 and model.calls[0][1:] == (4, None)


def test_nbest_prefers_more_terms_then_score() -> None:
    source = "BM Güvenlik Konseyi ateşkes çağrısı yaptı."
    model = Scripted(
        {
            source: [
                ("Dewan Keamanan menyerukan gencatan.", -1.0),
                ("Dewan Keamanan PBB menyerukan gencatan.", -1.5),
                ("DK menyerukan gencatan senjata.", -1.2),
                ("Dewan Keamanan PBB menyerukan gencatan senjata.", -2.5),
                ("Dewan Keamanan PBB meminta gencatan senjata.", -2.0),
            ]
        }
    )
    (result,) = run([source], model, n=5)
    assert result == SteerResult("Dewan Keamanan PBB meminta gencatan senjata.", 2, 2, "nbest")
    assert len(model.calls) == 1  # nothing left to repair


def test_prefix_repair_when_no_hypothesis_has_the_term() -> None:
    source = "Yetkililer uzun görüşmelerin ardından ateşkes ilan etti."
    raw = "Para pejabat setelah perundingan panjang mengumumkan penghentian tembakan."
    model = Scripted({source: [(raw, -1.0), (raw.replace("Para ", ""), -1.4)]})
    (result,) = run([source], model)
    expected_prefix = repair_prefix(raw, source, source.index("ateşkes"), "gencatan senjata")
    assert model.calls[1][2] == [expected_prefix]
    assert expected_prefix.endswith("gencatan senjata")
    assert result.strategy == "prefix" and result.satisfied == result.total == 1
    assert result.text == expected_prefix + " selesai."


def test_repair_dropped_unless_it_satisfies_more() -> None:
    source = "Enflasyon ve ateşkes konuşuldu."
    raw = "Inflasi dan penghentian tembakan dibahas."
    model = Scripted(
        {source: [(raw, -1.0)]},
        finish=lambda s, p: "sesuatu yang lain sama sekali",  # the model ignores the prefix
    )
    (result,) = run([source], model)
    assert result == SteerResult(raw, 1, 2, "none")
    assert len(model.calls) == 2


def test_keep_names_reach_the_model_as_stand_ins_and_come_back() -> None:
    source = "Hulusi Akar'ın ateşkes açıklaması"
    model = Scripted({"Zorvex'ın ateşkes açıklaması": [("Pernyataan gencatan senjata Zorvex", -1)]})
    (result,) = run([source], model)
    assert model.calls[0][0] == ["Zorvex'ın ateşkes açıklaması"]
    assert result == SteerResult("Pernyataan gencatan senjata Hulusi Akar", 2, 2, "none")


def test_missing_keep_name_is_repaired_with_its_stand_in() -> None:
    source = "Açıklamayı Hulusi Akar yaptı."
    model = Scripted({"Açıklamayı Zorvex yaptı.": [("Pernyataan dibuat.", -1.0)]})
    (result,) = run([source], model)
    (prefix,) = model.calls[1][2] or []
    assert prefix.endswith("Zorvex")
    assert "Hulusi Akar" in result.text and result.strategy == "prefix"


def test_batches_all_segments_in_two_calls() -> None:
    sources = [
        "Ateşkes sürüyor.",  # satisfied by the top hypothesis
        "Ateşkes bozuldu.",  # needs a repair
        "Hava güzel.",  # no terms
        "Enflasyon ve ateşkes.",  # needs two repairs
    ]
    model = Scripted(
        {
            sources[0]: [("Gencatan senjata berlanjut.", -1.0)],
            sources[1]: [("Penghentian tembakan gagal.", -1.0)],
            sources[2]: [("Cuaca cerah.", -1.0)],
            sources[3]: [("Kenaikan harga dan jeda.", -1.0)],
        }
    )
    results = run(sources, model)
    assert len(model.calls) == 2
    assert model.calls[0][0] == sources and model.calls[0][2] is None
    assert model.calls[1][0] == [sources[1], sources[3], sources[3]]
    assert [r.strategy for r in results] == ["none", "prefix", "none", "prefix"]
    assert [(r.satisfied, r.total) for r in results] == [(1, 1), (1, 1), (0, 0), (1, 2)]


def test_empty_input() -> None:
    model = Scripted({})
    assert steer([], [], model) == []
    assert model.calls == []


def test_repair_prefix_heuristic() -> None:
    hypothesis = "satu dua tiga empat lima enam"
    assert repair_prefix(hypothesis, "0123456789", 0, "X") == "X"
    assert repair_prefix(hypothesis, "0123456789", 5, "X") == "satu dua tiga X"
    # A term at the very end does not force the closing word before it.
    assert repair_prefix(hypothesis, "0123456789", 10, "X") == "satu dua tiga empat lima X"
    assert repair_prefix("", "abc", 2, "X") == "X"


# --- an end-to-end invariant with a noisy word-for-word "model"

LEXICON = {"ateşkes": "jeda", "ve": "dan", "bm": "pbb", "güvenlik": "aman", "konseyi": "dewan"}


def noisy(sources: list[str], n: int, prefixes: list[str] | None) -> list[list[Hyp]]:
    """Word-for-word with a bad lexicon; n-best variants shuffle word order."""
    out = []
    for i, source in enumerate(sources):
        words = [LEXICON.get(w.strip(".,'").lower(), w) for w in source.split()]
        hyps = [Hyp(" ".join(words[k:] + words[:k]), -float(k)) for k in range(min(n, 3))]
        if prefixes is not None:
            hyps = [Hyp(prefixes[i] + " " + " ".join(words), -5.0)]
        out.append(hyps)
    return out


def test_every_segment_is_satisfied_or_flagged() -> None:
    sources = [
        "BM Güvenlik Konseyi ateşkes çağrısı yaptı.",
        "Hulusi Akar ve enflasyon.",
        "Ateşkes, ateşkes ve ateşkes.",
        "Bugün hava güzel.",
    ]
    hits = [MATCHER.find(s) for s in sources]
    results = steer(sources, hits, noisy)
    for source_hits, result in zip(hits, results, strict=True):
        checks = verify(source_hits, result.text, BY_ID)
        terms = [c for c in checks if c.code != "glossary_forbidden"]
        assert len(terms) == result.total
        assert sum(c.satisfied for c in terms) == result.satisfied
        assert all(c.satisfied or c.code == "glossary_missing" for c in terms)
