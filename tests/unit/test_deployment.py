"""The scale-out compose file and the settings it relies on."""

import re
import subprocess
from pathlib import Path

import pytest
from pydantic import ValidationError

from core.config import Settings

ROOT = Path(__file__).parents[2]


def compose(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_file_is_valid() -> None:
    result = compose("config", "-q")
    assert result.returncode == 0, result.stderr


def test_compose_runs_every_role_of_the_platform() -> None:
    services = set(compose("config", "--services").stdout.split())
    assert services == {"db", "redis", "migrate", "api", "worker", "translator", "beat"}
    config = compose("config").stdout
    # MT runs on its own queue, in its own service.
    assert re.search(r"- --queues\s+- translate\s", config)
    # Webhook deliveries to partners are consumed by the scalable worker.
    assert re.search(r"- --queues\s+- fetch,pipeline,webhooks\s", config)
    assert re.search(r"- warta\s+- migrate\s", config)
    assert config.count("healthcheck:") >= 5


def test_settings_refuse_retries_longer_than_the_visibility_timeout() -> None:
    with pytest.raises(ValidationError, match="VISIBILITY_TIMEOUT"):
        Settings(visibility_timeout=60, retry_backoff_max=120)
    with pytest.raises(ValidationError, match="WEBHOOK_BACKOFF_MAX"):
        Settings(visibility_timeout=60, retry_backoff_max=30, webhook_backoff_max=60)
    # Unset, webhook retries share the pipeline's cap, which already fits.
    assert Settings(visibility_timeout=3, retry_backoff_max=2).webhook_backoff_cap() == 2


def test_embedded_defaults_live_in_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("WARTA_DATABASE_URL", "WARTA_REDIS_URL"):
        monkeypatch.delenv(key, raising=False)  # integration fixtures may have set them
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'warta.db'}"
    with pytest.raises(RuntimeError, match="warta up"):
        settings.resolved_redis_url()
    settings.run_dir.mkdir()
    settings.redis_url_file.write_text("redis://127.0.0.1:7777/0\n")
    assert settings.resolved_redis_url() == "redis://127.0.0.1:7777/0"


def test_the_embedded_worker_consumes_every_queue(tmp_path: Path) -> None:
    from cli.services import worker_command
    from core.queue import QUEUES, ROUTES, WEBHOOK_DELIVER, WEBHOOKS_QUEUE

    command = worker_command(Settings(data_dir=tmp_path))
    assert command[command.index("--queues") + 1].split(",") == list(QUEUES)
    assert set(ROUTES.values()) <= set(QUEUES)
    assert ROUTES[WEBHOOK_DELIVER] == WEBHOOKS_QUEUE
