"""`warta up`: migrations, a local Redis, a worker and the API, stopped together."""

import signal
import subprocess
import time

import typer
from sqlmodel import func, select

from cli import services
from cli.options import public_url_warning
from core.config import WILDCARD_HOSTS, Settings, url_host


def run_embedded(settings: Settings) -> int:
    """Run everything; the API listens on settings.host and settings.port (a real port:
    cli.options.pin_listen_address picked it), which every child learns."""
    try:
        lock = services.hold_data_dir(settings)
    except services.AlreadyRunning as exc:
        typer.echo(str(exc), err=True)
        return 2
    with lock:
        return _run(settings)


def _run(settings: Settings) -> int:
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
        redis_url = None
        if not settings.redis_url:
            redis_process, redis_url = services.start_redis(settings)
            children.append(redis_process)
            services.write_redis_url(settings.redis_url_file, redis_url)
        env = services.child_env(settings, settings.host, settings.port, redis_url)
        children.append(subprocess.Popen(services.worker_command(settings, beat=True), env=env))
        children.append(
            subprocess.Popen(services.api_command(settings.host, settings.port), env=env)
        )
        first = _first_admin()
        _announce(first, settings)
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


def _announce(first: tuple[str, str] | None, settings: Settings) -> None:
    # On a wildcard bind this machine reaches the API on loopback.
    wildcard = settings.host.strip() in WILDCARD_HOSTS
    url = f"http://{'127.0.0.1' if wildcard else url_host(settings.host)}:{settings.port}"
    typer.echo(f"Warta is running at {url}  (API docs: /docs)")
    typer.echo(f"Data directory: {settings.data_dir}")
    typer.echo(f"Partners' links (feeds, items, webhooks) start with {settings.public_base_url()}")
    if warning := public_url_warning(settings):
        typer.echo(warning, err=True)
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
