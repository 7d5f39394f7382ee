"""The FastAPI application."""

from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from api import web
from api.routes import (
    articles,
    deliveries,
    feeds,
    glossary,
    health,
    partners,
    publishing,
    segments,
    syndication,
)
from core.articles import ArticleConflict
from core.review import ReviewConflict


def _validation_message(errors: list[dict]) -> str:
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where}: {error.get('msg')}" if where else str(error.get("msg")))
    return "; ".join(parts)


async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    # Keep FastAPI's detail list for programs, and add one sentence for people.
    return JSONResponse(
        status_code=422,
        content={
            "message": _validation_message(exc.errors()),
            "detail": jsonable_encoder(exc.errors()),
        },
    )


async def _conflict(_: Request, exc: Exception) -> JSONResponse:
    # A request that does not fit the current state: 409, saying what does.
    detail = exc.detail if isinstance(exc, ReviewConflict) else str(exc)
    return JSONResponse(status_code=409, content={"detail": detail})


def _head_routes(router: APIRouter) -> APIRouter:
    """A HEAD twin of each GET route: same endpoint, and the server drops the body.

    Partners' feed readers and link checkers ask HEAD (RFC 9110 §9.3.2: wherever
    GET works). The twins are included after every other route, so a GET never
    steps over them while routes are matched (the feeds' 304 path is measured in
    bench/feeds.py)."""
    twins = APIRouter()
    for route in router.routes:
        if isinstance(route, APIRoute) and "GET" in route.methods:
            twins.add_api_route(
                route.path,
                route.endpoint,
                methods=["HEAD"],
                response_class=route.response_class,
                include_in_schema=False,
            )
    return twins


def create_app() -> FastAPI:
    app = FastAPI(
        title="Warta",
        summary="Newsroom translation desk: English and Turkish news into reviewed Indonesian.",
        version="0.1.0",
    )
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ArticleConflict, _conflict)
    app.add_exception_handler(ReviewConflict, _conflict)
    app.include_router(health.router)
    app.include_router(articles.router)
    app.include_router(glossary.router)
    app.include_router(segments.router)
    app.include_router(publishing.router)
    app.include_router(partners.router)
    app.include_router(deliveries.router)
    app.include_router(syndication.router)
    app.include_router(feeds.router)
    web.install(app)
    app.include_router(_head_routes(syndication.router))
    app.include_router(_head_routes(feeds.router))
    return app


app = create_app()
