"""The Argos engine: installed packages run directly on CTranslate2.

A whole article goes through one `translate_batch` per hop (tr→en→id is two
hops), tokenised with each package's own SentencePiece model. Argos' own
sentence splitting is not used: Warta already has segments. Models load
lazily, once per worker process (CTranslate2 is not fork-safe), and stay.
"""

import logging
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

from core.config import Settings
from worker.mt.packages import InstalledPackage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hypothesis:
    text: str
    score: float


@dataclass
class LoadedModel:
    package: InstalledPackage
    translator: object  # ctranslate2.Translator
    tokenizer: object  # sentencepiece.SentencePieceProcessor


# (pid, package path, version, model file mtime) → model; a forked child or a
# reinstalled package gets its own load.
_models: dict[tuple[int, Path, str, float], LoadedModel] = {}
load_count = 0  # for tests and logs: loads in this process


def load(package: InstalledPackage, settings: Settings) -> LoadedModel:
    global load_count
    model_dir = package.path / "model"
    key = (os.getpid(), package.path, package.version, (model_dir / "model.bin").stat().st_mtime)
    if key in _models:
        return _models[key]
    import ctranslate2
    import sentencepiece

    started = time.perf_counter()
    translator = ctranslate2.Translator(
        str(model_dir),
        device=settings.mt_device,
        compute_type=settings.mt_compute_type,
        inter_threads=1,
        intra_threads=settings.mt_intra_threads,
    )
    tokenizer = sentencepiece.SentencePieceProcessor(
        model_file=str(package.path / "sentencepiece.model")
    )
    _models[key] = LoadedModel(package, translator, tokenizer)
    load_count += 1
    log.info(
        "mt: loaded %s v%s in %.0f ms (pid %s)",
        package.pair,
        package.version,
        (time.perf_counter() - started) * 1000,
        os.getpid(),
    )
    return _models[key]


def route(packages: list[InstalledPackage], source: str, target: str) -> list[InstalledPackage]:
    """A direct package, else a pivot through one language (English first); [] if none."""
    by_pair = {(p.from_code, p.to_code): p for p in packages}
    if (source, target) in by_pair:
        return [by_pair[source, target]]
    pivots = sorted(
        {p.to_code for p in packages if p.from_code == source},
        key=lambda code: (code != "en", code),
    )
    for pivot in pivots:
        if (pivot, target) in by_pair:
            return [by_pair[source, pivot], by_pair[pivot, target]]
    return []


class ArgosEngine:
    name = "argos"

    def __init__(self, hops: list[InstalledPackage], settings: Settings) -> None:
        self.hops = hops
        self.settings = settings

    @property
    def description(self) -> str:
        return " → ".join([self.hops[0].from_code] + [hop.to_code for hop in self.hops])

    def translate(self, sources: list[str]) -> list[str | None]:
        return [hyps[0].text for hyps in self.hypotheses(sources)]

    def hypotheses(
        self, sources: list[str], n: int = 1, prefixes: list[str] | None = None
    ) -> list[list[Hypothesis]]:
        """n-best translations per source; `prefixes` force the start of the final target."""
        texts = list(sources)
        for hop in self.hops[:-1]:
            texts = [hyps[0].text for hyps in self._run(hop, texts, 1, None)]
        return self._run(self.hops[-1], texts, n, prefixes)

    def _run(
        self, package: InstalledPackage, texts: list[str], n: int, prefixes: list[str] | None
    ) -> list[list[Hypothesis]]:
        if not texts:
            return []
        model = load(package, self.settings)
        # SentencePiece encodes a list in one native call.
        tokens = model.tokenizer.encode(texts, out_type=str)
        fixed = [package.target_prefix] if package.target_prefix else []
        starts = model.tokenizer.encode(prefixes, out_type=str) if prefixes else [[]] * len(texts)
        forced = [fixed + start for start in starts]
        longest = max(len(t) for t in tokens) + max(len(f) for f in forced)
        options = {
            "beam_size": max(n, self.settings.mt_beam_size),
            "num_hypotheses": n,
            "max_batch_size": self.settings.mt_batch_size,
            "max_decoding_length": math.ceil(self.settings.mt_max_length_ratio * longest) + 8,
            "return_scores": True,
        }
        results = model.translator.translate_batch(
            tokens, target_prefix=forced if any(forced) else None, **options
        )
        results = self._replace_unknowns(model, tokens, forced, results, options)
        return [
            [
                Hypothesis(_detokenize(model, pieces, len(fixed)), score)
                for pieces, score in zip(result.hypotheses, result.scores, strict=True)
            ]
            for result in results
        ]

    @staticmethod
    def _replace_unknowns(model, tokens, forced, results, options) -> list:
        """Redo the rare outputs with <unk> copying the source token instead.

        `replace_unknowns` needs attention and made the whole batch ~30% slower
        (bench/mt.py); asking for it only where an <unk> came out costs nothing
        on the usual article.
        """
        redo = [i for i, r in enumerate(results) if any(UNK in h for h in r.hypotheses)]
        if not redo:
            return results
        again = model.translator.translate_batch(
            [tokens[i] for i in redo],
            target_prefix=[forced[i] for i in redo] if any(forced) else None,
            replace_unknowns=True,
            **options,
        )
        results = list(results)
        for i, result in zip(redo, again, strict=True):
            results[i] = result
        return results


UNK = "<unk>"


def _detokenize(model: LoadedModel, pieces: list[str], skip: int) -> str:
    text = model.tokenizer.decode_pieces(pieces[skip:])
    return " ".join(text.replace("\u2581", " ").split())
