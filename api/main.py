"""The FastAPI application."""

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

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
    return app


app = create_app()
