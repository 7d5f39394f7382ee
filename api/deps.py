"""FastAPI dependencies: a database session, the authenticated user with roles, partners."""

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Query, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from core.config import get_settings
from core.db import get_engine
from core.models import Partner, Role, User
from core.partners import partner_for_key
from core.ratelimit import hit
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


# --- partners (syndication) ------------------------------------------------------

_api_key = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="A partner key from `warta partners add`."
)
_KEY_CHALLENGE = {"WWW-Authenticate": 'ApiKey header="X-API-Key"'}


def no_key() -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "A partner API key is required: send 'X-API-Key: <key>'.",
        headers=_KEY_CHALLENGE,
    )


def bad_key() -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        "The API key is not valid (unknown, replaced by a new one, or its partner is deactivated).",
        headers=_KEY_CHALLENGE,
    )


def _partner_for(session: Session, key: str | None) -> Partner:
    if not key:
        raise no_key()
    partner = partner_for_key(session=session, key=key)
    if partner is None:
        raise bad_key()
    rate_limit(partner.id, partner.name)
    return partner


def rate_limit(partner_id: int, name: str) -> None:
    """429 with Retry-After once the partner used up this window's requests."""
    settings = get_settings()
    try:
        redis_url = settings.resolved_redis_url()
    except RuntimeError:
        return  # no Redis configured: nothing shared to count in
    verdict = hit(
        redis_url,
        f"partner:{partner_id}",
        limit=settings.partner_rate_limit,
        window=settings.partner_rate_window,
    )
    if not verdict.allowed:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"Too many requests: {settings.partner_rate_limit} per "
            f"{settings.partner_rate_window} s for '{name}'; try again in "
            f"{verdict.retry_after} s.",
            headers={"Retry-After": str(verdict.retry_after)},
        )


def get_partner(
    session: SessionDep,
    header: Annotated[str | None, Depends(_api_key)],
    key: Annotated[str | None, Query(include_in_schema=False)] = None,
) -> Partner:
    if header is None and key is not None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Send the key in the X-API-Key header; ?key= is accepted by the feeds only.",
            headers=_KEY_CHALLENGE,
        )
    return _partner_for(session, header)


PartnerDep = Annotated[Partner, Depends(get_partner)]
