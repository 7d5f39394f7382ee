"""The Celery app object and task names. It imports no tasks.

The API enqueues by name (`send_task(FETCH, …)`) so the web process never
imports worker code or loads a translation model.
"""

from functools import lru_cache

from celery import Celery
from kombu import Queue

from core.config import Settings, get_settings

FETCH = "warta.fetch"
EXTRACT = "warta.extract"
DETECT = "warta.detect"
SEGMENT = "warta.segment"
TRANSLATE = "warta.translate"
RECONCILE = "warta.reconcile"
GLOSSARY_CHECK = "warta.glossary_check"
WEBHOOK_DELIVER = "warta.webhook_deliver"

# One queue per kind of work: network waits, quick text stages, slow MT, and
# partners' webhook receivers (a slow or dead receiver must not hold up intake).
FETCH_QUEUE = "fetch"
PIPELINE_QUEUE = "pipeline"
TRANSLATE_QUEUE = "translate"
WEBHOOKS_QUEUE = "webhooks"
QUEUES = (FETCH_QUEUE, PIPELINE_QUEUE, TRANSLATE_QUEUE, WEBHOOKS_QUEUE)

ROUTES = {
    FETCH: FETCH_QUEUE,
    EXTRACT: PIPELINE_QUEUE,
    DETECT: PIPELINE_QUEUE,
    SEGMENT: PIPELINE_QUEUE,
    RECONCILE: PIPELINE_QUEUE,
    GLOSSARY_CHECK: PIPELINE_QUEUE,
    TRANSLATE: TRANSLATE_QUEUE,
    WEBHOOK_DELIVER: WEBHOOKS_QUEUE,
}


def make_celery(settings: Settings) -> Celery:
    redis_url = settings.resolved_redis_url()
    app = Celery("warta", broker=redis_url)
    app.conf.update(
        task_queues=[Queue(name) for name in QUEUES],
        task_default_queue=PIPELINE_QUEUE,
        task_routes={name: {"queue": queue} for name, queue in ROUTES.items()},
        # A task is acknowledged only after it ran; a worker killed mid-task
        # leaves the message to come back (stages are idempotent).
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.visibility_timeout,
            "unacked_restore_interval": settings.unacked_restore_interval,
            "unacked_restore_throttle": settings.unacked_restore_throttle,
        },
        beat_schedule={
            "reconcile-stuck-articles": {
                "task": RECONCILE,
                "schedule": settings.reconcile_interval,
            }
        },
    )
    return app


@lru_cache
def get_celery() -> Celery:
    return make_celery(get_settings())
