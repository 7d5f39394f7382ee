"""Entry point for `celery -A worker.celery_app worker`: the shared app plus its tasks."""

from core.queue import get_celery
from worker import tasks  # noqa: F401  (registers the tasks)

app = get_celery()
