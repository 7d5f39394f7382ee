"""Sign in, sign out, the home page, and a user's own account settings."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep
from api.web import i18n, sessions, throttle
from api.web.deps import AnyWebUser, optional_user
from api.web.render import gettext_for, render
from core.models import Role
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


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, user: AnyWebUser) -> HTMLResponse:
    return render(request, "account.html", {}, user=user)


@router.post("/account/language", response_model=None)
def set_language(
    request: Request, session: SessionDep, user: AnyWebUser, locale: Annotated[str, Form()]
) -> Response:
    if locale not in i18n.LANGUAGES:
        _ = gettext_for(request, user)
        error = _("Unknown language.")
        return render(request, "account.html", {"error": error}, user=user, status_code=422)
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
        return render(request, "account.html", {"notice": _("Password changed.")}, user=user)
    return render(request, "account.html", {"error": error}, user=user, status_code=422)
