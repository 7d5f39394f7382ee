"""Warta's MT engine against the CTranslate2 floor and argostranslate's own path.

    python bench/mt.py [--sentences 300] [--beam 4]

All rows translate the same English sentences with the same tiny en→id
package (scripts/build_test_models.py) and the same beam size, in one run:

- floor: one raw `translate_batch` over input tokenised beforehand;
- Warta: `ArgosEngine.translate` (tokenise, one batch, detokenise), with one
  intra-op thread (the default) and with CTranslate2's default threading;
- argostranslate: `translate()` paragraph by paragraph, LibreTranslate's path.
"""

import argparse
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

TMP = Path(tempfile.mkdtemp(prefix="warta-bench-mt-"))
# argostranslate reads these once, at import: set them first, all inside TMP.
for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[name] = str(TMP / name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(TMP / "data" / "models")
os.environ["ARGOS_INTRA_THREADS"] = "1"

from core.config import Settings  # noqa: E402
from worker.mt import engine as mt_engine  # noqa: E402
from worker.mt.packages import install_file, installed  # noqa: E402

PARAGRAPH = 4  # sentences per paragraph for argostranslate's per-paragraph calls


def build_package() -> Path:
    spec = importlib.util.spec_from_file_location(
        "build_test_models", ROOT / "scripts" / "build_test_models.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_package("en", "id", TMP / "packages")


REPEAT = 5  # best of: the machine's other load only ever adds time


def timed(run) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def floor(settings: Settings, sentences: list[str], threads: int) -> float:
    import ctranslate2
    import sentencepiece

    package = installed(settings)[0]
    tokenizer = sentencepiece.SentencePieceProcessor(
        model_file=str(package.path / "sentencepiece.model")
    )
    translator = ctranslate2.Translator(
        str(package.path / "model"), device="cpu", inter_threads=1, intra_threads=threads
    )
    tokens = [tokenizer.encode(s, out_type=str) for s in sentences]
    translator.translate_batch(tokens[:4], beam_size=settings.mt_beam_size)  # warm up
    return timed(
        lambda: translator.translate_batch(
            tokens, beam_size=settings.mt_beam_size, max_batch_size=settings.mt_batch_size
        )
    )


def warta(settings: Settings, sentences: list[str]) -> float:
    engine = mt_engine.ArgosEngine(installed(settings), settings)
    engine.translate(sentences[:4])  # loads the model, as a worker's first article does
    return timed(lambda: engine.translate(sentences))


def argos(sentences: list[str]) -> float:
    import argostranslate.translate

    paragraphs = [
        " ".join(sentences[i : i + PARAGRAPH]) for i in range(0, len(sentences), PARAGRAPH)
    ]
    argostranslate.translate.translate(paragraphs[0], "en", "id")  # loads the model
    return timed(lambda: [argostranslate.translate.translate(p, "en", "id") for p in paragraphs])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=300)
    parser.add_argument("--beam", type=int, default=4)
    args = parser.parse_args()
    os.environ["ARGOS_BEAM_SIZE"] = str(args.beam)
    corpus = (ROOT / "scripts" / "test_models" / "corpus_en.txt").read_text().splitlines()
    sentences = [line for line in corpus if line.strip()][: args.sentences]

    settings = Settings(data_dir=TMP / "data", mt_beam_size=args.beam)
    install_file(settings, build_package())
    rows = [
        ("CTranslate2 translate_batch (floor)", floor(settings, sentences, threads=1)),
        ("Warta engine, intra_threads=1", warta(settings, sentences)),
        (
            "Warta engine, CTranslate2 default threads",
            warta(settings.model_copy(update={"mt_intra_threads": 0}), sentences),
        ),
        ("argostranslate per paragraph", argos(sentences)),
    ]
    anchor = rows[0][1]
    print(f"{len(sentences)} sentences, beam {args.beam}, {os.cpu_count()} cores")
    print(f"{'':44}{'seconds':>9}{'sent/s':>9}{'x floor':>9}")
    for name, seconds in rows:
        print(f"{name:44}{seconds:9.3f}{len(sentences) / seconds:9.0f}{seconds / anchor:9.2f}")
    print(f"Warta vs argostranslate: {rows[3][1] / rows[1][1]:.2f}x faster")


if __name__ == "__main__":
    main()
