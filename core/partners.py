"""Partners, shared by the API and the CLI: keys, licences, webhook settings.

An API key is shown once and stored as its SHA-256 (like user tokens: 256
random bits need no slow hash, and a deterministic one can be looked up).
"""

import base64
import ipaddress
import re
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import delete, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from core.models import CanonicalLink, Partner, PartnerSource, Source
from core.security import hash_token
from core.text import xml_safe

KEY_PREFIX = "wp_"
SECRET_PREFIX = "whsec_"
_HOSTNAME = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)(\.(?!-)[a-z0-9_-]{1,63}(?<!-))+")


class PartnerInvalid(ValueError):
    """Input a person must fix (HTTP 422); the message says how."""


class PartnerExists(ValueError):
    """The name is taken (HTTP 409)."""


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def new_webhook_secret() -> str:
    # Standard Webhooks: "whsec_" + base64 of the HMAC key bytes.
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def normalize_domain(value: str) -> str:
    """ "https://www.AA.com.tr/en" or "aa.com.tr." → "aa.com.tr", as sources are keyed."""
    text = value.strip()
    host = (urlsplit(text).hostname or "") if "://" in text else text.split("/")[0]
    host = host.lower().rstrip(".").removeprefix("www.")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    if not _HOSTNAME.fullmatch(host):
        raise PartnerInvalid(
            f"'{value}' is not a source domain; give the outlet's domain, e.g. aa.com.tr."
        )
    return host


def check_webhook_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PartnerInvalid(
            f"The webhook URL '{url}' is not an http(s) URL; give the full address, "
            "e.g. https://partner.example/warta-webhook."
        )
    return url.strip()


def name_taken(session: Session, name: str) -> bool:
    return bool(
        session.exec(select(func.count()).select_from(Partner).where(Partner.name == name)).one()
    )


def create_partner(
    *,
    session: Session,
    name: str,
    domains: Iterable[str],
    canonical_link: CanonicalLink = CanonicalLink.ORIGINAL,
    webhook_url: str | None = None,
) -> tuple[Partner, str]:
    """A new partner and its API key (the only time the key exists in plain text)."""
    name = xml_safe(name).strip()  # it titles the partner's feeds
    if not name:
        raise PartnerInvalid("A partner needs a name.")
    if name_taken(session, name):
        raise PartnerExists(f"A partner named '{name}' already exists.")
    key = new_key()
    partner = Partner(
        name=name,
        key_hash=hash_token(key),
        key_hint=key[:10],
        canonical_link=canonical_link,
        webhook_url=check_webhook_url(webhook_url),
    )
    partner.webhook_secret = new_webhook_secret() if partner.webhook_url else None
    session.add(partner)
    try:
        session.flush()
    except IntegrityError as exc:
        # Someone added the same name between the check above and this insert.
        session.rollback()
        raise PartnerExists(f"A partner named '{name}' already exists.") from exc
    set_domains(session=session, partner=partner, domains=domains)
    return partner, key


def set_domains(*, session: Session, partner: Partner, domains: Iterable[str]) -> list[str]:
    wanted = sorted({normalize_domain(d) for d in domains})
    session.execute(delete(PartnerSource).where(PartnerSource.partner_id == partner.id))
    session.add_all(PartnerSource(partner_id=partner.id, domain=d) for d in wanted)
    touch(partner)
    return wanted


def set_webhook(*, partner: Partner, url: str | None) -> str | None:
    """Set or remove the webhook URL; a first URL gets a signing secret, returned this once."""
    partner.webhook_url = check_webhook_url(url)
    secret = None
    if partner.webhook_url and not partner.webhook_secret:
        partner.webhook_secret = secret = new_webhook_secret()
    elif not partner.webhook_url:
        partner.webhook_secret = None
    touch(partner)
    return secret


def rotate_webhook_secret(*, partner: Partner) -> str:
    """A new signing secret (the next attempt is signed with it); the caller checks the URL."""
    partner.webhook_secret = new_webhook_secret()
    return partner.webhook_secret


def set_active(*, partner: Partner, active: bool) -> None:
    """A deactivated partner's key, feeds and webhooks stop at once; reactivating restores them."""
    partner.is_active = active
    touch(partner)


def rotate_key(*, session: Session, partner: Partner) -> str:
    key = new_key()
    partner.key_hash, partner.key_hint = hash_token(key), key[:10]
    touch(partner)
    session.add(partner)
    return key


def touch(partner: Partner) -> None:
    """Record a change to what the partner sees: its feeds' ETags change with it."""
    partner.revision = (partner.revision or 0) + 1
    partner.updated_at = datetime.now(UTC)


def domains_of(session: Session, partner_id: int) -> list[str]:
    return list(
        session.exec(
            select(PartnerSource.domain)
            .where(PartnerSource.partner_id == partner_id)
            .order_by(PartnerSource.domain)
        ).all()
    )


def licensed_source_ids(session: Session, partner_id: int) -> list[int]:
    return list(
        session.exec(
            select(Source.id)
            .join(PartnerSource, PartnerSource.domain == Source.domain)
            .where(PartnerSource.partner_id == partner_id)
        ).all()
    )


def partner_for_key(*, session: Session, key: str) -> Partner | None:
    return session.exec(
        select(Partner).where(Partner.key_hash == hash_token(key), Partner.is_active)
    ).first()


def known_domains(session: Session, domains: Iterable[str]) -> set[str]:
    """Which of `domains` Warta has articles from already (the CLI warns about the rest)."""
    return set(session.exec(select(Source.domain).where(Source.domain.in_(list(domains)))).all())
