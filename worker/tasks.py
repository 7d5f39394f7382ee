"""Thin Celery wrappers: take an article id, run its stage, enqueue the next.

Retries happen only for named transient errors (TransientError, a database
that is briefly unreachable or locked), with capped exponential backoff; any
other error ends the article in `failed` with a code and a reason.
"""

import logging
from datetime import UTC, datetime, timedelta

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy import update
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from core.articles import STAGE_TASKS, enqueue
from core.config import get_settings
from core.db import session_scope
from core.models import Article, WebhookDelivery
from core.queue import (
    DETECT,
    EXTRACT,
    FETCH,
    GLOSSARY_CHECK,
    RECONCILE,
    SEGMENT,
    TRANSLATE,
    WEBHOOK_DELIVER,
    get_celery,
)
from core.states import WORKING_STATES
from core.webhooks import PENDING
from core.webhooks import enqueue as enqueue_deliveries
from worker import webhooks
from worker.errors import StageError, TransientError
from worker.glossary_check import check_article
from worker.stages import STAGES, Stage, fail, run_stage

log = logging.getLogger(__name__)
app = get_celery()


def backoff(retries: int) -> float:
    settings = get_settings()
    return min(settings.retry_backoff_max, settings.retry_backoff_base * 2**retries)


def execute(task: Task, stage: Stage, article_id: int) -> None:
    settings = get_settings()
    with session_scope() as session:
        try:
            article = run_stage(session, stage, article_id, settings)
        except (TransientError, OperationalError) as exc:
            error = (
                exc
                if isinstance(exc, TransientError)
                else TransientError("database_unavailable", "The database was unavailable.")
            )
            if task.request.retries < settings.max_retries:
                log.warning("article %s %s: %s; retrying", article_id, stage.name, error.reason)
                raise task.retry(countdown=backoff(task.request.retries), exc=exc) from exc
            fail(session, article_id, stage, error)
            return
        except StageError as exc:
            fail(session, article_id, stage, exc)
            return
        except SoftTimeLimitExceeded:
            session.rollback()
            limit = task.soft_time_limit
            fail(
                session,
                article_id,
                stage,
                StageError(
                    "stage_timeout",
                    f"The {stage.name} stage took longer than {limit} s and was stopped.",
                ),
            )
            return
        except Exception as exc:
            log.exception("article %s: %s stage crashed", article_id, stage.name)
            reason = f"Unexpected error in the {stage.name} stage: {type(exc).__name__}: {exc}"
            fail(session, article_id, stage, StageError("internal_error", reason))
            return
    if article is not None:
        enqueue(article)


def _stage_task(name: str, stage: Stage, **options: object):
    @app.task(name=name, bind=True, max_retries=None, **options)
    def run(self: Task, article_id: int) -> None:
        execute(self, stage, article_id)

    run.__doc__ = f"Run the {stage.name} stage for one article."
    return run


fetch = _stage_task(FETCH, STAGES["fetch"])
extract = _stage_task(EXTRACT, STAGES["extract"])
detect = _stage_task(DETECT, STAGES["detect"])
segment = _stage_task(SEGMENT, STAGES["segment"])
# One pathological article must not hold the MT worker: the soft limit ends
# the stage with a reason, the hard one kills a child stuck in native code.
translate = _stage_task(
    TRANSLATE,
    STAGES["translate"],
    soft_time_limit=get_settings().mt_time_limit,
    time_limit=get_settings().mt_time_limit + 30,
)


@app.task(name=GLOSSARY_CHECK, bind=True, max_retries=None)
def glossary_check_task(self: Task, article_id: int) -> None:
    """Re-check an article in review against the current glossary (no new drafts)."""
    with session_scope() as session:
        article = session.get(Article, article_id)
        if article is None:
            return
        try:
            check_article(session, article.id, article.language or "en")
            session.commit()
        except OperationalError as exc:
            session.rollback()
            if self.request.retries >= get_settings().max_retries:
                raise  # logged by Celery; the article keeps its previous check
            raise self.retry(countdown=backoff(self.request.retries), exc=exc) from exc


@app.task(name=WEBHOOK_DELIVER, bind=True, max_retries=None)
def deliver_webhook(self: Task, delivery_id: int) -> None:
    """POST one webhook event to a partner; retried with backoff while the receiver fails."""
    settings = get_settings()
    with session_scope() as session:
        try:
            again = webhooks.attempt(session, delivery_id, settings, retries=self.request.retries)
        except OperationalError as exc:
            # The database, not the receiver: try again without counting an attempt.
            session.rollback()
            if self.request.retries >= settings.max_retries:
                raise  # logged by Celery; the reconciler sends the pending delivery later
            raise self.retry(countdown=backoff(self.request.retries), exc=exc) from exc
    if again:
        raise self.retry(countdown=webhooks.backoff(settings, self.request.retries))


@app.task(name=RECONCILE)
def reconcile() -> int:
    """Re-enqueue articles that sat in a working state longer than `stuck_after`."""
    settings = get_settings()
    cutoff = datetime.now(UTC) - timedelta(seconds=settings.stuck_after)
    requeued = 0
    with session_scope() as session:
        stuck = session.exec(
            select(Article).where(
                Article.state.in_([s.value for s in WORKING_STATES]),
                Article.state_changed_at < cutoff,
            )
        ).all()
        for article in stuck:
            # Touch the clock first (compare-and-set on the state) so one stuck
            # article is re-enqueued once per `stuck_after`, not every run.
            touched = session.execute(
                update(Article)
                .where(Article.id == article.id, Article.state == article.state)
                .values(state_changed_at=datetime.now(UTC))
            )
            session.commit()
            if touched.rowcount == 1 and article.state in STAGE_TASKS:
                log.warning("article %s stuck in %s; re-enqueued", article.id, article.state)
                enqueue(article)
                requeued += 1
    return requeued + reconcile_deliveries(cutoff)


def reconcile_deliveries(cutoff: datetime) -> int:
    """Re-send pending webhook deliveries whose next attempt is overdue since `cutoff`
    (Redis was down when they were queued, or lost the message)."""
    with session_scope() as session:
        overdue = session.exec(
            select(WebhookDelivery.id).where(
                WebhookDelivery.status == PENDING, WebhookDelivery.next_attempt_at < cutoff
            )
        ).all()
        requeued = []
        for delivery_id in overdue:
            # Compare-and-set on the clock, as for articles: one re-send per period.
            touched = session.execute(
                update(WebhookDelivery)
                .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status == PENDING)
                .where(WebhookDelivery.next_attempt_at < cutoff)
                .values(next_attempt_at=datetime.now(UTC))
            )
            session.commit()
            if touched.rowcount == 1:
                requeued.append(delivery_id)
    enqueue_deliveries(requeued)
    return len(requeued)
