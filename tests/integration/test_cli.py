"""The product as an operator runs it: `warta up`, then the CLI beside it."""

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import SourceSite

pytestmark = pytest.mark.integration
# The console script pip installed, as an operator would call it.
WARTA = [str(Path(sys.executable).parent / "warta")]


def clean_env(data_dir: Path | None = None) -> dict[str, str]:
    """A fresh shell's environment (no test stack), allowlisting the loopback source site."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARTA_")}
    env["WARTA_FETCH_ALLOWLIST"] = "127.0.0.1"
    if data_dir is not None:
        env["WARTA_DATA_DIR"] = str(data_dir)
    return env


def warta(data_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*WARTA, *args], env=clean_env(data_dir), capture_output=True, text=True, timeout=timeout
    )


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def start_up(*args: str) -> tuple[subprocess.Popen, list[str]]:
    """`warta up ARGS` on first start, read up to the admin's API token (the last line)."""
    process = subprocess.Popen(
        [*WARTA, "up", *args],
        env=clean_env(),  # no WARTA_PUBLIC_URL, WARTA_HOST or WARTA_PORT from this shell
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # the children's logs would land between the lines read
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    while not any("API token (shown once)" in line for line in lines[:-1]):
        line = process.stdout.readline()
        assert line, f"warta up exited early: {lines}"
        lines.append(line.strip())
    # Keep draining the output so a chatty child never blocks on a full pipe.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return process, lines


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[tuple[subprocess.Popen, str, str, str, Path]]:
    data_dir = tmp_path / "data"
    process, lines = start_up("--data-dir", str(data_dir), "--port", "0")
    url = re.search(r"Warta is running at (http://\S+:\d+)", "\n".join(lines)).group(1)
    token = lines[-1]
    assert any(line.startswith("First start: created user 'admin'") for line in lines)
    sign_in = re.search(
        rf"Sign in at {re.escape(url)} as admin with password (\S+)", "\n".join(lines)
    )
    assert sign_in, lines
    wait_healthy(url, process)
    yield process, url, token, sign_in.group(1), data_dir
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)


def _web_sign_in(url: str, name: str, password: str) -> int:
    """Sign in through the web form as a browser does; the status of the page it ends on."""
    with httpx.Client(base_url=url) as browser:
        browser.get("/login")
        form = {"name": name, "password": password, "csrf_token": browser.cookies["warta_csrf"]}
        response = browser.post("/login", data=form, follow_redirects=True)
        return response.status_code


def wait_healthy(url: str, process: subprocess.Popen | None = None) -> None:
    """Until the API at `url` answers /healthz; fails at once if `process` exits first."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process is None or process.poll() is None, "warta exited before answering"
        try:
            if httpx.get(f"{url}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the API never answered /healthz")


def test_warta_up_runs_everything_and_stops_everything(embedded, site: SourceSite) -> None:
    process, url, token, password, data_dir = embedded
    headers = {"Authorization": f"Bearer {token}"}
    # The first admin can sign in to the web UI with the password printed at start.
    assert _web_sign_in(url, "admin", password) == 200
    assert _web_sign_in(url, "admin", password + "x") == 401
    page = site.add_file("/cli/en", "en_article.html")
    created = httpx.post(f"{url}/api/v1/articles", json={"url": page}, headers=headers)
    assert created.status_code == 202
    deadline = time.monotonic() + 60
    while (
        article := httpx.get(
            f"{url}/api/v1/articles/{created.json()['id']}", headers=headers
        ).json()
    )["state"] != "in_review":
        assert article["state"] != "failed" and time.monotonic() < deadline, article
        time.sleep(0.2)
    assert article["title"].startswith("Azerbaijan says army")
    assert article["byline"] and article["published_at"] == "2020-10-02T09:30:00+03:00"
    assert sum(len(p["segments"]) for p in article["paragraphs"]) == 7  # headline + body
    assert httpx.get(f"{url}/docs").status_code == 200
    # A second `warta up` on the same data directory refuses, and says why.
    second = warta(data_dir, "up", "--port", "0", timeout=30)
    assert second.returncode == 2 and "already running" in second.stderr, second.stderr
    assert f"(process {process.pid})" in second.stderr

    # The other commands find the same database and Redis through the data dir.
    added = warta(data_dir, "users", "add", "sinta", "--role", "translator")
    assert added.returncode == 0, added.stderr
    translator = added.stdout.strip().splitlines()[-1]
    assert _web_sign_in(url, "sinta", "from stdin 123") == 401  # no password yet
    piped = subprocess.run(
        [*WARTA, "users", "password", "sinta"],
        input="from stdin 123\n",
        env=clean_env(data_dir),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert piped.returncode == 0, piped.stderr
    assert _web_sign_in(url, "sinta", "from stdin 123") == 200
    generated = warta(data_dir, "users", "password", "sinta", "--generate")
    assert generated.returncode == 0, generated.stderr
    assert _web_sign_in(url, "sinta", generated.stdout.strip().splitlines()[-1]) == 200
    assert _web_sign_in(url, "sinta", "from stdin 123") == 401
    listed = httpx.get(f"{url}/api/v1/articles", headers={"Authorization": f"Bearer {translator}"})
    assert listed.status_code == 200 and listed.json()["items"][0]["id"] == created.json()["id"]

    submitted = warta(data_dir, "submit", site.add_file("/cli/tr", "tr_article.html"), "--wait")
    assert submitted.returncode == 0, submitted.stderr
    states = re.findall(r"^\s+(\w+)\s", submitted.stdout, re.MULTILINE)
    assert states[-1] == "in_review" and "submitted" not in states[-1:]
    article_id = submitted.stdout.strip().splitlines()[-1]
    status = warta(data_dir, "status", article_id)
    assert "in_review" in status.stdout and "Azerbaycan ordusu" in status.stdout
    assert "5 paragraphs, 7 segments" in status.stdout  # the headline and the body

    children = children_of(process.pid)
    assert len(children) == 3  # redis-server, the Celery worker, the API
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0
    time.sleep(0.5)
    assert [pid for pid in children if Path(f"/proc/{pid}").exists()] == []
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/healthz", timeout=2)


def test_submit_refuses_a_malformed_url_and_status_an_unknown_id(tmp_path: Path) -> None:
    assert warta(tmp_path, "migrate").returncode == 0
    bad = warta(tmp_path, "submit", "not a url")
    assert bad.returncode == 2 and "Invalid URL" in bad.stderr
    missing = warta(tmp_path, "status", "42")
    assert missing.returncode == 1 and "no article 42" in missing.stderr
    wrong_role = warta(tmp_path, "users", "add", "x", "--role", "boss")
    assert wrong_role.returncode == 2 and "editor, translator or admin" in wrong_role.stderr
    nobody = warta(tmp_path, "users", "password", "nobody", "--generate")
    assert nobody.returncode == 1 and "no user named 'nobody'" in nobody.stderr
    short = subprocess.run(
        [*WARTA, "users", "password", "nobody"],
        input="short\n",
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
