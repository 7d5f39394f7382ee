"""`warta`: run the product, manage users, submit and watch articles."""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from cli import services
from cli.glossary import app as glossary_app
from cli.glossary import seed_starter_glossary
from cli.models import app as models_app
from cli.options import (
    DataDir,
    Host,
    Port,
    configure,
    pin_listen_address,
    public_url_warning,
)
from cli.partners import app as partners_app

app = typer.Typer(help="Warta newsroom translation desk.", no_args_is_help=True)
users_app = typer.Typer(help="Manage users and their API tokens.", no_args_is_help=True)
app.add_typer(users_app, name="users")
app.add_typer(models_app, name="models")
app.add_typer(glossary_app, name="glossary")
app.add_typer(partners_app, name="partners")


@app.command()
def migrate(data_dir: DataDir = None) -> None:
    """Create or upgrade the database schema."""
    from core.db import migrate as run_migrations

    settings = configure(data_dir)
    run_migrations()
    typer.echo(f"Database at the newest schema: {_safe_url(settings.resolved_database_url())}")
    if seeded := seed_starter_glossary():
        typer.echo(f"Loaded the starter news glossary ({seeded} entries).")


@app.command()
def api(data_dir: DataDir = None, host: Host = None, port: Port = None) -> None:
    """Run the API server (the schema must be migrated)."""
    configure(data_dir)
    # Pinned in the environment the server inherits: its links use this address.
    settings = pin_listen_address(host, port)
    if warning := public_url_warning(settings):
        typer.echo(warning, err=True)
    _exec(services.api_command(settings.host, settings.port))


@app.command()
def worker(
    data_dir: DataDir = None,
    queues: Annotated[
        str, typer.Option(help="Comma-separated queues")
    ] = "fetch,pipeline,translate,webhooks",
    concurrency: int | None = None,
    beat: Annotated[bool, typer.Option(help="Also run the periodic reconciler")] = False,
) -> None:
    """Run a Celery worker process."""
    settings = configure(data_dir)
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    _exec(services.worker_command(settings, tuple(queues.split(",")), concurrency, beat))


@app.command()
def beat(data_dir: DataDir = None) -> None:
    """Run the scheduler that triggers the reconciler (one per deployment)."""
    settings = configure(data_dir)
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    _exec(services.beat_command(settings))


@app.command()
def up(data_dir: DataDir = None, host: Host = None, port: Port = None) -> None:
    """Run everything on this machine: database, Redis, worker and API."""
    from cli.up import run_embedded

    configure(data_dir)
    raise typer.Exit(run_embedded(pin_listen_address(host, port)))


@users_app.command("add")
def users_add(
    name: str,
    role: Annotated[str, typer.Option(help="editor, translator or admin")],
    data_dir: DataDir = None,
    password: Annotated[bool, typer.Option(help="Prompt for a web UI password")] = False,
) -> None:
    """Create a user; prints the new API token on the last line."""
    from core.db import session_scope
    from core.models import Role
    from core.security import WeakPassword
    from core.users import UserProblem, add_user

    configure(data_dir)
    try:
        role_value = Role(role)
    except ValueError:
        raise typer.BadParameter("role must be editor, translator or admin") from None
    secret = (
        typer.prompt("Password", hide_input=True, confirmation_prompt=True) if password else None
    )
    with session_scope() as session:
        try:
            _, token = add_user(session=session, name=name, role=role_value, password=secret)
        except (UserProblem, WeakPassword) as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        session.commit()
    typer.echo(f"Created {role_value.value} '{name}'. API token (shown once):")
    typer.echo(token)


@users_app.command("password")
def users_password(
    name: str,
    data_dir: DataDir = None,
    generate: Annotated[
        bool, typer.Option(help="Make up a password and print it (shown once)")
    ] = False,
) -> None:
    """Set a user's web UI password: prompted, read from stdin when piped, or generated."""
    from core.db import session_scope
    from core.security import MIN_PASSWORD_LENGTH, generate_password
    from core.users import find_user, reset_password

    configure(data_dir)
    if generate:
        secret = generate_password()
    elif sys.stdin.isatty():
        secret = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    if len(secret) < MIN_PASSWORD_LENGTH:
        typer.echo(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.", err=True)
        raise typer.Exit(1)
    with session_scope() as session:
        user = find_user(session, name)
        if user is None:
            typer.echo(f"There is no user named '{name}'.", err=True)
            raise typer.Exit(1)
        reset_password(session=session, user=user, password=secret, by=None)
        session.commit()
    typer.echo(f"Password of '{name}' set; their other browser sessions have ended.")
    if generate:
        typer.echo(secret)


@app.command()
def submit(
    url: str,
    data_dir: DataDir = None,
    wait: Annotated[bool, typer.Option(help="Follow the article until review or failure")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait at most")] = 600,
) -> None:
    """Submit a source article URL; prints its id on the last line."""
    from cli.watch import submit_and_watch

    configure(data_dir)
    raise typer.Exit(submit_and_watch(url, wait=wait, timeout=timeout))


@app.command("eval")
def evaluate(
    source: Annotated[Path, typer.Argument(help="Source sentences, one a line")],
    reference: Annotated[Path, typer.Argument(help="Reference translations, one a line")],
    from_code: Annotated[str, typer.Option("--from", help="Source language")] = "en",
    to_code: Annotated[str, typer.Option("--to", help="Target language")] = "id",
    data_dir: DataDir = None,
) -> None:
    """Translate a test set with the installed models; print chrF, BLEU, sentences/s."""
    from cli.evaluate import evaluate as run_evaluation

    configure(data_dir)
    raise typer.Exit(run_evaluation(source, reference, from_code, to_code))


@app.command()
def status(article_id: int, data_dir: DataDir = None) -> None:
    """Show an article's state, failure, metadata and stage timings."""
    from cli.watch import describe

    configure(data_dir)
    raise typer.Exit(describe(article_id))


def _exec(command: list[str]) -> None:
    # Replace this process so signals reach the server directly.
    sys.stdout.flush()
    os.execv(command[0], command)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


if __name__ == "__main__":
    app()
