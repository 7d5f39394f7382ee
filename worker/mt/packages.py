"""Installed Argos packages: where they live, listing, installing, removing.

argostranslate reads its settings (ARGOS_PACKAGES_DIR, device, threads) once,
at import, so `argos()` sets them from Warta's settings first and, should the
module already be loaded, points it at Warta's directory again.
"""

import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import httpx

from core.config import Settings


class ModelError(Exception):
    """A model operation failed for a reason the operator can act on."""


@dataclass(frozen=True)
class InstalledPackage:
    from_code: str
    to_code: str
    version: str
    path: Path
    target_prefix: str
    size_bytes: int

    @property
    def pair(self) -> str:
        return f"{self.from_code}→{self.to_code}"


def argos(settings: Settings) -> ModuleType:
    """argostranslate.package, configured for `settings` (env first, import after)."""
    directory = settings.packages_dir
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["ARGOS_PACKAGES_DIR"] = str(directory)
    os.environ["ARGOS_DEVICE_TYPE"] = settings.mt_device
    os.environ["ARGOS_INTRA_THREADS"] = str(settings.mt_intra_threads)
    os.environ.setdefault("ARGOS_CHUNK_TYPE", "MINISBD")  # never Stanza: it downloads
    import argostranslate.package
    import argostranslate.settings

    argostranslate.settings.package_data_dir = directory
    argostranslate.settings.package_dirs = [directory]
    return argostranslate.package


def installed(settings: Settings) -> list[InstalledPackage]:
    packages = argos(settings).get_installed_packages([settings.packages_dir])
    return sorted(
        (
            InstalledPackage(
                from_code=p.from_code,
                to_code=p.to_code,
                version=p.package_version,
                path=Path(p.package_path),
                target_prefix=p.target_prefix or "",
                size_bytes=_size(Path(p.package_path)),
            )
            for p in packages
            if p.type == "translate"
        ),
        key=lambda p: (p.from_code, p.to_code),
    )


def install_file(settings: Settings, path: Path) -> InstalledPackage:
    """Install a .argosmodel file through argostranslate's own install path."""
    if not path.is_file():
        raise ModelError(f"No such file: {path}")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path.name} is not an .argosmodel (zip) file.")
    with zipfile.ZipFile(path) as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
        if len(tops) != 1 or f"{next(iter(tops))}/metadata.json" not in archive.namelist():
            raise ModelError(f"{path.name} must hold one folder with a metadata.json.")
    argos(settings).install_from_path(path)
    target = settings.packages_dir / next(iter(tops))
    for package in installed(settings):
        if package.path == target:
            return package
    raise ModelError(f"{path.name} installed, but argostranslate does not list it.")


def install_from_index(settings: Settings, from_code: str, to_code: str) -> InstalledPackage:
    """Download and install a pair from the Argos package index (needs the internet).

    argostranslate's own downloader retries forever when offline; this one
    gives up after one timeout with a sentence the operator can act on.
    """
    argos(settings)
    index_url = _argos_settings().remote_package_index
    try:
        index = json.loads(_download(index_url))
    except (httpx.HTTPError, ValueError) as exc:
        raise ModelError(
            f"The Argos package index cannot be reached ({exc}). Offline, install a "
            "file instead: warta models install --file PATH.argosmodel"
        ) from exc
    entries = [m for m in index if (m.get("from_code"), m.get("to_code")) == (from_code, to_code)]
    if not entries:
        pairs = ", ".join(sorted({f"{m.get('from_code')}→{m.get('to_code')}" for m in index}))
        raise ModelError(f"The index has no {from_code}→{to_code} package. It has: {pairs}")
    target = settings.data_dir / "downloads" / f"translate-{from_code}_{to_code}.argosmodel"
    target.parent.mkdir(parents=True, exist_ok=True)
    errors = []
    for link in entries[0].get("links", []):
        try:
            target.write_bytes(_download(link, timeout=600))
            break
        except httpx.HTTPError as exc:
            errors.append(f"{link}: {exc}")
    else:
        raise ModelError(f"Downloading {from_code}→{to_code} failed: {'; '.join(errors)}")
    try:
        return install_file(settings, target)
    finally:
        target.unlink(missing_ok=True)


def _argos_settings() -> ModuleType:
    import argostranslate.settings

    return argostranslate.settings


def _download(url: str, timeout: float = 20) -> bytes:
    response = httpx.get(url, timeout=timeout, follow_redirects=True)
    response.raise_for_status()
    return response.content


def remove(settings: Settings, from_code: str, to_code: str) -> list[InstalledPackage]:
    gone = [p for p in installed(settings) if (p.from_code, p.to_code) == (from_code, to_code)]
    if not gone:
        raise ModelError(f"No {from_code}→{to_code} package is installed.")
    for package in gone:
        shutil.rmtree(package.path)
    return gone


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
