"""FastAPI dependencies: a database session and the authenticated user with roles."""

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from core.db import get_engine
from core.models import Role, User
from core.security import user_for_token

_bearer = HTTPBearer(auto_error=False, description="An API token from `warta users add`.")


def get_session() -> Iterator[Session]:
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_current_user(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Authentication required: send 'Authorization: Bearer <token>'.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user = user_for_token(session=session, token=credentials.credentials)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "The API token is not valid (unknown, revoked, or its user is deactivated).",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def require_role(*roles: Role) -> Callable[[User], User]:
    allowed = {Role.ADMIN, *roles}

    def check(user: CurrentUser) -> User:
        if user.role not in allowed:
            names = " or ".join(sorted(r.value for r in allowed))
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                f"This needs the {names} role; '{user.name}' is a {user.role}.",
            )
        return user

    return check


EditorUser = Annotated[User, Depends(require_role(Role.EDITOR))]
ReviewerUser = Annotated[User, Depends(require_role(Role.TRANSLATOR, Role.EDITOR))]
