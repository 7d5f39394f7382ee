"""Where links for partners point: WARTA_PUBLIC_URL, else the API's host and port,
which `warta up` and `warta api` hand to every process they start (issue 11)."""

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.options import pin_listen_address, public_url_warning
from cli.services import child_env
from core.config import Settings, get_settings

LISTEN_VARS = ("WARTA_PUBLIC_URL", "WARTA_HOST", "WARTA_PORT")


@pytest.fixture(autouse=True)
def clean_listen_env() -> Iterator[None]:
    # pin_listen_address writes os.environ itself, as the CLI does: put it back after.
    saved = {name: os.environ.pop(name, None) for name in LISTEN_VARS}
    get_settings.cache_clear()
    yield
    for name, value in saved.items():
        os.environ.pop(name, None)
        if value is not None:
            os.environ[name] = value
    get_settings.cache_clear()


def test_host_and_port_make_the_base_url() -> None:
    assert Settings().public_base_url() == "http://127.0.0.1:8000"
    assert Settings(host="news.local", port=8123).public_base_url() == "http://news.local:8123"
    assert Settings(host="::1", port=8123).public_base_url() == "http://[::1]:8123"


def test_host_and_port_from_the_environment_reach_the_base_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WARTA_HOST", "10.1.2.3")
    monkeypatch.setenv("WARTA_PORT", "8765")
    assert Settings().public_base_url() == "http://10.1.2.3:8765"


def test_the_public_url_wins_over_host_and_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARTA_HOST", "10.1.2.3")
    monkeypatch.setenv("WARTA_PORT", "8765")
    monkeypatch.setenv("WARTA_PUBLIC_URL", "https://warta.example.org/desk/")
    settings = Settings()
    assert settings.public_base_url() == "https://warta.example.org/desk"
    assert not settings.public_url_guessed()
    assert public_url_warning(settings) is None
    # Set behind a proxy, a wildcard bind is fine too.
    assert not Settings(host="0.0.0.0").public_url_guessed()


@pytest.mark.parametrize("wildcard", ["0.0.0.0", "::"])
def test_a_wildcard_bind_names_this_machine_and_warns(wildcard: str) -> None:
    settings = Settings(host=wildcard, port=8200)
    name = socket.gethostname().lower()
    assert settings.public_base_url() == f"http://{name}:8200"
    assert settings.public_url_guessed()
    warning = public_url_warning(settings)
    assert warning and "WARTA_PUBLIC_URL" in warning and f"http://{name}:8200" in warning
    assert public_url_warning(Settings(host="127.0.0.1")) is None


def test_the_child_env_carries_host_port_data_dir_and_redis(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    # A stale port in the parent's environment must not reach the children.
    parent = {"PATH": "/usr/bin", "WARTA_PORT": "8000", "WARTA_HOST": "127.0.0.1"}
    env = child_env(settings, "127.0.0.1", 41234, "redis://127.0.0.1:6390/0", base=parent)
    assert env["WARTA_HOST"] == "127.0.0.1" and env["WARTA_PORT"] == "41234"
    assert env["WARTA_DATA_DIR"] == str(tmp_path.resolve())
    assert env["WARTA_REDIS_URL"] == "redis://127.0.0.1:6390/0"
    assert env["PATH"] == "/usr/bin"
    assert "WARTA_REDIS_URL" not in child_env(settings, "127.0.0.1", 41234, base=parent)


def test_a_child_builds_links_with_the_port_it_was_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = child_env(Settings(data_dir=tmp_path), "127.0.0.1", 41234, base={})
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert Settings().public_base_url() == "http://127.0.0.1:41234"
    # …unless the operator's WARTA_PUBLIC_URL, inherited, names a proxy.
    env = child_env(
        Settings(data_dir=tmp_path),
        "127.0.0.1",
        41234,
        base={"WARTA_PUBLIC_URL": "https://warta.example.org"},
    )
    monkeypatch.setenv("WARTA_PUBLIC_URL", env["WARTA_PUBLIC_URL"])
    assert Settings().public_base_url() == "https://warta.example.org"


def test_the_child_env_refuses_an_unchosen_port(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="port"):
        child_env(Settings(data_dir=tmp_path), "127.0.0.1", 0, base={})


def test_port_zero_is_chosen_once_and_pinned_for_every_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WARTA_PORT", "0")
    settings = pin_listen_address(None, None)
    assert settings.port not in (0, 8000)
    assert os.environ["WARTA_PORT"] == str(settings.port)
    assert os.environ["WARTA_HOST"] == "127.0.0.1"
    assert get_settings().public_base_url() == f"http://127.0.0.1:{settings.port}"
    # Options win over the environment.
    settings = pin_listen_address("127.0.0.2", 8123)
    assert (os.environ["WARTA_HOST"], os.environ["WARTA_PORT"]) == ("127.0.0.2", "8123")
    assert get_settings().public_base_url() == "http://127.0.0.2:8123"
