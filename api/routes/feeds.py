"""Feeds per partner: RSS 2.0, Atom (with RFC 6721 tombstones) and JSON Feed 1.1.

Conditional requests are the common case (feed readers poll), so the 304
answer is decided before anything is rendered: the ETag is the partner, its
revision and the newest event id of all, read with the key check in one
prepared query. It changes more often than a partner's own feed does (an
event of an unlicensed source moves it too), never less often. For the same
reason the routes read the key and open their database connection
themselves, without dependencies (a sync one costs a thread-pool round trip,
the security ones ~50 µs of solving); OpenAPI still lists the key.
Rendered feeds are kept by ETag and self link in this process.

Every feed answers HEAD as it answers GET (RFC 9110 §9.3.2): the same status
and headers, Content-Length included, and no body.

The self link (rel="self" in RSS and Atom, JSON Feed's feed_url) is
where the reader fetched the feed: the public base URL and the path, plus
?key= when the key came in the URL. A reader that can send no header is
subscribed to that URL, and readers re-subscribe to a feed's self link, so
a self link without the key would break them; the key in the body tells the
reader nothing its own request did not (the body is only ever sent to a
request that carried that key in its URL). A key sent in the header never
appears in the body. The two are different representations: their ETags
differ, and the rendered-feed cache is keyed by the self link too, so a body
made for one URL (one key) is never served to another.
"""

import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from api.deps import bad_key, no_key, rate_limit
from core import feeds
from core.config import get_settings
from core.db import get_engine
from core.models import Partner, Publication
from core.security import hash_token
from core.syndication_queries import FeedState, feed_state, recent_publications

router = APIRouter(prefix="/feeds", tags=["feeds"])

Renderer = Callable[[list[Publication], feeds.FeedContext], bytes]
KINDS: dict[str, tuple[Renderer, str]] = {
    "rss": (feeds.rss, "application/rss+xml; charset=utf-8"),
    "atom": (feeds.atom, "application/atom+xml; charset=utf-8"),
    "json": (feeds.json_feed, "application/feed+json; charset=utf-8"),
}
_CACHE_SIZE = 64
_cache: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
_cache_lock = threading.Lock()

FEED_RESPONSES = {
    200: {"description": "The feed", "content": {"application/xml": {}}},
    304: {"description": "Not modified since the ETag or date you sent"},
    401: {"description": "No partner key, or not a valid one"},
    429: {"description": "Past the partner's rate limit; see Retry-After"},
}
# The key comes in the X-API-Key header, or in ?key= for feed readers without headers.
KEY_PARAMETERS = {
    "parameters": [
        {"name": "X-API-Key", "in": "header", "required": False, "schema": {"type": "string"}},
        {"name": "key", "in": "query", "required": False, "schema": {"type": "string"}},
    ]
}


@router.get(
    "/rss.xml", response_class=Response, responses=FEED_RESPONSES, openapi_extra=KEY_PARAMETERS
)
def rss(request: Request) -> Response:
    """RSS 2.0 with the full sanitised HTML in content:encoded (key: X-API-Key or ?key=)."""
    return _serve("rss", request)


@router.get(
    "/atom.xml", response_class=Response, responses=FEED_RESPONSES, openapi_extra=KEY_PARAMETERS
)
def atom(request: Request) -> Response:
    """Atom; withdrawn articles appear as at:deleted-entry (key: X-API-Key or ?key=)."""
    return _serve("atom", request)


@router.get(
    "/feed.json", response_class=Response, responses=FEED_RESPONSES, openapi_extra=KEY_PARAMETERS
)
def json_feed(request: Request) -> Response:
    """JSON Feed 1.1 (key: X-API-Key or ?key=)."""
    return _serve("json", request)


def _serve(kind: str, request: Request) -> Response:
    header_key = request.headers.get("x-api-key")
    key = header_key or request.query_params.get("key")
    if not key:
        raise no_key()
    engine = get_engine()
    with engine.connect() as connection:
        state = feed_state(connection, hash_token(key))
    if state is None:
        raise bad_key()
    rate_limit(state.partner_id, state.name)
    settings = get_settings()
    base_url = settings.public_base_url()
    in_url = not header_key
    self_url = f"{base_url}{request.url.path}" + (f"?{urlencode({'key': key})}" if in_url else "")
    # Settings shape the feed too (every link, its length): a change must not get a 304.
    shape = zlib.crc32(f"{base_url} {settings.feed_size}".encode())
    variant = "-q" if in_url else ""  # the body names its URL, key included
    etag = (
        f'"{kind}-{state.partner_id}.{state.revision}-{state.latest_id or 0}-{shape:08x}{variant}"'
    )
    modified = max(state.latest_at or state.updated_at, state.updated_at)
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(modified, usegmt=True),
        # One partner's feed must never be served to another from a shared cache.
        "Cache-Control": "private, no-cache",
        "Vary": "X-API-Key",
    }
    if _not_modified(request, etag, modified):
        return Response(status_code=304, headers=headers)
    render, media_type = KINDS[kind]
    # ETags repeat across databases (tests run several in one process); the self link
    # (with its key) is part of the body.
    cache_key = (str(engine.url), etag, self_url)
    body = _cached(cache_key)
    if body is None:
        body = _render(render, state, base_url, self_url, modified)
        _store(cache_key, body)
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(media_type=media_type, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def _render(
    render: Renderer, state: FeedState, base_url: str, self_url: str, modified: datetime
) -> bytes:
    with Session(get_engine(), expire_on_commit=False) as session:
        partner = session.get(Partner, state.partner_id)
        rows = recent_publications(session, partner.id, get_settings().feed_size)
        context = feeds.FeedContext(
            partner=partner, base_url=base_url, self_url=self_url, updated=modified
        )
        return render([publication for publication, _ in rows], context)


def _not_modified(request: Request, etag: str, modified: datetime) -> bool:
    """RFC 9110: If-None-Match decides when present (weak comparison), else If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False  # an unreadable date is ignored, as the RFC says
        if since.tzinfo is not None:
            return modified.replace(microsecond=0) <= since
    return False


def _cached(key: tuple[str, str, str]) -> bytes | None:
    with _cache_lock:
        body = _cache.get(key)
        if body is not None:
            _cache.move_to_end(key)
        return body


def _store(key: tuple[str, str, str], body: bytes) -> None:
    with _cache_lock:
        _cache[key] = body
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
