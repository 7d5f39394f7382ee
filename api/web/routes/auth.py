"""Sign in, sign out, the home page, and a user's own account settings."""

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep
from api.web import i18n, sessions, throttle
from api.web.deps import AnyWebUser, optional_user
from api.web.filters import COMMON_ZONES, all_zones, format_when, is_zone
from api.web.render import gettext_for, render
from core.models import Role, User
from core.security import hash_password, verify_password

router = APIRouter()

MIN_PASSWORD = 8


def safe_next(target: str | None) -> str:
    """Only paths on this site: a crafted `next` must not send people elsewhere."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


@router.get("/", response_model=None)
def home(user: AnyWebUser) -> Response:
    # Editors start at the dashboard; translators at the review queue.
    return RedirectResponse("/queue" if user.role == Role.TRANSLATOR else "/dashboard", 303)


@router.get("/login", response_model=None)
def login_form(request: Request, session: SessionDep, next: str = "/") -> Response:
    if optional_user(request, session) is not None:
        return RedirectResponse(safe_next(next), 303)
    return render(request, "login.html", {"next": safe_next(next)})


@router.post("/login", response_model=None)
def login(
    request: Request,
    session: SessionDep,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    _ = gettext_for(request, None)
    context = {"next": safe_next(next), "name": name}
    if wait := throttle.locked_for(name):
        error = _("Too many failed sign-ins for this name. Try again in %(minutes)d min.")
        context["error"] = error % {"minutes": -(-wait // 60)}
        return render(request, "login.html", context, status_code=429)
    user = sessions.authenticate(session, name.strip(), password)
    if user is None:
        throttle.record_failure(name)
        context["error"] = _("Wrong name or password.")
        return render(request, "login.html", context, status_code=401)
    throttle.clear(name)
    response = RedirectResponse(safe_next(next), 303)
    sessions.start(session, user, response)
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep) -> RedirectResponse:
    response = RedirectResponse("/login", 303)
    sessions.end(session, request, response)
    return response


def account_page(
    request: Request, user: User, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """The Account page with its settings' choices (the time zones) and a message, if any."""
    zones = {
        "common_zones": [(name, _abbreviation(name)) for name in COMMON_ZONES],
        "all_zones": all_zones(),
        "now_shown": format_when(datetime.now(UTC), user.time_zone),
    }
    return render(
        request, "account.html", {**zones, **(context or {})}, user=user, status_code=status_code
    )


def _abbreviation(zone_name: str) -> str:
    """How the desk marks times in that zone today: "WIB", "+03"."""
    return format_when(datetime.now(UTC), zone_name).rsplit(" ", 1)[-1]


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, user: AnyWebUser) -> HTMLResponse:
    return account_page(request, user)


@router.post("/account/language", response_model=None)
def set_language(
    request: Request, session: SessionDep, user: AnyWebUser, locale: Annotated[str, Form()]
) -> Response:
    if locale not in i18n.LANGUAGES:
        _ = gettext_for(request, user)
        error = _("Unknown language.")
        return account_page(request, user, {"error": error}, status_code=422)
    user.locale = locale
    session.add(user)
    session.commit()
    return RedirectResponse("/account", 303)


@router.post("/account/password", response_model=None)
def change_password(
    request: Request,
    session: SessionDep,
    user: AnyWebUser,
    current: Annotated[str, Form()],
    new: Annotated[str, Form()],
) -> Response:
    _ = gettext_for(request, user)
    if not user.password_hash or not verify_password(current, user.password_hash):
        error = _("The current password is wrong.")
    elif len(new) < MIN_PASSWORD:
        error = _("The new password needs at least %(count)d characters.") % {"count": MIN_PASSWORD}
    else:
        user.password_hash = hash_password(new)
        session.add(user)
        session.commit()
        return account_page(request, user, {"notice": _("Password changed.")})
    return account_page(request, user, {"error": error}, status_code=422)


@router.post("/account/time-zone", response_model=None)
def set_time_zone(
    request: Request,
    session: SessionDep,
    user: AnyWebUser,
    time_zone: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Times on the desk are shown in this zone; the JSON API keeps answering in UTC."""
    time_zone = time_zone.strip()
    if not is_zone(time_zone):
        _ = gettext_for(request, user)
        error = _("Unknown time zone: %(zone)s. Pick one from the list.") % {"zone": time_zone}
        return account_page(request, user, {"error": error}, status_code=422)
    user.time_zone = time_zone
    session.add(user)
    session.commit()
    return RedirectResponse("/account", 303)
