"""The tiny copy-model .argosmodel packages of scripts/build_test_models.py.

They stand in for real Argos models in every MT test, so this checks that they are what
argostranslate and CTranslate2 expect and that they translate to an exact, known output.
No network: the argos run happens in a subprocess whose sockets refuse to connect.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import ModuleType

import ctranslate2
import pytest
import sentencepiece as spm

ROOT = Path(__file__).resolve().parents[2]
PAIRS = [("en", "id"), ("tr", "en")]
SENTENCES = {
    "en": [
        "Hello world.",
        "Foreign Minister Mevlüt Çavuşoğlu met his counterpart in Ankara on Tuesday.",
        "The ceasefire holds, Hulusi Akar said; inflation fell to 38.2% (TÜİK).",
        "Unknown characters: 😀 漢字 ẞ ∑ — “quoted”",
    ],
    "tr": [
        "Merhaba dünya.",
        "Cumhurbaşkanı Recep Tayyip Erdoğan, İstanbul'da seçim sonuçlarını değerlendirdi.",
        'Dışişleri Bakanı Çavuşoğlu: "Ateşkes sürüyor."',
    ],
}


def load_builder() -> ModuleType:
    """scripts/ is not a package; load the script as a module by path."""
    path = ROOT / "scripts" / "build_test_models.py"
    spec = importlib.util.spec_from_file_location("build_test_models", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builder = load_builder()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    outdir = tmp_path_factory.mktemp("argosmodels")
    started = time.perf_counter()
    paths = builder.build_all(outdir)
    elapsed = time.perf_counter() - started
    assert elapsed < 10, f"building the test packages took {elapsed:.1f} s"
    return dict(zip(PAIRS, paths, strict=True))


@pytest.fixture(scope="module")
def extracted(
    built: dict[tuple[str, str], Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Path]:
    """Each package unzipped, as argos installs it: {pair: package folder}."""
    root = tmp_path_factory.mktemp("extracted")
    folders = {}
    for pair, archive in built.items():
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(root)
        folders[pair] = root / archive.stem
    return folders


def processor(folder: Path) -> spm.SentencePieceProcessor:
    return spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))


@pytest.mark.parametrize("pair", PAIRS)
def test_archive_has_one_folder_with_what_argos_reads(
    built: dict[tuple[str, str], Path], pair: tuple[str, str]
) -> None:
    from_code, to_code = pair
    archive = built[pair]
    assert archive.name == f"translate-{from_code}_{to_code}-0_1.argosmodel"
    with zipfile.ZipFile(archive) as zf:
        names = {name for name in zf.namelist() if not name.endswith("/")}
        top = {name.split("/")[0] for name in zf.namelist()}
        meta = json.loads(zf.read(f"{archive.stem}/metadata.json"))
    assert top == {archive.stem}
    files = {name.removeprefix(f"{archive.stem}/") for name in names}
    assert files == {
        "metadata.json",
        "README.md",
        "sentencepiece.model",
        "model/model.bin",
        "model/config.json",
        "model/shared_vocabulary.json",
        f"minisbd/{from_code}.onnx",
    }
    names_of = {"en": "English", "id": "Indonesian", "tr": "Turkish"}
    assert meta == {
        "type": "translate",
        "package_version": "0.1",
        "argos_version": builder.ARGOS_VERSION,
        "from_code": from_code,
        "from_name": names_of[from_code],
        "to_code": to_code,
        "to_name": names_of[to_code],
        "links": [],
    }


def test_build_is_deterministic(built: dict[tuple[str, str], Path], tmp_path: Path) -> None:
    again = builder.build_package("en", "id", tmp_path)
    assert again.read_bytes() == built[("en", "id")].read_bytes()


@pytest.mark.parametrize("pair", PAIRS)
def test_sentencepiece_is_small_lossless_and_knows_the_markers(
    extracted: dict[tuple[str, str], Path], pair: tuple[str, str]
) -> None:
    sp = processor(extracted[pair])
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    assert 400 <= len(pieces) <= 800
    assert pieces[:3] == ["<unk>", "<s>", "</s>"]
    assert {"▁[id]", "▁[en]"} <= set(pieces)
    assert "<0xF0>" in pieces  # byte fallback: no input is <unk>
    for text in SENTENCES[pair[0]] + SENTENCES["en"]:
        ids = sp.encode(text)
        assert sp.unk_id() not in ids
        assert sp.decode(ids) == text
    # The corpus shaped the pieces: common news words are single pieces.
    word = {"en": "▁minister", "tr": "▁Bakanı"}[pair[0]]
    assert word in pieces


@pytest.mark.parametrize("compute_type", ["default", "int8"])
@pytest.mark.parametrize("beam_size", [1, 2, 4])
@pytest.mark.parametrize("pair", PAIRS)
def test_ctranslate2_copies_the_source_after_the_marker(
    extracted: dict[tuple[str, str], Path], pair: tuple[str, str], beam_size: int, compute_type: str
) -> None:
    folder = extracted[pair]
    sp = processor(folder)
    translator = ctranslate2.Translator(
        str(folder / "model"), device="cpu", compute_type=compute_type, intra_threads=1
    )
    sources = [sp.encode(text, out_type=str) for text in SENTENCES[pair[0]]]
    results = translator.translate_batch(sources, beam_size=beam_size, return_scores=True)
    marker = f"▁[{pair[1]}]"
    for source, result in zip(sources, results, strict=True):
        assert result.hypotheses[0] == [marker, *source]
        assert result.scores[0] > -1e-3  # log-probability of the copy is ~0
    text = sp.decode(results[0].hypotheses[0])
    assert text == f"[{pair[1]}] {SENTENCES[pair[0]][0]}"


def test_alternatives_are_far_behind_and_attention_is_the_alignment(
    extracted: dict[tuple[str, str], Path],
) -> None:
    folder = extracted[("en", "id")]
    sp = processor(folder)
    translator = ctranslate2.Translator(str(folder / "model"), intra_threads=1)
    source = sp.encode("Hello world.", out_type=str)
    result = translator.translate_batch(
        [source],
        beam_size=4,
        num_hypotheses=4,
        length_penalty=0,  # scores are plain sums of token log-probabilities
        return_scores=True,
        return_attention=True,
    )[0]
    assert len(result.hypotheses) == 4
    assert result.scores[0] > -1e-3
    assert all(score < -30 for score in result.scores[1:])  # one wrong token costs >= 40
    # Step t attends source position t of "<s> x1 … xn </s>"; CTranslate2 returns the
    # attention without the <s> and </s> columns, so the marker's row is all zero and
    # row t (t >= 1) peaks on source piece t-1: a one-to-one alignment.
    marker_row, *rows = result.attention[0]
    assert max(marker_row) < 1e-6
    assert [row.index(max(row)) for row in rows] == list(range(len(source)))
    assert min(max(row) for row in rows) > 0.999


def test_long_inputs_are_copied_exactly(extracted: dict[tuple[str, str], Path]) -> None:
    folder = extracted[("tr", "en")]
    sp = processor(folder)
    translator = ctranslate2.Translator(str(folder / "model"), intra_threads=1)
    line = " ".join(SENTENCES["tr"])
    source = sp.encode(" ".join([line] * 20), out_type=str)[:1000]
    result = translator.translate_batch(
        [source], beam_size=2, max_input_length=0, max_decoding_length=1100
    )[0]
    assert result.hypotheses[0] == ["▁[en]", *source]


def test_minisbd_model_splits_at_sentence_ends(extracted: dict[tuple[str, str], Path]) -> None:
    from minisbd import SBDetect

    model = extracted[("en", "id")] / "minisbd" / "en.onnx"
    detector = SBDetect(str(model), use_gpu=False)
    text = "Hello world. How are you?  Fine! Version 3.5 is out"
    assert detector.sentences(text) == [
        "Hello world.",
        "How are you?",
        "Fine!",
        "Version 3.5 is out",
    ]
    assert detector.sentences("No full stop") == ["No full stop"]


ARGOS_SCRIPT = """
import json, socket, sys

def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")

socket.socket.connect = refuse
socket.create_connection = refuse

from argostranslate import package, settings, translate

for path in sys.argv[1:]:
    package.install_from_path(path)
cases = json.loads(sys.stdin.read())
print(json.dumps({
    "packages": sorted(str(p.package_path.name) for p in package.get_installed_packages()),
    "intra_threads": settings.intra_threads,
    "translations": [translate.translate(text, f, t) for text, f, t in cases],
}))
"""


def test_argostranslate_installs_and_translates_offline(
    built: dict[tuple[str, str], Path], tmp_path: Path
) -> None:
    """The real argos path: install_from_path, MiniSBD from the package, pivot tr→en→id."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ARGOS_", "XDG_"))}
    env |= {  # argostranslate.settings reads these once, at import
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "ARGOS_PACKAGES_DIR": str(tmp_path / "packages"),
        "ARGOS_DEVICE_TYPE": "cpu",
        "ARGOS_INTRA_THREADS": "1",
    }
    cases = [
        ("Hello world.", "en", "id"),
        ("Hello world. How are you?", "en", "id"),
        ("First line.\nSecond line", "en", "id"),
        ("Merhaba dünya.", "tr", "en"),
        ("Dışişleri Bakanı Mevlüt Çavuşoğlu Ankara'da konuştu.", "tr", "id"),
    ]
    completed = subprocess.run(
        [sys.executable, "-c", ARGOS_SCRIPT, *map(str, built.values())],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert result["packages"] == ["translate-en_id-0_1", "translate-tr_en-0_1"]
    assert result["intra_threads"] == 1
    assert result["translations"] == [
        "[id] Hello world.",
        "[id] Hello world. [id] How are you?",  # argos translates sentence by sentence
        "[id] First line.\n[id] Second line",  # and paragraph by paragraph
        "[en] Merhaba dünya.",
        "[id] [en] Dışişleri Bakanı Mevlüt Çavuşoğlu Ankara'da konuştu.",  # pivot via en
    ]
    assert not (tmp_path / "data" / "argos-translate" / "minisbd").exists()  # no download
