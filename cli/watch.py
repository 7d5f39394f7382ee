"""`warta submit --wait` and `warta status`: follow an article through its stages."""

import time

import typer
from sqlmodel import func, select

from core.articles import submit_article
from core.db import session_scope
from core.models import Article, ArticleCreate, Paragraph, Segment
from core.states import WORKING_STATES, ArticleState
from core.urls import InvalidUrl


def submit_and_watch(url: str, *, wait: bool, timeout: float) -> int:
    with session_scope() as session:
        try:
            submission = submit_article(
                session=session,
                article_in=ArticleCreate(submitted_url=url),
                user_id=None,
                actor="cli",
            )
        except InvalidUrl as exc:
            typer.echo(f"Invalid URL: {exc}", err=True)
            return 2
        article_id = submission.article.id
    if submission.duplicate:
        typer.echo(f"Already submitted as article {article_id} ({submission.article.state}).")
    code = _follow(article_id, timeout) if wait else 0
    typer.echo(article_id)
    return code


def _follow(article_id: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        with session_scope() as session:
            article = session.get(Article, article_id)
        if article.state != last:
            last = article.state
            typer.echo(f"  {article.state:<12} {_timings(article)}")
        if ArticleState(article.state) not in WORKING_STATES:
            if article.state == ArticleState.FAILED:
                typer.echo(f"  failed: {article.failure_code}: {article.failure_reason}", err=True)
                return 1
            return 0
        time.sleep(0.3)
    typer.echo(f"Still '{last}' after {timeout:.0f}s; is a worker running?", err=True)
    return 1


def describe(article_id: int) -> int:
    with session_scope() as session:
        article = session.get(Article, article_id)
        if article is None:
            typer.echo(f"There is no article {article_id}.", err=True)
            return 1
        paragraphs = session.exec(
            select(func.count()).select_from(Paragraph).where(Paragraph.article_id == article_id)
        ).one()
        segments = session.exec(
            select(func.count()).select_from(Segment).where(Segment.article_id == article_id)
        ).one()
    typer.echo(f"Article {article.id}: {article.state}")
    typer.echo(f"  URL:       {article.submitted_url}")
    if article.failure_code:
        typer.echo(f"  Failure:   {article.failure_code}: {article.failure_reason}")
    for label, value in (
        ("Title", article.title),
        ("Byline", article.byline),
        ("Published", article.published_at),
        ("Site", article.site_name),
        ("Language", article.language),
    ):
        if value:
            typer.echo(f"  {label + ':':<10} {value}")
    typer.echo(f"  Body:      {paragraphs} paragraphs, {segments} segments")
    typer.echo(f"  Timings:   {_timings(article) or '-'}")
    return 0


def _timings(article: Article) -> str:
    return ", ".join(
        f"{stage} {seconds:.2f}s" for stage, seconds in (article.timings or {}).items()
    )
