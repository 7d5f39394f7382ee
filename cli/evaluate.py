"""`warta eval`: score the installed models on a FLORES-style test set."""

import time
from pathlib import Path

import typer


def evaluate(source: Path, reference: Path, from_code: str, to_code: str) -> int:
    import sacrebleu

    from core.config import get_settings
    from worker.translate import engine_for

    sources = source.read_text(encoding="utf-8").splitlines()
    references = reference.read_text(encoding="utf-8").splitlines()
    if len(sources) != len(references):
        typer.echo(
            f"{source.name} has {len(sources)} lines but {reference.name} has "
            f"{len(references)}; they must pair up line by line.",
            err=True,
        )
        return 2
    engine = engine_for(get_settings(), from_code, to_code)
    if engine.name == "none":
        typer.echo(engine.description, err=True)
        return 1
    engine.translate(sources[:1])  # load the models before timing
    started = time.perf_counter()
    hypotheses = [h or "" for h in engine.translate(sources)]
    seconds = time.perf_counter() - started
    chrf = sacrebleu.corpus_chrf(hypotheses, [references])
    bleu = sacrebleu.corpus_bleu(hypotheses, [references])
    typer.echo(f"{from_code}→{to_code} via {engine.description}, {len(sources)} sentences")
    typer.echo(f"chrF   {chrf.score:6.2f}")
    typer.echo(f"BLEU   {bleu.score:6.2f}")
    typer.echo(f"speed  {len(sources) / seconds:6.1f} sentences/s")
    return 0
