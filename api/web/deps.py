"""Who is signed in, and which pages their role opens."""

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request

from api.deps import SessionDep
from api.web import sessions
from core.models import Role, User


class LoginRequired(Exception):
    """No (valid) session: answered with the sign-in form and 401."""


class PageForbidden(Exception):
    """Signed in with a role the page does not open: answered with 403."""

    def __init__(self, user: User, roles: frozenset[Role]) -> None:
        super().__init__(f"needs {sorted(roles)}")
        self.user = user
        self.roles = roles


def optional_user(request: Request, session: SessionDep) -> User | None:
    user = sessions.user_for(session, request)
    request.state.user = user
    return user


def page_role(*roles: Role) -> Callable[..., User]:
    allowed = frozenset({Role.ADMIN, *roles}) if roles else frozenset(Role)

    def check(user: Annotated[User | None, Depends(optional_user)]) -> User:
        if user is None:
            raise LoginRequired
        if user.role not in allowed:
            raise PageForbidden(user, allowed)
        return user

    return check


AnyWebUser = Annotated[User, Depends(page_role())]
EditorWebUser = Annotated[User, Depends(page_role(Role.EDITOR))]
ReviewerWebUser = Annotated[User, Depends(page_role(Role.TRANSLATOR, Role.EDITOR))]
AdminWebUser = Annotated[User, Depends(page_role(Role.ADMIN))]
