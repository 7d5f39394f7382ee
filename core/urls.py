"""Submitted URL validation and normalisation (the duplicate-submission key)."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Tracking parameters that never change which article a URL names.
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref_src", "igshid")


class InvalidUrl(ValueError):
    pass


def normalize_url(url: str) -> str:
    """Validate `url` and return its normal form, or raise InvalidUrl with a reason."""
    url = url.strip()
    if not url:
        raise InvalidUrl("The URL is empty.")
    if any(ch.isspace() for ch in url):
        raise InvalidUrl("The URL contains spaces.")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidUrl("Only http:// and https:// URLs can be submitted.")
    try:
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError as exc:
        raise InvalidUrl(f"The URL's host or port is malformed: {exc}.") from exc
    if not host:
        raise InvalidUrl("The URL has no host name.")
    if parts.username or parts.password:
        raise InvalidUrl("URLs with a user name or password are not accepted.")
    try:
        host = host.encode("idna").decode("ascii") if not _is_ip_literal(host) else host
    except UnicodeError as exc:
        raise InvalidUrl("The URL's host name is not a valid domain name.") from exc
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(_TRACKING)
        )
    )
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def _is_ip_literal(host: str) -> bool:
    return ":" in host or host.replace(".", "").isdigit()


def domain_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
