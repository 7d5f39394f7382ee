"""`warta models` and `warta eval` as an operator uses them, offline."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cli.services import free_port

WARTA = str(Path(sys.executable).parent / "warta")


def warta(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([WARTA, *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    import os

    base = {k: v for k, v in os.environ.items() if not k.startswith(("WARTA_", "ARGOS_"))}
    return {
        **base,
        "WARTA_DATA_DIR": str(tmp_path / "data"),
        # The index lives on a port nothing listens on: offline, answered at once.
        "ARGOS_PACKAGE_INDEX": f"http://127.0.0.1:{free_port()}/",
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"),
    }


def test_install_list_eval_remove(
    env: dict[str, str], argos_packages: dict[str, Path], tmp_path: Path
) -> None:
    assert "No models installed" in warta(env, "models", "list").stdout
    for pair in ("en-id", "tr-en"):
        assert warta(env, "models", "install", "--file", str(argos_packages[pair])).returncode == 0
    listed = warta(env, "models", "list").stdout
    assert "en→id" in listed and "tr→en" in listed and "0.1" in listed

    source = tmp_path / "flores.tr"
    source.write_text("Bakan Ankara'da konuştu.\nÇatışmalar 3,5 saat sürdü.\n")
    reference = tmp_path / "flores.id"
    reference.write_text("[id] [en] Bakan Ankara'da konuştu.\n[id] [en] Çatışmalar 3,5 saat.\n")
    scored = warta(env, "eval", str(source), str(reference), "--from", "tr")
    assert scored.returncode == 0, scored.stderr
    assert "tr → en → id" in scored.stdout
    chrf = float(scored.stdout.split("chrF")[1].split()[0])
    assert 70 < chrf < 100  # one sentence differs from its reference

    removed = warta(env, "models", "remove", "en", "id")
    assert removed.returncode == 0 and "Removed en→id" in removed.stdout
    assert "en→id" not in warta(env, "models", "list").stdout
    missing = warta(env, "eval", str(source), str(reference), "--from", "tr")
    assert missing.returncode == 1 and "No machine translation model" in missing.stderr


def test_install_errors_are_clear(env: dict[str, str], tmp_path: Path) -> None:
    offline = warta(env, "models", "install", "tr", "id")
    assert offline.returncode == 1
    assert "cannot be reached" in offline.stderr and "--file" in offline.stderr
    bogus = tmp_path / "bogus.argosmodel"
    bogus.write_text("not a zip")
    assert "not an .argosmodel" in warta(env, "models", "install", "--file", str(bogus)).stderr
    flat = tmp_path / "flat.argosmodel"
    with zipfile.ZipFile(flat, "w") as archive:
        archive.writestr("metadata.json", "{}")
    assert "one folder" in warta(env, "models", "install", "--file", str(flat)).stderr
    absent = warta(env, "models", "remove", "de", "id")
    assert absent.returncode == 1 and "No de→id package" in absent.stderr
