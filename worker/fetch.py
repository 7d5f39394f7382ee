"""Fetch a source page: timeouts, a size cap, HTML only, raw bytes kept."""

from dataclasses import dataclass

import httpx

from core.config import Settings
from worker.errors import StageError, TransientError

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class FetchedPage:
    content: bytes
    content_type: str
    final_url: str


def fetch_page(url: str, settings: Settings) -> FetchedPage:
    timeout = httpx.Timeout(settings.fetch_timeout, connect=min(10.0, settings.fetch_timeout))
    headers = {"User-Agent": settings.fetch_user_agent, "Accept": "text/html,*/*;q=0.5"}
    try:
        with (
            httpx.Client(
                timeout=timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS, headers=headers
            ) as client,
            client.stream("GET", url) as response,
        ):
            _check_status(response)
            content_type = response.headers.get("content-type", "")
            if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                raise StageError(
                    "not_html",
                    f"The URL points to '{content_type or 'unknown content'}', not an HTML page.",
                )
            return FetchedPage(_read_capped(response), content_type, str(response.url))
    except httpx.TooManyRedirects as exc:
        raise StageError(
            "too_many_redirects", f"The page redirected more than {MAX_REDIRECTS} times."
        ) from exc
    except httpx.TimeoutException as exc:
        raise TransientError("timeout", "The source site did not answer in time.") from exc
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
        raise TransientError(
            "connection_failed", f"Could not connect to the source site ({exc})."
        ) from exc


def _check_status(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    reason = f"The source site answered HTTP {status} ({response.reason_phrase})."
    if status >= 500 or status == 429:
        raise TransientError("http_error", reason)
    raise StageError("http_error", reason)


def _read_capped(response: httpx.Response) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BYTES:
            raise StageError(
                "too_large", f"The page is larger than {MAX_BYTES // (1024 * 1024)} MiB."
            )
        chunks.append(chunk)
    return b"".join(chunks)
