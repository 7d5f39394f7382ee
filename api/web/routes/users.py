"""Users (admins): add people, change their role or language, deactivate or reactivate
them, reset their password."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, select

from api.deps import SessionDep
from api.web import i18n
from api.web.deps import AdminWebUser
from api.web.render import gettext_for, render
from core.models import Role, User
from core.security import MIN_PASSWORD_LENGTH, WeakPassword, generate_password
from core.users import UserProblem, add_user, change_role, reset_password, set_active

router = APIRouter()

FormText = Annotated[str, Form()]
ACTIONS = ("update", "deactivate", "reactivate", "password")


@router.get("/users", response_class=HTMLResponse)
def users_page(
    request: Request, session: SessionDep, user: AdminWebUser, saved: int | None = None
) -> HTMLResponse:
    """Everyone who can sign in (or could), and the form to add someone."""
    _ = gettext_for(request, user)
    changed = session.get(User, saved) if saved else None
    notice = _("Saved the changes to %(name)s.") % {"name": changed.name} if changed else None
    return _page(request, session, user, notice=notice)


@router.post("/users", response_model=None)
def add(
    request: Request,
    session: SessionDep,
    user: AdminWebUser,
    name: FormText = "",
    role: FormText = "",
    password: FormText = "",
    locale: FormText = "en",
) -> Response:
    """Add a user with a password (typed, or generated and shown once) and an API token."""
    _ = gettext_for(request, user)
    form = {"name": name, "role": role, "locale": locale}
    error = _check_choices(request, user, role, locale)
    if error is None:
        secret = password or generate_password()
        try:
            added, token = add_user(
                session=session, name=name, role=Role(role), password=secret, locale=locale
            )
        except (UserProblem, WeakPassword) as exc:
            session.rollback()
            error = str(exc)
    if error is not None:
        return _page(request, session, user, error=error, form=form, status_code=422)
    session.commit()
    secrets = {"name": added.name, "password": None if password else secret, "token": token}
    notice = _("Added %(name)s.") % {"name": added.name}
    return _page(request, session, user, notice=notice, secrets=secrets)


@router.post("/users/{user_id}", response_model=None)
def change(
    request: Request,
    session: SessionDep,
    user: AdminWebUser,
    user_id: int,
    action: FormText = "",
    role: FormText = "",
    locale: FormText = "",
    password: FormText = "",
) -> Response:
    """Change a user: `action` is update (role, language), deactivate, reactivate or password."""
    _ = gettext_for(request, user)
    target = session.get(User, user_id)
    if target is None:
        error = _("There is no user %(id)d.") % {"id": user_id}
        return _page(request, session, user, error=error, status_code=404)
    if action not in ACTIONS:
        error = _("Choose what to change.")
        return _page(request, session, user, error=error, status_code=422)
    secret = None
    try:
        if action == "update":
            if error := _check_choices(request, user, role, locale):
                raise UserProblem(error)
            change_role(session=session, user=target, role=Role(role), by=user)
            target.locale = locale
        elif action in ("deactivate", "reactivate"):
            set_active(session=session, user=target, active=action == "reactivate", by=user)
        else:
            secret = password or generate_password()
            reset_password(session=session, user=target, password=secret, by=user)
    except (UserProblem, WeakPassword) as exc:
        session.rollback()
        return _page(request, session, user, error=str(exc), row_error=target.id, status_code=422)
    session.add(target)
    session.commit()
    if secret is None:
        return RedirectResponse(f"/users?saved={target.id}#user-{target.id}", 303)
    notice = _("New password for %(name)s set; their other sessions have ended.") % {
        "name": target.name
    }
    shown = {"name": target.name, "password": None if password else secret, "token": None}
    return _page(request, session, user, notice=notice, secrets=shown)


def _check_choices(request: Request, user: User, role: str, locale: str) -> str | None:
    _ = gettext_for(request, user)
    if role not in set(Role):
        return _("Choose a role: editor, translator or admin.")
    if locale not in i18n.LANGUAGES:
        return _("Choose the language of the interface: English or Indonesian.")
    return None


def _page(
    request: Request,
    session: Session,
    user: User,
    *,
    error: str | None = None,
    notice: str | None = None,
    form: dict[str, str] | None = None,
    secrets: dict[str, str | None] | None = None,
    row_error: int | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    people = session.exec(select(User).order_by(User.is_active.desc(), User.name)).all()
    context = {
        "people": people,
        "roles": list(Role),
        "error": error,
        "row_error": row_error,
        "notice": notice,
        "form": form or {"role": Role.TRANSLATOR.value, "locale": "en"},
        "secrets": secrets,
        "min_password": MIN_PASSWORD_LENGTH,
    }
    headers = {"Cache-Control": "no-store"} if secrets else None
    return render(
        request, "users.html", context, user=user, status_code=status_code, headers=headers
    )
