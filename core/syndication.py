"""What partners receive: the ninjs-like item and the change, and how links are made.

The same item goes out in the pull API, the feeds and webhook events, so a
partner that mixes them sees one article with one id and one version.
"""

from datetime import UTC, datetime

from pydantic import BaseModel, Field, field_serializer

from core.models import CanonicalLink, Partner, Publication, PubStatus


def utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SourceRef(BaseModel):
    name: str
    domain: str
    credit_line: str


class Attribution(BaseModel):
    source: SourceRef
    original_url: str
    original_byline: str | None
    original_published_at: str | None = Field(description="As the source page gave it")
    original_language: str | None
    translators: list[str]
    warta_url: str = Field(description="This article at Warta")


class Picture(BaseModel):
    uri: str
    type: str = "picture"


class Item(BaseModel):
    """An article as partners receive it (after IPTC ninjs)."""

    uri: str = Field(description="Stable for life: de-duplicate by it")
    id: str = Field(description="The public id, for /syndication/v1/articles/{id}")
    version: int
    pubstatus: PubStatus
    type: str = "text"
    language: str = "id"
    firstcreated: datetime
    versioncreated: datetime
    headline: str | None
    description_text: str | None
    byline: str | None
    body_html: str | None = Field(description="Sanitised HTML, credit line at the end")
    correction_note: str | None
    canonical_url: str | None = Field(description="rel=canonical for the partner's page, if any")
    lead_image: Picture | None
    attribution: Attribution
    killed_at: datetime | None = None
    kill_reason: str | None = None

    @field_serializer("firstcreated", "versioncreated", "killed_at")
    def _utc(self, value: datetime | None) -> str | None:
        return utc(value).isoformat() if value else None


class Change(BaseModel):
    cursor: str = Field(description="Resume after this change with ?cursor=")
    type: str = Field(description="created, updated or killed")
    id: str
    uri: str
    version: int
    at: datetime
    note: str | None = Field(description="The correction note or the kill reason")

    @field_serializer("at")
    def _utc(self, value: datetime) -> str:
        return utc(value).isoformat()


def uri_of(public_id: str) -> str:
    return f"urn:uuid:{public_id}"


def warta_url(base_url: str, public_id: str) -> str:
    return f"{base_url}/syndication/v1/articles/{public_id}"


def link_for(publication: Publication, partner: Partner, base_url: str) -> str:
    """The item's link: the original (the partner's licence asks to point there) or Warta."""
    if partner.canonical_link == CanonicalLink.ORIGINAL:
        return publication.original_url
    return warta_url(base_url, publication.public_id)


def to_item(publication: Publication, domain: str, partner: Partner, base_url: str) -> Item:
    live = publication.status == PubStatus.USABLE
    return Item(
        uri=uri_of(publication.public_id),
        id=publication.public_id,
        version=publication.version,
        pubstatus=publication.status,
        firstcreated=publication.first_published_at,
        versioncreated=publication.version_at,
        # A withdrawn article is a tombstone: nothing left to republish.
        headline=publication.headline if live else None,
        description_text=publication.summary if live else None,
        byline=publication.original_byline if live else None,
        body_html=publication.body_html if live else None,
        correction_note=publication.correction_note,
        canonical_url=(
            publication.original_url
            if live and partner.canonical_link == CanonicalLink.ORIGINAL
            else None
        ),
        lead_image=Picture(uri=publication.lead_image_url)
        if live and publication.lead_image_url
        else None,
        attribution=Attribution(
            source=SourceRef(
                name=publication.source_name, domain=domain, credit_line=publication.credit_line
            ),
            original_url=publication.original_url,
            original_byline=publication.original_byline,
            original_published_at=publication.original_published_at,
            original_language=publication.original_language,
            translators=list(publication.translators or []),
            warta_url=warta_url(base_url, publication.public_id),
        ),
        killed_at=publication.killed_at,
        kill_reason=publication.kill_reason,
    )
