"""What the feed-reader tests share: running a reader on a served feed, and reading back."""

import json
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from core.db import get_engine
from core.models import Publication

FEEDS = {"rss": "/feeds/rss.xml", "atom": "/feeds/atom.xml"}


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
