"""`warta up`: migrations, a local Redis, a worker and the API, stopped together."""

import os
import signal
import subprocess
import time

import typer
from sqlmodel import func, select

from cli import services
from core.config import Settings


def run_embedded(settings: Settings, host: str, port: int) -> int:
    try:
        lock = services.hold_data_dir(settings)
    except services.AlreadyRunning as exc:
        typer.echo(str(exc), err=True)
        return 2
    with lock:
        return _run(settings, host, port)


def _run(settings: Settings, host: str, port: int) -> int:
    from cli.glossary import seed_starter_glossary
    from core.db import migrate

    migrate()
    if seeded := seed_starter_glossary():
        typer.echo(f"First start: loaded the starter news glossary ({seeded} entries).")
    children: list[subprocess.Popen] = []
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        env = dict(os.environ, WARTA_DATA_DIR=str(settings.data_dir))
        if not settings.redis_url:
            redis_process, url = services.start_redis(settings)
            children.append(redis_process)
            services.write_redis_url(settings.redis_url_file, url)
            env["WARTA_REDIS_URL"] = url
        port = port or services.free_port(host)
        children.append(subprocess.Popen(services.worker_command(settings, beat=True), env=env))
        children.append(subprocess.Popen(services.api_command(host, port), env=env))
        first = _first_admin()
        _announce(host, port, first, settings)
        while not stopping:
            for child in children:
                if child.poll() is not None:
                    typer.echo(
                        f"{child.args[2] if len(child.args) > 2 else child.args[0]} "
                        f"exited with {child.returncode}; stopping Warta.",
                        err=True,
                    )
                    return 1
            time.sleep(0.2)
        typer.echo("Stopping Warta…")
        return 0
    finally:
        services.stop(list(reversed(children)))
        if not settings.redis_url:
            settings.redis_url_file.unlink(missing_ok=True)


def _first_admin() -> tuple[str, str] | None:
    """On first start, user 'admin' with a generated password and an API token."""
    from core.db import session_scope
    from core.models import Role, User
    from core.security import create_user, generate_password

    with session_scope() as session:
        if session.exec(select(func.count()).select_from(User)).one():
            return None
        password = generate_password()
        _, token = create_user(session=session, name="admin", role=Role.ADMIN, password=password)
        session.commit()
        return password, token


def _announce(host: str, port: int, first: tuple[str, str] | None, settings: Settings) -> None:
    url = f"http://{host}:{port}"
    typer.echo(f"Warta is running at {url}  (API docs: /docs)")
    typer.echo(f"Data directory: {settings.data_dir}")
    if first:
        password, token = first
        typer.echo("First start: created user 'admin'.")
        typer.echo(f"Sign in at {url} as admin with password {password}")
        typer.echo("  (change it under Account; `warta users password admin` resets it)")
        typer.echo("Its API token (shown once):")
        typer.echo(token)
    else:
        typer.echo(
            "Users exist already; `warta users add NAME --role ROLE --password` adds one, "
            "`warta users password NAME` sets a password."
        )
