"""What every `warta` command shares: the data-dir option and the configuration."""

import os
from pathlib import Path
from typing import Annotated

import typer

from core.config import Settings, get_settings

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="WARTA_DATA_DIR",
        help="Embedded data directory (SQLite file, Redis data, models). Default ./.warta",
    ),
]
# Where the API listens. Both reach every process `warta up` starts, and links
# for partners are built from them unless WARTA_PUBLIC_URL is set.
Host = Annotated[
    str | None,
    typer.Option(help="Address the API listens on (WARTA_HOST, default 127.0.0.1)"),
]
Port = Annotated[
    int | None,
    typer.Option(
        min=0,
        max=65535,
        help="Port the API listens on; 0 picks a free one (WARTA_PORT, default 8000)",
    ),
]


def configure(data_dir: Path | None) -> Settings:
    """Pin the data dir in the environment so every child process reads the same one."""
    if data_dir is not None:
        os.environ["WARTA_DATA_DIR"] = str(data_dir.expanduser().resolve())
    get_settings.cache_clear()
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return settings


def pin_listen_address(host: str | None, port: int | None) -> Settings:
    """Where the API listens: --host/--port, else WARTA_HOST/WARTA_PORT.

    Port 0 picks a free port here, before any server starts, so that the port
    pinned in the environment (for this process, an exec'd server and every
    child) is the one the API binds: links partners get are built from it.
    """
    from cli.services import free_port

    settings = get_settings()
    host = host or settings.host
    port = settings.port if port is None else port
    if port == 0:
        port = free_port(host)
    os.environ["WARTA_HOST"] = host
    os.environ["WARTA_PORT"] = str(port)
    get_settings.cache_clear()
    return get_settings()


def public_url_warning(settings: Settings) -> str | None:
    """A sentence for the operator when partners' links would name a guessed host."""
    if not settings.public_url_guessed():
        return None
    return (
        f"Warning: listening on every interface ({settings.host}) and WARTA_PUBLIC_URL is "
        f"unset, so links in feeds, items and webhooks start with "
        f"{settings.public_base_url()} (this machine's host name). Set WARTA_PUBLIC_URL "
        "to the address partners reach Warta at."
    )
