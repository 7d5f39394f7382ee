"""Real services for the tests: a local source site, PostgreSQL, Redis, a worker."""

import glob
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cli.services import free_port, wait_for_redis, worker_command
from core.config import Settings

PAGES = Path(__file__).parent / "pages"


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    fail_first: int = 0  # answer 503 to this many requests first
    redirect: str | None = None  # answer 302 to this Location instead
    drip: bool = False  # send the headers, then a byte a second, forever
    length: int | None = None  # serve this many filler bytes instead of `body`
    hits: int = 0


class SourceSite:
    """A local HTTP server whose pages the tests set (the news sites of the tests)."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                page = site.pages.get(self.path.split("?")[0])
                if page is None:
                    self.send_error(404)
                    return
                page.hits += 1
                time.sleep(page.delay)
                if page.hits <= page.fail_first:
                    self.send_error(503)
                    return
                if page.redirect:
                    self.send_response(302)
                    self.send_header("Location", page.redirect)
                    self.end_headers()
                    return
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                if page.drip or page.length:
                    self._stream(page)
                    return
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)

            def _stream(self, page: Page) -> None:
                # Hostile bodies: no Content-Length, so only a streaming cap stops them.
                self.end_headers()
                try:
                    self.wfile.write(b"<html><body><p>")
                    sent = 0
                    while page.drip or sent < page.length:
                        chunk = b"a" if page.drip else b"a" * 65536
                        self.wfile.write(chunk)
                        sent += len(chunk)
                        if page.drip:
                            self.wfile.flush()
                            time.sleep(1)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path: str, body: bytes | str, **kwargs: object) -> str:
        if isinstance(body, str):
            body = body.encode()
        self.pages[path] = Page(body=body, **kwargs)
        return self.url(path)

    def add_file(self, path: str, name: str, keep_canonical: bool = False, **kwargs: object) -> str:
        """Serve a page from tests/pages; its canonical link names this URL unless kept."""
        body = (PAGES / name).read_text(encoding="utf-8")
        if not keep_canonical:
            body = re.sub(
                r'<link rel="canonical" href="[^"]*">',
                f'<link rel="canonical" href="{self.url(path)}">',
                body,
            )
        return self.add(path, body.encode(), **kwargs)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _run_as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresCluster:
    """A throwaway PostgreSQL cluster on a free loopback port."""

    def __init__(self) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins:
            raise RuntimeError(
                "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); "
                "./scripts/test installs Debian's postgresql package."
            )
        self.bin = Path(bins[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="warta-pg-"))
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        data = self.root / "data"
        subprocess.run(
            _run_as_postgres(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-instructions",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        subprocess.run(
            _run_as_postgres(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-l",
                    str(self.root / "log"),
                    "-w",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        self.data = data

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            _run_as_postgres(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


class RedisServer:
    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed; ./scripts/test installs it.")
        self.dir = Path(tempfile.mkdtemp(prefix="warta-redis-"))
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_redis(self.url(0), self.process)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class Stack:
    """One deployment under test: a database, a Redis database, worker processes."""

    data_dir: Path
    database_url: str
    redis_url: str
    extra_env: dict[str, str] = field(default_factory=dict)
    workers: list[subprocess.Popen] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "WARTA_DATA_DIR": str(self.data_dir),
            "WARTA_DATABASE_URL": self.database_url,
            "WARTA_REDIS_URL": self.redis_url,
            **self.extra_env,
        }

    def settings(self) -> Settings:
        env = self.env
        return Settings(
            **{
                k[6:].lower(): v
                for k, v in env.items()
                if k.startswith("WARTA_") and k[6:].lower() in Settings.model_fields
            }
        )

    def start_worker(self, concurrency: int = 2, beat: bool = False) -> subprocess.Popen:
        log = self.data_dir / f"worker-{len(self.workers)}.log"
        process = subprocess.Popen(
            worker_command(self.settings(), concurrency=concurrency, beat=beat),
            env=self.env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so kill_worker can take the whole process group
        )
        self.workers.append(process)
        _wait_for_text(log, "ready.", process, timeout=60)
        return process

    def kill_worker(self, process: subprocess.Popen) -> None:
        """kill -9 the worker and its pool children, as a crash or OOM would."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.workers:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _wait_for_text(path: Path, text: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(errors="replace"):
            return
        if process.poll() is not None:
            raise RuntimeError(f"worker exited early:\n{path.read_text(errors='replace')}")
        time.sleep(0.1)
    raise RuntimeError(f"worker not ready after {timeout}s:\n{path.read_text(errors='replace')}")


def build_test_packages(outdir: Path) -> dict[str, Path]:
    """The tiny copy-model packages of scripts/build_test_models.py, by pair ("en-id")."""
    import importlib.util

    path = Path(__file__).parents[1] / "scripts" / "build_test_models.py"
    spec = importlib.util.spec_from_file_location("build_test_models", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build_all(outdir)
    return {p.name.split("-")[1].split("_0")[0].replace("_", "-"): p for p in built}
