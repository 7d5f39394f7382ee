"""Child processes of `warta up`: a local Redis, the Celery worker and the API."""

import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import redis

from core.config import Settings
from core.queue import QUEUES


class AlreadyRunning(RuntimeError):
    """Another `warta up` holds this data directory."""


def hold_data_dir(settings: Settings) -> IO[str]:
    """An exclusive lock on the data directory for as long as the returned file is open.

    Two `warta up` on one data directory would start two Redis servers and
    overwrite each other's run/redis.url. The kernel drops the lock when the
    holder dies, so a crash leaves nothing to clean up.
    """
    settings.run_dir.mkdir(parents=True, exist_ok=True)
    handle = (settings.run_dir / "up.lock").open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip() or "?"
        handle.close()
        raise AlreadyRunning(
            f"Warta is already running from {settings.data_dir} (process {owner}); "
            "stop it first, or start this one with another --data-dir."
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def free_port(host: str = "127.0.0.1") -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.bind((host.strip("[]"), 0))
        return sock.getsockname()[1]


def child_env(
    settings: Settings,
    host: str,
    port: int,
    redis_url: str | None = None,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment of `warta up`'s children (worker and API).

    They share the data dir and Redis, and learn where the API listens
    (WARTA_HOST, WARTA_PORT): every link they build — feeds, items, webhook
    bodies, the publishing panel — starts with that address, unless
    WARTA_PUBLIC_URL (inherited from `base`, the parent's environment) names
    another, e.g. a proxy's.
    """
    if not 0 < port < 65536:
        raise ValueError(f"the API's port must be chosen before children start, not {port}")
    env = dict(os.environ if base is None else base)
    env.update(WARTA_DATA_DIR=str(settings.data_dir), WARTA_HOST=host, WARTA_PORT=str(port))
    if redis_url:
        env["WARTA_REDIS_URL"] = redis_url
    return env


def start_redis(settings: Settings) -> tuple[subprocess.Popen, str]:
    """Start redis-server on a free loopback port, persisting into the data dir."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(
            "redis-server is not installed: run ./scripts/up (it installs Debian's "
            "redis-server) or point WARTA_REDIS_URL at a Redis server."
        )
    port = free_port()
    data = settings.data_dir / "redis"
    data.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(data),
            # The append-only file keeps queued work across restarts.
            "--appendonly",
            "yes",
            "--save",
            "",
            "--daemonize",
            "no",
            "--logfile",
            str(data / "redis.log"),
        ],
    )
    url = f"redis://127.0.0.1:{port}/0"
    wait_for_redis(url, process)
    return process, url


def wait_for_redis(url: str, process: subprocess.Popen | None = None, timeout: float = 15) -> None:
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.ping()
            return
        except redis.ConnectionError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {process.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"Redis at {url} did not answer in {timeout}s") from None
            time.sleep(0.1)


def worker_command(
    settings: Settings,
    queues: tuple[str, ...] = QUEUES,
    concurrency: int | None = None,
    beat: bool = False,
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "worker.celery_app",
        "worker",
        "--queues",
        ",".join(queues),
        "--concurrency",
        str(concurrency or settings.worker_concurrency),
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
    ]
    if beat:
        schedule = settings.run_dir / "celerybeat-schedule"
        command += ["--beat", "--schedule", str(schedule)]
    return command


def beat_command(settings: Settings) -> list[str]:
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "worker.celery_app",
        "beat",
        "--schedule",
        str(settings.run_dir / "celerybeat-schedule"),
        "--loglevel",
        "INFO",
    ]


def api_command(host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "api.main:app",
        "--host",
        host,
        "--port",
        str(port),
        "--no-access-log",
    ]


def stop(processes: list[subprocess.Popen], grace: float = 15) -> None:
    """SIGTERM every child, then SIGKILL what is still running after `grace` seconds."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def write_redis_url(path: Path, url: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(url + "\n")
