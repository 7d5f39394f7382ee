"""What partners receive: the IPTC ninjs 3.1 item and the change, and how links are made.

The same item goes out in the pull API and inside webhook events, so a
partner that mixes them sees one article with one uri and one version.

ninjs 3.1 admits no property it does not define (`unevaluatedProperties:
false` at every level), so Warta's own facts travel in ninjs fields: the
public id and Warta's URL in `altIds`, the translators in `people`, the
original article as an association, the correction in `descriptions`, the
kill reason in `edNote`. A value Warta lacks is left out, never null: ninjs
types forbid null. The README (Syndication, "Items are ninjs 3.1") has the table.
"""

import re
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_serializer, model_serializer
from pydantic.alias_generators import to_camel

from core.models import CanonicalLink, Partner, Publication, PubStatus
from core.sanitize import credit_text, is_web_url

NINJS_VERSION = "3.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"

# altIds roles and association names partners look up.
ROLE_PUBLIC_ID, ROLE_WARTA_URL = "warta-id", "warta-url"
ORIGINAL, LEAD_IMAGE = "original", "leadimage"
# The original article's association rel: IANA link relations. "canonical" when
# the partner's licence asks its page to point rel=canonical there.
REL_CANONICAL, REL_VIA = "canonical", "via"


def utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class _Ninjs(BaseModel):
    """camelCase on the wire, and absent values left out rather than sent as null."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True
    )

    @model_serializer(mode="wrap")
    def _omit_none(self, handler):
        return {key: value for key, value in handler(self).items() if value is not None}

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        # Optional fields are left out, never null: say so to client generators.
        schema = handler.resolve_ref_schema(handler(core_schema))
        for prop in schema.get("properties", {}).values():
            kinds = prop.get("anyOf", [])
            if {"type": "null"} in kinds and len(kinds) == 2:
                prop.update(next(k for k in kinds if k != {"type": "null"}))
                del prop["anyOf"]
        return schema


class TextBlock(_Ninjs):
    """One of ninjs' headlines, descriptions or bodies."""

    value: str
    role: str | None = None
    content_type: str | None = None


class AltId(_Ninjs):
    role: str
    value: str


class Party(_Ninjs):
    """A ninjs infoSources entry (or a person, without literal)."""

    name: str
    role: str | None = None
    uri: str | None = None
    literal: str | None = None


class Person(_Ninjs):
    name: str
    rel: str


class Rendition(_Ninjs):
    name: str
    href: str


class Standard(_Ninjs):
    name: str = "ninjs"
    version: str = NINJS_VERSION
    schema_: str = Field(default=NINJS_SCHEMA, alias="schema")


class Association(_Ninjs):
    """An associated ninjs object: the original article or the lead image."""

    name: str
    rel: str
    uri: str
    type: str
    representation_type: str = "partial"
    language: str | None = None
    by: str | None = None
    first_created: str | None = None
    descriptions: list[TextBlock] | None = None
    info_sources: list[Party] | None = None
    renditions: list[Rendition] | None = None


class Item(_Ninjs):
    """An article as partners receive it: an IPTC ninjs 3.1 object.

    `uri` is stable for life (de-duplicate by it); `version` ("1", "2", …)
    grows with each correction; the public id for /syndication/v1/articles/{id}
    is the uri without "urn:uuid:" and also altIds' "warta-id". A killed
    article is a tombstone: pubStatus "canceled", no headline, body or image.
    """

    uri: str = Field(description="Stable for life: de-duplicate by it")
    standard: Standard = Field(default_factory=Standard)
    type: str = "text"
    representation_type: str = Field(description="full; partial for a withdrawn article")
    version: str = Field(description='"1", then "2", … with each correction')
    pub_status: PubStatus = Field(description="usable, or canceled once withdrawn")
    first_created: datetime
    version_created: datetime
    expires: datetime | None = Field(default=None, description="When it was withdrawn")
    language: str = "id"
    alt_ids: list[AltId] = Field(description="warta-id: the public id; warta-url: this item")
    headlines: list[TextBlock] | None = None
    descriptions: list[TextBlock] | None = Field(
        default=None, description="role summary: the lede; role correction: the correction note"
    )
    bodies: list[TextBlock] | None = Field(
        default=None, description="Sanitised HTML, correction and credit line at the end"
    )
    by: str | None = Field(default=None, description="The original article's byline")
    people: list[Person] | None = Field(default=None, description="rel translator")
    info_sources: list[Party] = Field(description="role originator: the source outlet")
    copyright_holder: str
    copyright_notice: str | None = Field(default=None, description="The credit line to show")
    usage_terms: str | None = None
    ed_note: str | None = Field(default=None, description="Why it was withdrawn")
    associations: list[Association] = Field(
        description="'original' (rel canonical or via) and 'leadimage' (a picture)"
    )

    @field_serializer("first_created", "version_created", "expires")
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


_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def as_uri(url: str) -> str:
    """An http(s) URL as an RFC 3986 URI: non-ASCII and spaces percent-encoded."""
    return quote(_STRAY_PERCENT.sub("%25", url), safe=":/?#[]@!$&'()*+,;=%~")


def rfc3339(value: str | None) -> str | None:
    """A source's date if it is a full RFC 3339 date-time with an offset, else None."""
    if not value or "T" not in value.upper():
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.isoformat() if parsed.tzinfo else None


def to_item(publication: Publication, domain: str, partner: Partner, base_url: str) -> Item:
    live = publication.status == PubStatus.USABLE
    credit = credit_text(publication.credit_line)
    canonical = live and partner.canonical_link == CanonicalLink.ORIGINAL
    descriptions = [
        TextBlock(role="summary", content_type="text/plain", value=publication.summary)
        if live and publication.summary
        else None,
        TextBlock(role="correction", content_type="text/plain", value=publication.correction_note)
        if publication.correction_note
        else None,
    ]
    return Item(
        uri=uri_of(publication.public_id),
        representation_type="full" if live else "partial",
        version=str(publication.version),
        pub_status=publication.status,
        first_created=publication.first_published_at,
        version_created=publication.version_at,
        expires=None if live else publication.killed_at,
        alt_ids=[
            AltId(role=ROLE_PUBLIC_ID, value=publication.public_id),
            AltId(role=ROLE_WARTA_URL, value=warta_url(base_url, publication.public_id)),
        ],
        # A withdrawn article is a tombstone: nothing left to republish.
        headlines=[TextBlock(role="main", content_type="text/plain", value=publication.headline)]
        if live
        else None,
        descriptions=[d for d in descriptions if d] or None,
        bodies=[TextBlock(role="main", content_type="text/html", value=publication.body_html)]
        if live
        else None,
        by=(publication.original_byline or None) if live else None,
        people=[Person(name=name, rel="translator") for name in publication.translators or []]
        or None,
        info_sources=[_outlet(publication, domain)],
        copyright_holder=publication.source_name,
        copyright_notice=credit if live else None,
        usage_terms=_usage_terms(publication, credit, canonical) if live else None,
        ed_note=None if live else publication.kill_reason,
        associations=[
            a
            for a in (_original(publication, domain, canonical), _lead_image(publication, live))
            if a
        ],
    )


def _outlet(publication: Publication, domain: str) -> Party:
    scheme = urlsplit(publication.original_url).scheme
    home = f"{scheme if scheme in ('http', 'https') else 'https'}://{domain}/"
    return Party(name=publication.source_name, role="originator", uri=as_uri(home), literal=domain)


def _original(publication: Publication, domain: str, canonical: bool) -> Association | None:
    """The article translated: where it is, who wrote it, when, in which language."""
    if not is_web_url(publication.original_url):
        return None
    published = publication.original_published_at
    return Association(
        name=ORIGINAL,
        rel=REL_CANONICAL if canonical else REL_VIA,
        uri=as_uri(publication.original_url),
        type="text",
        language=publication.original_language or None,
        by=publication.original_byline or None,
        first_created=rfc3339(published),
        # As the source page gave it (often a date alone, which no ninjs date field takes).
        descriptions=[TextBlock(role="published", value=published)] if published else None,
        info_sources=[_outlet(publication, domain)],
    )


def _lead_image(publication: Publication, live: bool) -> Association | None:
    url = publication.lead_image_url
    if not live or not is_web_url(url):
        return None
    return Association(
        name=LEAD_IMAGE,
        rel="leadimage",
        uri=as_uri(url),
        type="picture",
        renditions=[Rendition(name="original", href=as_uri(url))],
    )


def _usage_terms(publication: Publication, credit: str, canonical: bool) -> str:
    terms = f'Republish with the credit line "{credit}" linking to {publication.original_url}'
    if canonical:
        return f"{terms}, and point your page's rel=canonical at that URL."
    return f"{terms}; your own page is canonical."
