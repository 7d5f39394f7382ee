"""Jinja2 rendering with autoescaping, one environment per UI language."""

from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.web import csrf, i18n, messages
from api.web.filters import FILTERS
from core.models import User

TEMPLATES_DIR = Path(__file__).parent / "templates"

# Defence in depth behind autoescaping: only this site's own scripts and styles
# run (no inline script, no eval), and no other site may frame the desk.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@lru_cache
def environment(locale: str) -> Environment:
    # Autoescaping is on for every template: article text, names and notes are
    # shown as text, never as markup.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translations(locale), newstyle=True)
    env.filters.update(FILTERS)
    env.globals["LANGUAGES"] = i18n.LANGUAGES
    _install_messages(env, locale)
    return env


def _install_messages(env: Environment, locale: str) -> None:
    """Findings, failure reasons and MT notes in this language (api/web/messages.py):
    `finding_message(f)`, `failure_message(article)`, `mt_note_message(note)`."""
    gettext = i18n.translations(locale).gettext
    env.globals["finding_message"] = lambda f: messages.finding_message(f, gettext, locale)
    env.globals["failure_message"] = lambda a: messages.failure_message(
        a.failure_code, a.failure_reason, gettext
    )
    env.globals["mt_note_message"] = lambda note: messages.mt_note_message(note, gettext)


def locale_for(request: Request, user: User | None) -> str:
    if user is not None and user.locale in i18n.LANGUAGES:
        return user.locale
    return i18n.from_request(request)


def gettext_for(request: Request, user: User | None):
    """`_` for messages built in Python (flash notes, errors) in the user's language."""
    return i18n.translations(locale_for(request, user)).gettext


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    user: User | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    locale = locale_for(request, user)
    values = {
        "request": request,
        "user": user,
        "locale": locale,
        "csrf_token": csrf.token_for(request),
        **(context or {}),
    }
    html = environment(locale).get_template(template).render(values)
    response = HTMLResponse(
        html, status_code=status_code, headers={**SECURITY_HEADERS, **(headers or {})}
    )
    csrf.attach(request, response)
    return response
