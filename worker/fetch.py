"""Fetch a source page: guarded addresses, timeouts and a deadline, a size cap, HTML only.

Every failure is a StageError with a code and a sentence an editor can act on;
the ones that may go away by themselves (timeouts, 5xx and 429, resets) are
TransientErrors and get retried with backoff.
"""

import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import httpcore
import httpx

from core.config import Settings
from worker.errors import StageError, TransientError
from worker.netguard import Allowlist, GuardedBackend

MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
SCHEMES = ("http", "https")


@dataclass(frozen=True)
class FetchedPage:
    content: bytes
    content_type: str
    final_url: str


def fetch_page(url: str, settings: Settings) -> FetchedPage:
    deadline = Deadline(settings.fetch_deadline)
    backend = DeadlineBackend(GuardedBackend(Allowlist.parse(settings.fetch_allowlist)), deadline)
    transport = GuardedTransport(backend)
    try:
        with _client(settings, transport) as client:
            return _follow(client, transport, _checked_url(url), settings)
    except httpx.TimeoutException as exc:
        if deadline.expired():
            raise TransientError(
                "timeout",
                "The source site did not deliver the whole page in time "
                f"(Warta waits {settings.fetch_deadline:g} seconds at most).",
            ) from exc
        raise TransientError("timeout", "The source site did not answer in time.") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise StageError("invalid_url", f"The URL is not valid ({exc}).") from exc
    except httpx.DecodingError as exc:
        raise TransientError(
            "connection_failed", f"The source site sent a damaged response ({exc})."
        ) from exc
    except httpx.TransportError as exc:  # refused, reset, closed mid-response
        raise TransientError(
            "connection_failed",
            f"Could not connect to the source site ({str(exc) or type(exc).__name__}).",
        ) from exc


def _client(settings: Settings, transport: httpx.BaseTransport) -> httpx.Client:
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(settings.fetch_timeout, connect=min(10.0, settings.fetch_timeout)),
        headers={"User-Agent": settings.fetch_user_agent, "Accept": "text/html,*/*;q=0.5"},
        # The environment's proxy variables would connect somewhere the guard never saw.
        trust_env=False,
    )


def _follow(
    client: httpx.Client, transport: httpx.BaseTransport, url: httpx.URL, settings: Settings
) -> FetchedPage:
    for _ in range(MAX_REDIRECTS + 1):
        # Every hop goes through the same guarded transport: a public page that
        # redirects to 169.254.169.254 is refused at the connect, like a direct link.
        # The client only builds requests (headers, cookies, timeouts): its send()
        # parses a Location itself, even with redirects off, and would fail on a
        # malformed one with a misleading error.
        request = client.build_request("GET", url)
        response = transport.handle_request(request)
        response.request = request
        try:
            client.cookies.extract_cookies(response)  # consent pages: set a cookie, come back
            if not response.has_redirect_location:
                return _page(response, settings)
            url = _checked_url(response.headers["location"], base=url)
        finally:
            response.close()
    raise StageError("too_many_redirects", f"The page redirected more than {MAX_REDIRECTS} times.")


def _checked_url(location: str, base: httpx.URL | None = None) -> httpx.URL:
    try:
        url = base.join(location) if base is not None else httpx.URL(location)
    except httpx.InvalidURL as exc:
        where = "redirected to an invalid URL" if base else "is not valid"
        raise StageError("invalid_url", f"The link {where}: '{location}' ({exc}).") from exc
    if url.scheme not in SCHEMES or not url.host:
        what = f"a '{url.scheme}' link" if url.scheme else f"'{location}'"
        prefix = "The page redirected to" if base else "The URL is"
        raise StageError(
            "invalid_url", f"{prefix} {what}; Warta fetches only http and https web pages."
        )
    return url


def _page(response: httpx.Response, settings: Settings) -> FetchedPage:
    _check_status(response)
    content_type = response.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        raise StageError(
            "not_html",
            f"The URL points to '{content_type or 'unknown content'}', not an HTML page.",
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.fetch_max_bytes:
        raise _too_large(settings, declared=int(declared))  # refuse before downloading
    return FetchedPage(_read_capped(response, settings), content_type, str(response.url))


def _check_status(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    reason = f"The source site answered HTTP {status} ({response.reason_phrase})."
    if status >= 500 or status == 429:
        raise TransientError("http_error", reason)
    raise StageError("http_error", reason)


def _read_capped(response: httpx.Response, settings: Settings) -> bytes:
    # Counted after decompression, so a small gzip bomb is cut off at the cap too.
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > settings.fetch_max_bytes:
            raise _too_large(settings)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(settings: Settings, declared: int | None = None) -> StageError:
    size = f" ({_human(declared)})" if declared is not None else ""
    return StageError(
        "too_large",
        f"The page is larger{size} than {_human(settings.fetch_max_bytes)}, "
        "the most Warta fetches.",
    )


def _human(size: int) -> str:
    for unit, scale in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport (exception mapping and all), on a pool with our backend."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        super().__init__(verify=_ssl_context(), trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            network_backend=backend,
            http1=True,
            http2=False,
        )


@lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    # Loading the CA bundle takes milliseconds; a context is safe to share between threads.
    return httpx.create_ssl_context(trust_env=False)


class Deadline:
    """The moment the whole fetch must be over."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.remaining() <= 0

    def cap(self, timeout: float | None, error: type[Exception]) -> float:
        """The per-operation timeout, shortened to what is left; raises `error` when none is."""
        left = self.remaining()
        if left <= 0:
            raise error("the fetch deadline passed")
        return left if timeout is None else min(timeout, left)


class DeadlineBackend(httpcore.NetworkBackend):
    """Caps every connect, TLS handshake, read and write at the time left.

    httpx's timeouts are per operation: a server that sends a byte every few
    seconds (in the body, or in the headers, where httpx cannot even see it)
    never trips them. Shortening each socket operation to the time left ends
    the fetch at the deadline wherever it is waiting.
    """

    def __init__(self, inner: httpcore.NetworkBackend, deadline: Deadline) -> None:
        self.inner, self.deadline = inner, deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        timeout = self.deadline.cap(timeout, httpcore.ConnectTimeout)
        stream = self.inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self.deadline)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        return self.inner.connect_unix_socket(path, timeout, socket_options)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self.inner, self.deadline = inner, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self.deadline.cap(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.deadline.cap(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # CPython bounds the whole handshake by one timeout, so this caps it too.
        timeout = self.deadline.cap(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self.inner.start_tls(ssl_context, server_hostname, timeout), self.deadline
        )

    def get_extra_info(self, info: str) -> object:
        return self.inner.get_extra_info(info)
