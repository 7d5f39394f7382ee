"""How much steering brings the glossary into machine drafts, and what it costs.

    python bench/steering.py

The glossary test corpus (tests/glossary_corpus) is translated with the tiny
copy-model packages (scripts/build_test_models.py): en→id, and tr→en→id by
pivot. Their raw output copies the source, so a glossary target appears only
where steering puts it. Compared in the same run: the model's first choice,
and `glossary.steer` (n-best choice, then prefix repair, `keep` protection).
"""

import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ heads sys.path and bench/queue.py would shadow the
# stdlib `queue`: put the repo root there instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
TMP = Path(tempfile.mkdtemp(prefix="warta-bench-steer-"))
for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[name] = str(TMP / name.lower())

from core.config import Settings  # noqa: E402
from glossary.match import Matcher  # noqa: E402
from glossary.steer import steer  # noqa: E402
from glossary.verify import count_satisfied  # noqa: E402
from tests.glossary_corpus.corpus import load_glossary, load_sentences  # noqa: E402
from worker.mt.engine import ArgosEngine, route  # noqa: E402
from worker.mt.packages import install_file, installed  # noqa: E402


def install_packages(settings: Settings) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_test_models", ROOT / "scripts" / "build_test_models.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path in module.build_all(TMP / "packages"):
        install_file(settings, path)


def measure(
    language: str, engine: ArgosEngine, entries: list
) -> tuple[int, int, int, float, float]:
    sources = [sentence.text for sentence in load_sentences(language)]
    matcher = Matcher(entries, language)
    hits = [[h for h in matcher.find(s) if h.type.value != "forbidden"] for s in sources]
    started = time.perf_counter()
    raw = engine.translate(sources)
    raw_seconds = time.perf_counter() - started
    started = time.perf_counter()
    steered = steer(sources, hits, engine.hypotheses)
    steer_seconds = time.perf_counter() - started
    total = sum(len(h) for h in hits)
    raw_ok = sum(count_satisfied(h, t or "") for h, t in zip(hits, raw, strict=True))
    steered_ok = sum(r.satisfied for r in steered)
    return total, raw_ok, steered_ok, raw_seconds, steer_seconds


def main() -> None:
    settings = Settings(data_dir=TMP / "data")
    install_packages(settings)
    entries, _ = load_glossary()
    print(f"{'pair':8}{'terms':>7}{'raw':>8}{'steered':>9}{'raw s':>8}{'steer s':>9}{'x':>6}")
    for language in ("en", "tr"):
        engine = ArgosEngine(route(installed(settings), language, "id"), settings)
        engine.translate(["warm up"])
        total, raw, steered, raw_s, steer_s = measure(language, engine, entries)
        print(
            f"{language + '→id':8}{total:7}{raw / total:8.1%}{steered / total:9.1%}"
            f"{raw_s:8.2f}{steer_s:9.2f}{steer_s / raw_s:6.1f}"
        )


if __name__ == "__main__":
    main()
