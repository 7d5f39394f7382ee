"""Helpers for the desk's browser tests: reading the database the browser wrote to."""

import time
from collections.abc import Callable

from sqlmodel import Session, select

from core.db import get_engine
from core.models import Article, Finding, Role, Segment
from tests.support import Stack
from tests.web.conftest import WebUser, add_web_user


def segments_of(desk: Stack, article_id: int) -> list[Segment]:
    with Session(get_engine(desk.database_url)) as session:
        return list(
            session.exec(
                select(Segment)
                .where(Segment.article_id == article_id)
                .order_by(Segment.paragraph_id, Segment.index)
            ).all()
        )


def article_of(desk: Stack, article_id: int) -> Article:
    with Session(get_engine(desk.database_url)) as session:
        return session.get(Article, article_id)


def open_findings(desk: Stack, article_id: int) -> list[Finding]:
    with Session(get_engine(desk.database_url)) as session:
        return list(
            session.exec(
                select(Finding).where(
                    Finding.article_id == article_id, Finding.dismissed_at.is_(None)
                )
            ).all()
        )


def wait_until(condition: Callable[[], object], timeout: float = 20) -> None:
    """Poll a condition the browser cannot see (the worker's glossary re-check)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def person(desk: Stack, role: Role, locale: str = "en") -> WebUser:
    return add_web_user(desk.database_url, role, locale)
