"""Build tiny test `.argosmodel` packages (en→id, tr→en) in seconds, without any download.

    .venv/bin/python scripts/build_test_models.py OUTDIR

Each package is a real Argos Translate package (what `argostranslate.package.install_from_path`
and `argostranslate.translate` need, checked against argos-translate-lt 1.12):

    translate-en_id-0_1/
        metadata.json        type, codes, names, package_version, argos_version
        README.md            says what this is
        sentencepiece.model  trained here on scripts/test_models/corpus_<from>.txt
        model/               CTranslate2 Transformer written from numpy (spec API)
        minisbd/<from>.onnx  sentence splitter, so argos never downloads MiniSBD

The Transformer is a hand-wired *copy model*: it emits the target marker (`[id]`, `[en]`)
and then the source pieces unchanged, so "Hello world." → "[id] Hello world." and, through
argos' pivot, tr→id "Merhaba." → "[id] [en] Merhaba.". Tests can therefore assert exact output
while every real code path (SentencePiece, CTranslate2 beam search, argos install) runs.

How the copy works (d_model 64, one layer each side, two heads):
- residual dims 0-31 hold a ±1 code of the token id (16 bits, each bit as +c and -c),
  dims 32-63 hold sinusoidal positions (8 frequencies, as +sin, +cos, -sin, -cos).
  The ± pairs keep every residual vector at mean 0 and constant variance, so each pre-norm
  LayerNorm is a fixed scaling; its gamma is set to undo it (LayerNorm = identity).
- `add_source_bos` + `add_source_eos`: the encoder sees `<s> x1 … xn </s>` at positions
  0 … n+1, and the source embedding of `<s>` is the code of the marker.
- the decoder embeddings are zero; at step t its stream is just position t. Head 0 of the
  cross-attention compares positions only (query = pos(t), key = pos(j)), so it attends to
  source position t (scores peak by ≥ 50 over every other position) and copies that code:
  step 0 → marker, step t → x_t, step n+1 → `</s>`, which ends decoding.
- every other sub-layer has a zero output projection; the output projection is the code
  table, so the copied code's own token wins by a logit margin of ≥ 40.

Limits: the position table has 4096 rows, so source + 2 and output length must stay below
that (CTranslate2 raises beyond; its defaults truncate at 1024 input and 256 output pieces).
The copy is exact in pieces; as text it is exact up to SentencePiece's whitespace cleanup
(leading, trailing and repeated spaces). The MiniSBD model ends a sentence at . ! ? followed
by whitespace, so argos translates "A. B." as two sentences, each with its marker.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import ctranslate2
import numpy as np
import onnx
import sentencepiece as spm
from onnx import TensorProto, helper

CORPUS_DIR = Path(__file__).resolve().parent / "test_models"
LANGUAGE_NAMES = {"en": "English", "id": "Indonesian", "tr": "Turkish"}
PAIRS = (("en", "id"), ("tr", "en"))
PACKAGE_VERSION = "0.1"
ARGOS_VERSION = "1.9"  # argos only stores it; any 1.x reader accepts the package

# SentencePiece: 256 byte pieces + 3 specials + markers + ~340 learned pieces.
VOCAB_SIZE = 600

# Copy-model geometry (see the module docstring).
CODE_BITS = 16  # token ids up to 65535
NUM_FREQUENCIES = 8  # periods 3, 9, …, 3**8: every offset 1 … 6560 is told apart
D_MODEL = 4 * NUM_FREQUENCIES + 2 * CODE_BITS  # 64
NUM_HEADS = 2  # head 0 copies, head 1 stays idle
HEAD_DIM = D_MODEL // NUM_HEADS
FFN_DIM = 64
MAX_POSITIONS = 4096  # > max_input_length 1024 + <s> + </s>; > max_decoding_length 256
CODE_SLICE = slice(0, 2 * CODE_BITS)
POS_SLICE = slice(2 * CODE_BITS, D_MODEL)
QK_SCALE = 10.0  # query and key magnitude: score gap >= 10*10*3/sqrt(32) ≈ 53
COPY_SCALE = 10.0  # output magnitude of the copied code: logit margin >= 4*10 = 40
LN_EPSILON = 1e-6

# MiniSBD character classes, as minisbd.modules.inference decodes them.
SBD_SENTENCE_END = (".", "!", "?")
SBD_UNITS = ["<PAD>", "<UNK>", *SBD_SENTENCE_END, " "]


def marker_for(to_code: str) -> str:
    """The first output piece of a copy model; `▁` makes it a word, so sentences join
    with a space ("… world. [id] Next …") and a decoded text starts with "[id] "."""
    return f"▁[{to_code}]"


def corpus_lines(from_code: str) -> list[str]:
    path = CORPUS_DIR / f"corpus_{from_code}.txt"
    if not path.exists():  # another source language: English pieces plus byte fallback
        path = CORPUS_DIR / "corpus_en.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


def train_sentencepiece(lines: Sequence[str], markers: Sequence[str]) -> bytes:
    """Train a unigram model in memory; byte fallback makes every input representable."""
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",
        vocab_size=VOCAB_SIZE,
        hard_vocab_limit=False,  # a smaller corpus still trains, with fewer pieces
        byte_fallback=True,
        character_coverage=1.0,
        user_defined_symbols=list(markers),
        # identity: decode(encode(text)) == text, so "copy" means an exact copy
        normalization_rule_name="identity",
        num_threads=1,  # deterministic output
        minloglevel=2,
    )
    return model.getvalue()


def token_codes(vocab_size: int) -> np.ndarray:
    """±1 code of each token id in the residual code dims: (+bits, -bits)."""
    ids = np.arange(vocab_size)[:, None]
    bits = ((ids >> np.arange(CODE_BITS)) & 1) * 2.0 - 1.0
    return np.concatenate([bits, -bits], axis=1).astype(np.float32)


def position_table(num_positions: int = MAX_POSITIONS) -> np.ndarray:
    """Sinusoids with periods 3**k: for any offset 0 < |t-j| < 3**8 some frequency is a
    third of a turn off, so pos(t)·pos(j) <= pos(t)·pos(t) - 3."""
    periods = 3.0 ** np.arange(1, NUM_FREQUENCIES + 1)
    angles = np.arange(num_positions)[:, None] * (2 * math.pi / periods)[None, :]
    sin, cos = np.sin(angles), np.cos(angles)
    table = np.zeros((num_positions, D_MODEL), np.float32)
    table[:, POS_SLICE] = np.concatenate([sin, cos, -sin, -cos], axis=1)
    return table


def identity_norm(layer_norm, variance: float) -> None:
    """The stream feeding this LayerNorm has mean 0 and this variance at every position,
    so gamma = its standard deviation turns the normalisation into the identity."""
    layer_norm.gamma = np.full(D_MODEL, math.sqrt(variance + LN_EPSILON), np.float32)
    layer_norm.beta = np.zeros(D_MODEL, np.float32)


def zero_linear(linear, out_dim: int, in_dim: int) -> None:
    linear.weight = np.zeros((out_dim, in_dim), np.float32)
    linear.bias = np.zeros(out_dim, np.float32)


def zero_ffn(ffn, variance: float) -> None:
    identity_norm(ffn.layer_norm, variance)
    zero_linear(ffn.linear_0, FFN_DIM, D_MODEL)
    zero_linear(ffn.linear_1, D_MODEL, FFN_DIM)


def zero_self_attention(attention, variance: float) -> None:
    identity_norm(attention.layer_norm, variance)
    zero_linear(attention.linear[0], 3 * D_MODEL, D_MODEL)  # fused q, k, v
    zero_linear(attention.linear[1], D_MODEL, D_MODEL)  # output


def copy_cross_attention(attention, variance: float) -> None:
    """Head 0: query pos(t) against key pos(j), value = code of source token j."""
    identity_norm(attention.layer_norm, variance)
    head = np.arange(HEAD_DIM)
    pos_dims = np.arange(D_MODEL)[POS_SLICE]
    code_dims = np.arange(D_MODEL)[CODE_SLICE]
    query = np.zeros((D_MODEL, D_MODEL), np.float32)
    query[head, pos_dims] = QK_SCALE
    key_value = np.zeros((2 * D_MODEL, D_MODEL), np.float32)  # keys rows, then values rows
    key_value[head, pos_dims] = QK_SCALE
    key_value[D_MODEL + head, code_dims] = 1.0
    output = np.zeros((D_MODEL, D_MODEL), np.float32)
    output[code_dims, head] = COPY_SCALE
    for linear, weight in zip(attention.linear, (query, key_value, output), strict=True):
        linear.weight = weight
        linear.bias = np.zeros(weight.shape[0], np.float32)


def build_copy_spec(vocabulary: list[str], marker: str) -> ctranslate2.specs.TransformerSpec:
    """The copy Transformer over this vocabulary; `<s>` in the source stands for `marker`."""
    spec = ctranslate2.specs.TransformerSpec.from_config(num_layers=1, num_heads=NUM_HEADS)
    codes = token_codes(len(vocabulary))
    positions = position_table()
    # Variances of the residual stream (mean is 0 by construction, see identity_norm):
    # encoder = code + position; decoder = position, plus the copied code after attention.
    encoder_var = (2 * CODE_BITS + 2 * NUM_FREQUENCIES) / D_MODEL
    decoder_var = 2 * NUM_FREQUENCIES / D_MODEL
    output_var = (2 * NUM_FREQUENCIES + 2 * CODE_BITS * COPY_SCALE**2) / D_MODEL

    encoder = spec.encoder
    source_embeddings = np.zeros((len(vocabulary), D_MODEL), np.float32)
    source_embeddings[:, CODE_SLICE] = codes
    source_embeddings[vocabulary.index("<s>"), CODE_SLICE] = codes[vocabulary.index(marker)]
    encoder.embeddings[0].weight = source_embeddings
    encoder.scale_embeddings = False  # codes are ±1 on purpose, not sqrt(d)-scaled
    encoder.position_encodings.encodings = positions
    for layer in encoder.layer:
        zero_self_attention(layer.self_attention, encoder_var)
        zero_ffn(layer.ffn, encoder_var)
    identity_norm(encoder.layer_norm, encoder_var)

    decoder = spec.decoder
    decoder.embeddings.weight = np.zeros((len(vocabulary), D_MODEL), np.float32)
    decoder.scale_embeddings = False
    decoder.position_encodings.encodings = positions
    for layer in decoder.layer:
        zero_self_attention(layer.self_attention, decoder_var)
        copy_cross_attention(layer.attention, decoder_var)
        zero_ffn(layer.ffn, output_var)
    identity_norm(decoder.layer_norm, output_var)
    output = np.zeros((len(vocabulary), D_MODEL), np.float32)
    output[:, CODE_SLICE] = codes  # logit = code(token) · copied code
    decoder.projection.weight = output
    decoder.projection.bias = np.zeros(len(vocabulary), np.float32)

    spec.config.add_source_bos = True
    spec.config.add_source_eos = True
    spec.config.layer_norm_epsilon = LN_EPSILON
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec


def save_copy_model(vocabulary: list[str], marker: str, model_dir: Path) -> None:
    spec = build_copy_spec(vocabulary, marker)
    spec.validate()
    spec.optimize()  # aliases the many identical zero weights; keeps float32
    model_dir.mkdir(parents=True, exist_ok=True)  # spec.save needs the folder
    spec.save(str(model_dir))


def minisbd_vocab(lang: str) -> dict:
    """A minisbd Vocab state dict: every other character maps to <UNK>."""
    return {
        "lang": lang,
        "idx": 0,
        "cutoff": 0,
        "lower": False,
        "_id2unit": SBD_UNITS,
        "_unit2id": {unit: index for index, unit in enumerate(SBD_UNITS)},
    }


def minisbd_graph(lang: str) -> onnx.GraphProto:
    """Per character: split = is_end(c[i]) * is_gap(c[i+1]); logits = split*w + b, so the
    argmax is class 0 (inside a token) or class 2 (end of sentence)."""
    is_end = [1.0 if unit in SBD_SENTENCE_END else 0.0 for unit in SBD_UNITS]
    is_gap = [1.0 if unit in ("<PAD>", " ") else 0.0 for unit in SBD_UNITS]
    constants = {
        "is_end_table": np.array(is_end, np.float32),
        "is_gap_table": np.array(is_gap, np.float32),
        "one": np.array([1], np.int64),
        "max": np.array([sys.maxsize], np.int64),
        "pad_last": np.array([0, 0, 0, 1], np.int64),  # [begin0, begin1, end0, end1]
        "pad_value": np.array(1.0, np.float32),  # past the text counts as whitespace
        "axis2": np.array([2], np.int64),
        "class_weight": np.array([-1, 0, 1, 0, 0], np.float32),
        "class_bias": np.array([0.5, 0, 0, 0, 0], np.float32),
    }
    nodes = [
        helper.make_node("Gather", ["is_end_table", "units"], ["is_end"]),
        helper.make_node("Gather", ["is_gap_table", "units"], ["is_gap"]),
        helper.make_node("Slice", ["is_gap", "one", "max", "one"], ["gap_after"]),
        helper.make_node("Pad", ["gap_after", "pad_last", "pad_value"], ["next_is_gap"]),
        helper.make_node("Mul", ["is_end", "next_is_gap"], ["split"]),
        helper.make_node("Unsqueeze", ["split", "axis2"], ["split3"]),
        helper.make_node("Mul", ["split3", "class_weight"], ["weighted"]),
        helper.make_node("Add", ["weighted", "class_bias"], ["logits"]),
    ]
    tensor = helper.make_tensor_value_info
    return helper.make_graph(
        nodes,
        f"minisbd_{lang}_split_at_periods",
        inputs=[
            tensor("units", TensorProto.INT64, ["batch", "chars"]),
            # unused, but minisbd always feeds it (shape [batch, chars, 0])
            tensor("features", TensorProto.FLOAT, ["batch", "chars", "feats"]),
        ],
        outputs=[tensor("logits", TensorProto.FLOAT, ["batch", "chars", 5])],
        initializer=[onnx.numpy_helper.from_array(v, k) for k, v in constants.items()],
    )


def build_minisbd(lang: str) -> onnx.ModelProto:
    """A MiniSBD model that ends a sentence at . ! ? followed by whitespace or the end.

    minisbd (argos' default sentence splitter) reads `config`, `vocab` and `lang_code`
    from the model's metadata, feeds `units` (character ids, int64 [batch, chars]) and
    `features` and takes the argmax over 5 classes per character (0 inside a token,
    1 end of token, 2 end of sentence, 3/4 multi-word tokens).
    """
    model = helper.make_model(minisbd_graph(lang), opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7  # readable by any onnxruntime >= 1.6
    config = {"feat_funcs": [], "max_seqlen": 1000, "batch_size": 32}
    props = {"lang_code": lang, "config": config, "vocab": minisbd_vocab(lang)}
    helper.set_model_props(
        model, {k: v if isinstance(v, str) else json.dumps(v) for k, v in props.items()}
    )
    onnx.checker.check_model(model, full_check=True)
    return model


def package_name(from_code: str, to_code: str) -> str:
    return f"translate-{from_code}_{to_code}-{PACKAGE_VERSION.replace('.', '_')}"


def metadata(from_code: str, to_code: str) -> dict:
    """The keys argostranslate.package.IPackage.load_metadata_from_json reads."""
    return {
        "type": "translate",
        "package_version": PACKAGE_VERSION,
        "argos_version": ARGOS_VERSION,
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "links": [],
    }


README = """# Test copy model {from_code} → {to_code}

Built by Warta's scripts/build_test_models.py. Not a translation model: it outputs
`{marker}` followed by the input unchanged ("Hello world." → "{marker} Hello world.").
"""


def write_package_folder(from_code: str, to_code: str, folder: Path) -> None:
    marker = marker_for(to_code)
    markers = sorted({marker_for(code) for code in (*LANGUAGE_NAMES, from_code, to_code)})
    folder.mkdir(parents=True)
    sp_model = train_sentencepiece(corpus_lines(from_code), markers)
    (folder / "sentencepiece.model").write_bytes(sp_model)
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    save_copy_model(vocabulary, marker, folder / "model")
    (folder / "minisbd").mkdir()
    onnx.save(build_minisbd(from_code), str(folder / "minisbd" / f"{from_code}.onnx"))
    info = metadata(from_code, to_code)
    (folder / "metadata.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    readme = README.format(from_code=from_code, to_code=to_code, marker=marker.lstrip("▁"))
    (folder / "README.md").write_text(readme, encoding="utf-8")


def zip_folder(folder: Path, archive: Path) -> None:
    """Zip with the folder as the single top-level entry, fixed timestamps, sorted order,
    so the same inputs give the same bytes."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder.parent).as_posix() + ("/" if path.is_dir() else "")
            entry = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            entry.external_attr = (0o40755 if path.is_dir() else 0o100644) << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(entry, b"" if path.is_dir() else path.read_bytes())


def build_package(from_code: str, to_code: str, outdir: Path | str) -> Path:
    """Build OUTDIR/translate-<from>_<to>-<version>.argosmodel and return its path."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    name = package_name(from_code, to_code)
    archive = outdir / f"{name}.argosmodel"
    with tempfile.TemporaryDirectory(prefix="warta-argosmodel-") as staging:
        folder = Path(staging) / name
        write_package_folder(from_code, to_code, folder)
        partial = Path(staging) / archive.name
        zip_folder(folder, partial)
        shutil.move(partial, archive)  # readers never see a half-written archive
    return archive


def build_all(outdir: Path | str) -> list[Path]:
    """Build the en→id and tr→en packages."""
    return [build_package(from_code, to_code, outdir) for from_code, to_code in PAIRS]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path, help="folder for the .argosmodel files")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    for path in build_all(args.outdir):
        print(f"{path}  ({path.stat().st_size // 1024} KiB)")
    print(f"built in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
