"""What the feed tests share: the W3C Feed Validator, running a reader on a feed, reading back."""

import json
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from core.db import get_engine
from core.models import Publication

ROOT = Path(__file__).resolve().parents[2]
FEEDS = {"rss": "/feeds/rss.xml", "atom": "/feeds/atom.xml"}
VALIDATOR = "conformance/validate-feed"
TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}

# Warnings that stay, each with why it is not ours to fix. The validator prints
# messages, not class names: the class is named in the comment.
NOT_OURS = {
    # UnknownNamespace: warta:version is our own extension element, which RSS 2.0
    # ("Extending RSS") and Atom (RFC 4287 §6) allow; the validator warns about every
    # namespace outside its built-in list, and readers show the version from it.
    "Use of unknown namespace: urn:warta:syndication:1",
    # UnknownNamespace: RFC 6721 (Atom tombstones, at:deleted-entry) is a standards-track
    # RFC the validator predates; it is declared only in an Atom feed that has one.
    "Use of unknown namespace: http://purl.org/atompub/tombstones/1.0",
}


def validator() -> Path:
    """shared/ sits beside the checkout (a developer's, CI's) or inside it."""
    for shared in (ROOT.parent / "shared", ROOT / "shared"):
        if (shared / VALIDATOR).is_file():
            return shared / VALIDATOR
    raise AssertionError(f"The W3C Feed Validator is not in shared/{VALIDATOR} beside {ROOT}")


def validate(document: bytes, url: str, content_type: str, tmp_path: Path) -> list[str]:
    """The validator's messages (without line and column) for `document` served at `url`;
    fails unless it says VALID."""
    path = tmp_path / "feed.xml"
    path.write_bytes(document)
    # The vendored validator needs lxml, html5lib and rdflib: this Python has them.
    done = subprocess.run(
        [sys.executable, str(validator()), str(path), url, content_type],
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = done.stdout.strip().splitlines()
    assert done.returncode == 0 and lines and lines[-1] == "VALID", done.stdout + done.stderr
    return [line.split(": ", 1)[-1] for line in lines[:-1]]


def run_reader(command: list[str], document: bytes, tmp_path: Path) -> dict:
    """The JSON a reader's script prints for `document`, saved as the file it reads."""
    path = tmp_path / "feed.xml"
    path.write_bytes(document)
    done = subprocess.run([*command, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def stored(conformance, public_id: str) -> Publication:
    with Session(get_engine(conformance.deployment.database_url)) as session:
        return session.exec(select(Publication).where(Publication.public_id == public_id)).one()


def same_second(read: str, exact: str) -> bool:
    """A date as a reader gives it back: RSS dates are whole seconds, and readers round
    or truncate Atom's fraction, so within a second of the exact one."""
    parsed, exact_ = (datetime.fromisoformat(v.replace("Z", "+00:00")) for v in (read, exact))
    return abs(parsed - exact_) < timedelta(seconds=1)
