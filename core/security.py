"""API tokens and passwords, shared by the API and the CLI."""

import hashlib
import secrets

from pwdlib import PasswordHash
from sqlmodel import Session, select

from core.models import ApiToken, Role, User

_passwords = PasswordHash.recommended()  # argon2id
MIN_PASSWORD_LENGTH = 8


class WeakPassword(ValueError):
    """A password too short to set; the message says how long it must be."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _passwords.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    return _passwords.verify(password, password_hash)


def generate_password() -> str:
    """16 URL-safe characters (96 random bits): typed once, then changed by its owner."""
    return secrets.token_urlsafe(12)


def set_password(user: User, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    user.password_hash = hash_password(password)


def issue_token(*, session: Session, user: User) -> str:
    """Create a token for `user`; the plain token exists only in the return value."""
    token = "wt_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=hash_token(token)))
    session.flush()
    return token


def create_user(
    *, session: Session, name: str, role: Role, password: str | None = None
) -> tuple[User, str]:
    user = User(name=name, role=role)
    if password:
        set_password(user, password)
    session.add(user)
    session.flush()
    return user, issue_token(session=session, user=user)


def user_for_token(*, session: Session, token: str) -> User | None:
    statement = (
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == hash_token(token), User.is_active)
    )
    return session.exec(statement).first()
