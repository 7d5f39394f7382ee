"""CSRF protection for every form and htmx request: a double-submit token.

A random token lives in an HttpOnly, SameSite=Strict cookie; pages render the
same value into each form (and into htmx's headers). A cross-site page can
neither read the cookie nor guess the value, so a state-changing request
without the matching field or `X-CSRF-Token` header is refused.
"""

import secrets

from fastapi import HTTPException, Request, Response, status

from core.config import get_settings

CSRF_COOKIE = "warta_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def token_for(request: Request) -> str:
    """The request's token, minting one (set on the response by `attach`)."""
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def attach(request: Request, response: Response) -> None:
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(
            CSRF_COOKIE,
            new,
            httponly=True,
            samesite="strict",
            secure=get_settings().cookie_secure,
            path="/",
        )


async def protect(request: Request) -> None:
    """A dependency of every web route: unsafe methods must carry the token."""
    if request.method in _SAFE_METHODS:
        return
    expected = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(expected, sent):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "The form's security token is missing or out of date. Reload the page and try again.",
        )
