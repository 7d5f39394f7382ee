"""User administration shared by the admin pages and the CLI."""

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, func, select

from core.models import Role, User, WebSession
from core.security import create_user, set_password

MAX_NAME = 100


class UserProblem(ValueError):
    """A change an admin asked for that cannot be made; the message says why."""


def name_taken(session: Session, name: str) -> bool:
    return bool(session.exec(select(func.count()).select_from(User).where(User.name == name)).one())


def check_name(session: Session, name: str) -> str:
    """The name as stored (trimmed), or UserProblem saying what is wrong with it."""
    name = name.strip()
    if not name:
        raise UserProblem("Enter a name.")
    if len(name) > MAX_NAME:
        raise UserProblem(f"A name has at most {MAX_NAME} characters.")
    if any(not char.isprintable() for char in name):
        raise UserProblem("A name cannot contain control characters.")
    if name_taken(session, name):
        raise UserProblem(f"A user named '{name}' already exists.")
    return name


def add_user(
    *, session: Session, name: str, role: Role, password: str | None, locale: str = "en"
) -> tuple[User, str]:
    """Create a user (the caller commits); returns it and its new API token."""
    name = check_name(session, name)
    try:
        user, token = create_user(session=session, name=name, role=role, password=password)
    except IntegrityError as exc:
        # Someone added the same name between the check and the insert.
        session.rollback()
        raise UserProblem(f"A user named '{name}' already exists.") from exc
    user.locale = locale
    session.add(user)
    return user, token


def find_user(session: Session, name: str) -> User | None:
    return session.exec(select(User).where(User.name == name)).first()


def change_role(*, session: Session, user: User, role: Role, by: User) -> None:
    # An admin who demotes themselves could leave nobody able to manage users.
    if user.id == by.id and role != user.role:
        raise UserProblem("You cannot change your own role; ask another admin.")
    user.role = role
    session.add(user)


def set_active(*, session: Session, user: User, active: bool, by: User) -> None:
    if user.id == by.id and not active:
        raise UserProblem("You cannot deactivate yourself; ask another admin.")
    user.is_active = active
    session.add(user)
    if not active:
        # Sign them out everywhere now, and so a later reactivation starts afresh.
        end_sessions(session, user)


def reset_password(*, session: Session, user: User, password: str, by: User | None) -> None:
    set_password(user, password)
    session.add(user)
    if by is None or by.id != user.id:
        # Whoever knew the old password is signed out; the admin's own session stays.
        end_sessions(session, user)


def end_sessions(session: Session, user: User) -> None:
    session.exec(delete(WebSession).where(WebSession.user_id == user.id))
