"""Partners (editors): who republishes our articles, their licences, keys and webhooks.

A new API key or webhook secret is shown once, on a page the browser must not
keep (Cache-Control: no-store); Warta keeps only the key's hash. Rules and their
messages are core/partners.py's, as in the JSON API and the CLI.
"""

import re
from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, select

from api.deps import SessionDep
from api.web.deps import EditorWebUser
from api.web.render import gettext_for, render
from core.models import CanonicalLink, Partner, PartnerSource, User
from core.partners import (
    PartnerExists,
    PartnerInvalid,
    create_partner,
    known_domains,
    rotate_key,
    rotate_webhook_secret,
    set_active,
    set_domains,
    set_webhook,
)

router = APIRouter()

FormText = Annotated[str, Form()]
ACTIONS = ("update", "deactivate", "reactivate", "key", "secret")


@router.get("/partners", response_class=HTMLResponse)
def partners_page(
    request: Request, session: SessionDep, user: EditorWebUser, saved: int | None = None
) -> HTMLResponse:
    """Every partner with its licence, link policy, webhook and status; the form to add one."""
    _ = gettext_for(request, user)
    changed = session.get(Partner, saved) if saved else None
    notice = _("Saved the changes to %(name)s.") % {"name": changed.name} if changed else None
    return _page(request, session, user, notice=notice)


@router.post("/partners", response_model=None)
def add(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    name: FormText = "",
    sources: FormText = "",
    canonical_link: FormText = CanonicalLink.ORIGINAL.value,
    webhook_url: FormText = "",
) -> Response:
    """Add a partner; its API key (and webhook secret) are shown on this answer only."""
    _ = gettext_for(request, user)
    form = {
        "name": name,
        "sources": sources,
        "canonical_link": canonical_link,
        "webhook_url": webhook_url,
    }
    status_code, error = 422, _policy_problem(request, user, canonical_link)
    if error is None:
        try:
            partner, key = create_partner(
                session=session,
                name=name,
                domains=split_domains(sources),
                canonical_link=CanonicalLink(canonical_link),
                webhook_url=webhook_url,
            )
        except PartnerInvalid as exc:
            error = str(exc)
        except PartnerExists as exc:
            status_code, error = 409, str(exc)
    if error is not None:
        session.rollback()
        return _page(request, session, user, error=error, form=form, status_code=status_code)
    session.commit()
    shown = {"name": partner.name, "api_key": key, "webhook_secret": partner.webhook_secret}
    notice = _("Added %(name)s.") % {"name": partner.name}
    return _page(request, session, user, notice=notice, secrets=shown)


@router.post("/partners/{partner_id}", response_model=None)
def change(
    request: Request,
    session: SessionDep,
    user: EditorWebUser,
    partner_id: int,
    action: FormText = "",
    sources: FormText = "",
    canonical_link: FormText = "",
    webhook_url: FormText = "",
) -> Response:
    """Change a partner: `action` is update (licence, link policy, webhook), deactivate,
    reactivate, key (a new API key) or secret (a new webhook signing secret)."""
    _ = gettext_for(request, user)
    partner = session.get(Partner, partner_id)
    if partner is None:
        error = _("There is no partner %(id)s.") % {"id": partner_id}
        return _page(request, session, user, error=error, status_code=404)
    typed = {"sources": sources, "canonical_link": canonical_link, "webhook_url": webhook_url}
    secrets: dict[str, str | None] = {"name": partner.name, "api_key": None, "webhook_secret": None}
    status_code, error = 422, None
    if action == "update":
        error = _policy_problem(request, user, canonical_link)
        if error is None:
            try:
                set_domains(session=session, partner=partner, domains=split_domains(sources))
                secrets["webhook_secret"] = set_webhook(partner=partner, url=webhook_url)
                partner.canonical_link = CanonicalLink(canonical_link)
            except PartnerInvalid as exc:
                error = str(exc)
    elif action in ("deactivate", "reactivate"):
        set_active(partner=partner, active=action == "reactivate")
    elif action == "key":
        secrets["api_key"] = rotate_key(session=session, partner=partner)
    elif action == "secret" and partner.webhook_url:
        secrets["webhook_secret"] = rotate_webhook_secret(partner=partner)
    elif action == "secret":
        status_code = 409
        error = _("%(name)s has no webhook URL; set one first.") % {"name": partner.name}
    else:
        error = _("Choose what to change.")
    if error is not None:
        session.rollback()
        row = typed if action == "update" else None
        return _page(
            request,
            session,
            user,
            error=error,
            row_error=partner_id,
            row_form=row,
            status_code=status_code,
        )
    session.add(partner)
    session.commit()
    if not (secrets["api_key"] or secrets["webhook_secret"]):
        return RedirectResponse(f"/partners?saved={partner.id}#partner-{partner.id}", 303)
    notice = (
        _("New API key for %(name)s: the old one has stopped working.")
        if secrets["api_key"]
        else _("New webhook secret for %(name)s: the next attempt is signed with it.")
    ) % {"name": partner.name}
    return _page(request, session, user, notice=notice, secrets=secrets)


def split_domains(text: str) -> list[str]:
    """Domains as people type them: separated by spaces, commas or new lines."""
    return [part for part in re.split(r"[\s,;]+", text) if part]


def _policy_problem(request: Request, user: User, value: str) -> str | None:
    if value in set(CanonicalLink):
        return None
    _ = gettext_for(request, user)
    return _("Choose a canonical-link policy: link to the original, or no link.")


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
    row_form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    partners = session.exec(select(Partner).order_by(Partner.is_active.desc(), Partner.name)).all()
    licences: dict[int, list[str]] = defaultdict(list)
    for link in session.exec(select(PartnerSource).order_by(PartnerSource.domain)):
        licences[link.partner_id].append(link.domain)
    seen = known_domains(session, {d for domains in licences.values() for d in domains})
    context = {
        "partners": partners,
        "licences": licences,
        "seen": seen,
        "policies": list(CanonicalLink),
        "error": error,
        "notice": notice,
        "form": form or {"canonical_link": CanonicalLink.ORIGINAL.value},
        "secrets": secrets,
        "row_error": row_error,
        "row_form": row_form,
    }
    headers = {"Cache-Control": "no-store"} if secrets else None
    return render(
        request, "partners.html", context, user=user, status_code=status_code, headers=headers
    )
