"""Settings: every knob is a `WARTA_` environment variable, validated at start."""

import ipaddress
import re
import socket
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# A DNS name as an operator would write it (no wildcards, no scheme, no port).
_HOSTNAME = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)(\.(?!-)[a-z0-9_-]{1,63}(?<!-))*")
# Bind addresses that mean "every interface": nobody can connect *to* them.
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WARTA_", extra="ignore")

    # Embedded mode keeps the SQLite file, Redis data and run files here.
    data_dir: Path = Path(".warta")
    # Unset: SQLite file in data_dir. Set it for PostgreSQL
    # (postgresql+psycopg://user:pass@host/db).
    database_url: str | None = None
    # Unset: the Redis that `warta up` started (its URL is in data_dir/run/redis.url).
    redis_url: str | None = None

    # Fetching.
    fetch_timeout: float = Field(20.0, gt=0, description="seconds per request")
    fetch_user_agent: str = "WartaBot/0.1 (+newsroom translation desk)"
    # The whole fetch (redirects and a body that drips in included) must end by then;
    # per-read timeouts alone let a byte-every-few-seconds server hold a worker forever.
    fetch_deadline: float = Field(60.0, gt=0, description="seconds for the whole fetch")
    fetch_max_bytes: int = Field(5 * 1024 * 1024, ge=1, description="largest page accepted")
    # Hosts, IPs or CIDRs (comma-separated) that may be fetched although they are
    # private or reserved, e.g. an intranet news feed: "feeds.internal,10.20.0.0/16".
    fetch_allowlist: str = ""

    # Machine translation: Argos packages, run on CTranslate2.
    models_dir: Path | None = Field(None, description="installed .argosmodel packages")
    mt_device: Literal["cpu", "cuda"] = "cpu"
    mt_compute_type: str = "default"
    # One thread per translator: CTranslate2's default intra-op threading was
    # ~34x slower on a 2-core machine (idle OpenMP threads contend); bench/mt.py.
    mt_intra_threads: int = Field(1, ge=0)
    mt_beam_size: int = Field(4, ge=1)
    mt_batch_size: int = Field(32, ge=1)
    # Output length cap per segment, as a multiple of its input length: a model
    # that loops stops there instead of decoding hundreds of tokens.
    mt_max_length_ratio: float = Field(3.0, gt=0)
    # Hard limit for translating one article; the task fails with a reason.
    mt_time_limit: int = Field(900, ge=10)

    # Queue behaviour. A message of a dead worker comes back after the visibility
    # timeout, so it must exceed the longest task; stages are idempotent anyway.
    visibility_timeout: int = Field(1800, ge=1)
    unacked_restore_interval: float = Field(10.0, gt=0)
    unacked_restore_throttle: int = Field(10, ge=1)
    max_retries: int = Field(5, ge=0)
    retry_backoff_base: float = Field(2.0, gt=0, description="first retry delay, seconds")
    retry_backoff_max: float = Field(300.0, gt=0, description="cap on a retry delay, seconds")
    # The reconciler re-enqueues articles that sat in a working state this long.
    stuck_after: int = Field(2400, ge=1)
    reconcile_interval: float = Field(60.0, gt=0)
    worker_concurrency: int = Field(2, ge=1)

    # Syndication. Links in feeds, items, webhooks and the publishing panel start
    # with public_url: set it to the address partners reach (a proxy's https://…).
    # Unset: http://HOST:PORT of the API (`warta up`/`warta api` pass their --host
    # and --port to every process); on a wildcard bind (0.0.0.0, ::) the machine's
    # host name stands in for HOST, and `warta up`/`warta api` warn.
    public_url: str | None = None
    # Requests per partner per window (pull API and feeds together), then 429.
    partner_rate_limit: int = Field(600, ge=1)
    partner_rate_window: int = Field(60, ge=1, description="seconds")
    feed_size: int = Field(50, ge=1, le=500, description="newest changes in a feed")
    # Webhooks: each POST waits at most webhook_timeout; a failed one is retried
    # with capped exponential backoff until webhook_max_attempts, then an editor
    # can replay it from the delivery log.
    webhook_timeout: float = Field(10.0, gt=0)
    webhook_max_attempts: int = Field(8, ge=1)
    webhook_backoff_base: float = Field(10.0, gt=0, description="first retry delay, seconds")
    # Unset: the same cap as the pipeline's retries (below the visibility timeout).
    webhook_backoff_max: float | None = Field(None, gt=0, description="cap on a retry delay")

    # API server of `warta up` / `warta api`.
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)

    # Web UI sign-in: how long a browser stays signed in, and whether cookies
    # are sent over HTTPS only (set it true behind a TLS proxy).
    session_hours: float = Field(12.0, gt=0)
    cookie_secure: bool = False
    # A claimed article is read-only to others until its holder has been idle
    # (no claim, no save) this long; an editor can take it over at any time.
    claim_idle_minutes: float = Field(30.0, gt=0)
    # Failed sign-ins allowed per name before it is locked for `signin_lockout` seconds.
    signin_max_failures: int = Field(10, ge=1)
    signin_lockout: int = Field(900, ge=1)

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        # Child processes may run in another directory: pin the path now.
        return value.expanduser().resolve()

    @field_validator("fetch_allowlist")
    @classmethod
    def _allowlist_entries(cls, value: str) -> str:
        # Fail at start on a typo rather than silently allowing nothing (or too much).
        entries = [entry.strip().lower().rstrip(".") for entry in value.split(",")]
        entries = [entry for entry in entries if entry]
        for entry in entries:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                if not _HOSTNAME.fullmatch(entry):
                    raise ValueError(
                        f"WARTA_FETCH_ALLOWLIST: {entry!r} is neither a hostname, "
                        "an IP address nor a CIDR"
                    ) from None
        return ",".join(entries)

    @model_validator(mode="after")
    def _retries_fit_visibility(self) -> "Settings":
        # A countdown longer than the visibility timeout would let Redis hand the
        # waiting message to a second worker.
        if self.retry_backoff_max >= self.visibility_timeout:
            raise ValueError(
                "WARTA_RETRY_BACKOFF_MAX must be shorter than WARTA_VISIBILITY_TIMEOUT"
            )
        if self.webhook_backoff_max and self.webhook_backoff_max >= self.visibility_timeout:
            raise ValueError(
                "WARTA_WEBHOOK_BACKOFF_MAX must be shorter than WARTA_VISIBILITY_TIMEOUT"
            )
        return self

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value):
            raise ValueError(f"WARTA_PUBLIC_URL: {value!r} is not an http(s) base URL")
        return value.rstrip("/") if value else None

    def webhook_backoff_cap(self) -> float:
        return self.webhook_backoff_max or self.retry_backoff_max

    def public_base_url(self) -> str:
        """Where partners reach this Warta: links in feeds, items and webhooks."""
        if self.public_url:
            return self.public_url
        return f"http://{url_host(self.host)}:{self.port}"

    def public_url_guessed(self) -> bool:
        """True when links would name a host nobody chose: a wildcard bind, no public_url."""
        return not self.public_url and self.host.strip() in WILDCARD_HOSTS

    @property
    def packages_dir(self) -> Path:
        return (self.models_dir or self.data_dir / "models").expanduser().resolve()

    @property
    def run_dir(self) -> Path:
        return self.data_dir / "run"

    @property
    def redis_url_file(self) -> Path:
        return self.run_dir / "redis.url"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'warta.db'}"

    def resolved_redis_url(self) -> str:
        if self.redis_url:
            return self.redis_url
        if self.redis_url_file.exists():
            return self.redis_url_file.read_text().strip()
        raise RuntimeError(
            f"No Redis configured: start `warta up --data-dir {self.data_dir}` "
            "or set WARTA_REDIS_URL."
        )


def url_host(host: str) -> str:
    """`host` as the host part of a URL others can connect to.

    A wildcard bind address (0.0.0.0, ::) is no address to connect to: the
    machine's host name stands in (WARTA_PUBLIC_URL should be set instead).
    An IPv6 literal gets its brackets.
    """
    host = host.strip()
    if host in WILDCARD_HOSTS:
        return _machine_name()
    if ":" in host and not host.startswith("["):
        return f"[{host}]"
    return host


@lru_cache
def _machine_name() -> str:
    # gethostname asks no DNS server, so it cannot hang a request.
    return socket.gethostname().lower() or "localhost"


@lru_cache
def get_settings() -> Settings:
    return Settings()
