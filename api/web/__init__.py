"""The review desk's web UI: server-rendered pages with htmx, served by the API process.

Pages sign in with a session cookie (api/web/sessions.py), every form carries
a CSRF token (api/web/csrf.py), and text is English or Indonesian per user
(api/web/i18n.py). Pages call the same core functions as the JSON API.
"""

from pathlib import Path

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.web import csrf
from api.web.deps import LoginRequired, PageForbidden
from api.web.render import render

STATIC_DIR = Path(__file__).parent / "static"


def routers() -> list[APIRouter]:
    from api.web.routes import (
        auth,
        dashboard,
        deliveries_pages,
        editor,
        glossary_pages,
        notifications,
        partners_pages,
        preview,
        publishing_pages,
        queue,
        segment_pages,
        tools,
        users,
    )

    return [
        auth.router,
        dashboard.router,
        queue.router,
        editor.router,
        segment_pages.router,
        tools.router,
        publishing_pages.router,
        preview.router,
        glossary_pages.router,
        partners_pages.router,
        deliveries_pages.router,
        notifications.router,
        users.router,
    ]


async def _login_required(request: Request, _: Exception) -> HTMLResponse:
    # The sign-in form itself, with 401: after signing in the browser comes back here.
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = render(
        request,
        "login.html",
        {"next": target if request.method == "GET" else "/"},
        status_code=401,
    )
    if request.headers.get("hx-request"):
        response.headers["HX-Refresh"] = "true"  # a session ended mid-page: reload it
    return response


async def _forbidden(request: Request, exc: PageForbidden) -> HTMLResponse:
    context = {"roles": sorted(role.value for role in exc.roles)}
    return render(request, "forbidden.html", context, user=exc.user, status_code=403)


def install(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(PageForbidden, _forbidden)
    for router in routers():
        app.include_router(router, include_in_schema=False, dependencies=[Depends(csrf.protect)])
