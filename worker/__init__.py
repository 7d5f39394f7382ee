"""Pipeline stages and the Celery tasks that run them."""
