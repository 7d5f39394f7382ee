"""Liveness for process supervisors and compose health checks."""

from fastapi import APIRouter
from sqlalchemy import text

from api.deps import SessionDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(session: SessionDep) -> dict[str, str]:
    """Answers when the API is up and its database reachable."""
    session.exec(text("SELECT 1"))
    return {"status": "ok"}
