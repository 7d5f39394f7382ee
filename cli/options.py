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


def configure(data_dir: Path | None) -> Settings:
    """Pin the data dir in the environment so every child process reads the same one."""
    if data_dir is not None:
        os.environ["WARTA_DATA_DIR"] = str(data_dir.expanduser().resolve())
    get_settings.cache_clear()
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return settings
