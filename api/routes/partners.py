"""Partners (editors manage them): licences, keys, webhook settings."""

from fastapi import APIRouter, HTTPException, status
from sqlmodel import Session, select

from api.deps import EditorUser, SessionDep
from api.syndication_schemas import (
    PartnerIn,
    PartnerPublic,
    PartnerSecrets,
    PartnerUpdate,
)
from core.models import Partner
from core.partners import (
    PartnerExists,
    PartnerInvalid,
    create_partner,
    domains_of,
    known_domains,
    rotate_key,
    rotate_webhook_secret,
    set_domains,
    set_webhook,
    touch,
)

router = APIRouter(prefix="/api/v1/partners", tags=["partners"])


@router.get("")
def list_partners(session: SessionDep, _: EditorUser) -> list[PartnerPublic]:
    """Every partner with its licensed sources (never the keys)."""
    partners = session.exec(select(Partner).order_by(Partner.name)).all()
    return [public(session, partner) for partner in partners]


@router.post("", status_code=status.HTTP_201_CREATED)
def add_partner(body: PartnerIn, session: SessionDep, _: EditorUser) -> PartnerSecrets:
    """Add a partner; its API key (and webhook secret) are in this answer only."""
    try:
        partner, key = create_partner(
            session=session,
            name=body.name,
            domains=body.sources,
            canonical_link=body.canonical_link,
            webhook_url=body.webhook_url,
        )
    except PartnerInvalid as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    except PartnerExists as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    session.commit()
    return secrets(session, partner, api_key=key, webhook_secret=partner.webhook_secret)


@router.get("/{partner_id}")
def get_partner(partner_id: int, session: SessionDep, _: EditorUser) -> PartnerPublic:
    """One partner."""
    return public(session, load_partner(session, partner_id))


@router.patch("/{partner_id}")
def update_partner(
    partner_id: int, body: PartnerUpdate, session: SessionDep, _: EditorUser
) -> PartnerSecrets:
    """Change licences, link policy, webhook or activity; a new webhook gets a secret (once)."""
    partner = load_partner(session, partner_id)
    sent = body.model_fields_set
    secret = None
    try:
        if "sources" in sent:
            set_domains(session=session, partner=partner, domains=body.sources or [])
        if "webhook_url" in sent:
            secret = set_webhook(partner=partner, url=body.webhook_url)
    except PartnerInvalid as exc:
        session.rollback()
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    if body.canonical_link is not None:
        partner.canonical_link = body.canonical_link
    if body.is_active is not None:
        partner.is_active = body.is_active
    touch(partner)
    session.add(partner)
    session.commit()
    return secrets(session, partner, webhook_secret=secret)


@router.post("/{partner_id}/key")
def new_key(partner_id: int, session: SessionDep, _: EditorUser) -> PartnerSecrets:
    """Replace the partner's API key: the old one stops working now; the new one shows once."""
    partner = load_partner(session, partner_id)
    key = rotate_key(session=session, partner=partner)
    session.commit()
    return secrets(session, partner, api_key=key)


@router.post("/{partner_id}/webhook-secret")
def new_secret(partner_id: int, session: SessionDep, _: EditorUser) -> PartnerSecrets:
    """Replace the webhook signing secret; the next attempt is signed with the new one."""
    partner = load_partner(session, partner_id)
    if not partner.webhook_url:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"'{partner.name}' has no webhook URL; set one first."
        )
    secret = rotate_webhook_secret(partner=partner)
    session.add(partner)
    session.commit()
    return secrets(session, partner, webhook_secret=secret)


def load_partner(session: Session, partner_id: int) -> Partner:
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"There is no partner {partner_id}.")
    return partner


def public(session: Session, partner: Partner) -> PartnerPublic:
    return PartnerPublic(
        id=partner.id,
        name=partner.name,
        key_hint=partner.key_hint,
        sources=domains_of(session, partner.id),
        canonical_link=partner.canonical_link,
        webhook_url=partner.webhook_url,
        is_active=partner.is_active,
        created_at=partner.created_at,
        updated_at=partner.updated_at,
    )


def secrets(
    session: Session,
    partner: Partner,
    *,
    api_key: str | None = None,
    webhook_secret: str | None = None,
) -> PartnerSecrets:
    shown = public(session, partner)
    return PartnerSecrets(
        **shown.model_dump(),
        api_key=api_key,
        webhook_secret=webhook_secret,
        unknown_sources=sorted(set(shown.sources) - known_domains(session, shown.sources)),
    )
