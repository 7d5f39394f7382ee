"""Terminology glossary: pure functions (no database, no Celery). Filled by the glossary issue."""
