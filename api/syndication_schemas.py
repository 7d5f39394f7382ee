"""Request and response bodies of publishing, partners and the syndication API."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, field_serializer

from api.schemas import Clean, CleanStr, as_utc
from core.models import CanonicalLink
from core.syndication import Change, Item


class PublishIn(BaseModel):
    headline: Annotated[str, Field(max_length=300), Clean] | None = Field(
        default=None,
        description="The Indonesian headline; default: the previous version's, or the lede",
    )
    correction_note: Annotated[str, Field(max_length=2000), Clean] | None = Field(
        default=None, description="Required for a correction: what changed"
    )


class KillIn(BaseModel):
    reason: CleanStr = Field(min_length=1, max_length=2000, description="Told to partners")


class ReopenIn(BaseModel):
    note: CleanStr = Field(min_length=1, max_length=2000, description="What needs correcting")


class PublicationPublic(BaseModel):
    article_id: int
    article_state: str
    public_id: str
    uri: str
    version: int
    status: str
    headline: str
    body_html: str
    correction_note: str | None
    translators: list[str]
    first_published_at: datetime
    version_at: datetime
    killed_at: datetime | None
    kill_reason: str | None

    @field_serializer("first_published_at", "version_at", "killed_at")
    def _utc(self, value: datetime | None) -> str | None:
        return as_utc(value) if value else None


class PartnerIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    sources: list[str] = Field(
        default_factory=list, description="Licensed source domains, e.g. aa.com.tr"
    )
    canonical_link: CanonicalLink = Field(
        default=CanonicalLink.ORIGINAL,
        description="'original': items link rel=canonical to the source; 'none': no link",
    )
    webhook_url: str | None = Field(default=None, max_length=2048)


class PartnerUpdate(BaseModel):
    """Only the fields sent change; "webhook_url": null removes the webhook."""

    sources: list[str] | None = None
    canonical_link: CanonicalLink | None = None
    webhook_url: str | None = Field(default=None, max_length=2048)
    is_active: bool | None = None


class PartnerPublic(BaseModel):
    id: int
    name: str
    key_hint: str = Field(description="The key's first characters")
    sources: list[str]
    canonical_link: str
    webhook_url: str | None
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @field_serializer("created_at", "updated_at")
    def _utc(self, value: datetime) -> str:
        return as_utc(value)


class PartnerSecrets(PartnerPublic):
    """Shown once: Warta keeps only the key's hash."""

    api_key: str | None = None
    webhook_secret: str | None = None
    unknown_sources: list[str] = Field(
        default_factory=list, description="Licensed domains Warta has no article from yet"
    )


class AttemptPublic(BaseModel):
    number: int
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int

    @field_serializer("at")
    def _utc(self, value: datetime) -> str:
        return as_utc(value)


class DeliveryPublic(BaseModel):
    id: int
    message_id: str = Field(description="The webhook-id header, the same on every attempt")
    event_type: str
    article_id: str = Field(description="The article's public id")
    version: int
    status: str = Field(description="pending, delivered or failed")
    attempts: int
    last_error: str | None
    created_at: datetime
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    log: list[AttemptPublic]

    @field_serializer("created_at", "next_attempt_at", "delivered_at")
    def _utc(self, value: datetime | None) -> str | None:
        return as_utc(value) if value else None


class DeliveryPage(BaseModel):
    items: list[DeliveryPublic]
    next_cursor: str | None


class ItemPage(BaseModel):
    items: list[Item]
    next_cursor: str | None


class ChangePage(BaseModel):
    items: list[Change]
    next_cursor: str = Field(description="Poll again with it; it stays put while nothing changes")
