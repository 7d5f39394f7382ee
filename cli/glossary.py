"""`warta glossary`: import and export the glossary; the starter glossary."""

from pathlib import Path
from typing import Annotated, Literal

import typer

from cli.options import DataDir, configure

app = typer.Typer(help="Import and export the terminology glossary.", no_args_is_help=True)


@app.command("import")
def import_csv(
    file: Annotated[Path, typer.Argument(help="CSV: tr,en,id,type,case_sensitive,note")],
    replace: Annotated[bool, typer.Option(help="Replace the whole glossary")] = False,
    data_dir: DataDir = None,
) -> None:
    """Import a CSV file: every row valid, or nothing imported."""
    from core.db import session_scope
    from core.glossary_store import replace_all
    from glossary.io import GlossaryImportError, decode_csv, read_csv

    configure(data_dir)
    try:
        entries = read_csv(decode_csv(file.read_bytes()))
    except OSError as exc:
        typer.echo(f"Cannot read {file}: {exc}", err=True)
        raise typer.Exit(1) from None
    except GlossaryImportError as exc:
        typer.echo(f"Nothing was imported from {file.name}:\n{exc}", err=True)
        raise typer.Exit(1) from None
    with session_scope() as session:
        count = replace_all(session, entries, replace=replace)
        session.commit()
    typer.echo(f"Imported {count} entries{' (glossary replaced)' if replace else ''}.")


@app.command()
def export(
    format: Annotated[Literal["csv", "tbx"], typer.Option(help="csv or tbx")] = "csv",
    output: Annotated[Path | None, typer.Option(help="File to write; default stdout")] = None,
    data_dir: DataDir = None,
) -> None:
    """Export the glossary as CSV or TBX-Basic."""
    from core.db import session_scope
    from core.glossary_store import all_entries
    from glossary.io import write_csv
    from glossary.tbx import write_tbx

    configure(data_dir)
    with session_scope() as session:
        entries = all_entries(session)
    if format == "tbx" and not entries:
        typer.echo("The glossary is empty; a TBX file needs at least one entry.", err=True)
        raise typer.Exit(1)
    text = write_tbx(entries) if format == "tbx" else write_csv(entries)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"Wrote {len(entries)} entries to {output}.", err=True)


def seed_starter_glossary() -> int:
    """Load the starter news glossary into an empty glossary (first start)."""
    from sqlmodel import func, select

    from core.db import session_scope
    from core.glossary_store import replace_all
    from core.models import GlossaryEntry
    from glossary.io import read_starter

    with session_scope() as session:
        if session.exec(select(func.count()).select_from(GlossaryEntry)).one():
            return 0
        count = replace_all(session, read_starter(), replace=False)
        session.commit()
        return count
