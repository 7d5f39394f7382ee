"""Terminology glossary: pure functions, no database and no Celery.

load (io), match (find entries in source text), steer (pick or repair
machine output), verify (check targets), protect (shield `keep` spans).
"""
