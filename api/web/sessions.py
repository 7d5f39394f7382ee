"""Browser sign-in: a random cookie token whose hash names a `WebSession` row.

The row, not the cookie, is the truth: signing out deletes it, and a
deactivated user's sessions stop working on the next request.
"""

import secrets
from datetime import UTC, datetime, timedelta

from fastapi import Request, Response
from sqlmodel import Session, delete, select

from core.config import get_settings
from core.models import User, WebSession
from core.security import hash_token, verify_password

SESSION_COOKIE = "warta_session"


def authenticate(session: Session, name: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.name == name, User.is_active)).first()
    if user is None or not user.password_hash:
        return None
    return user if verify_password(password, user.password_hash) else None


def start(session: Session, user: User, response: Response) -> None:
    token = secrets.token_urlsafe(32)
    hours = get_settings().session_hours
    now = datetime.now(UTC)
    expires = now + timedelta(hours=hours)
    # Sign-ins are rare enough to sweep expired rows here instead of on a schedule.
    session.exec(delete(WebSession).where(WebSession.expires_at < now))
    session.add(WebSession(user_id=user.id, token_hash=hash_token(token), expires_at=expires))
    session.commit()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(hours * 3600),
        httponly=True,
        samesite="lax",
        secure=get_settings().cookie_secure,
        path="/",
    )


def end(session: Session, request: Request, response: Response) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        session.exec(delete(WebSession).where(WebSession.token_hash == hash_token(token)))
        session.commit()
    response.delete_cookie(SESSION_COOKIE, path="/")


def user_for(session: Session, request: Request) -> User | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    statement = (
        select(User, WebSession.expires_at)
        .join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.token_hash == hash_token(token), User.is_active)
    )
    row = session.exec(statement).first()
    if row is None:
        return None
    user, expires_at = row
    if expires_at.tzinfo is None:  # SQLite hands back naive datetimes
        expires_at = expires_at.replace(tzinfo=UTC)
    return user if expires_at > datetime.now(UTC) else None
