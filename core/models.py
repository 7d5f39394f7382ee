"""SQLModel tables and their API-facing families.

The schema is created by Alembic migrations (core/migrations), never by
`create_all` at run time.
"""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import JSON, DateTime, LargeBinary, String, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(**kwargs) -> object:
    return Field(default_factory=utcnow, sa_type=DateTime(timezone=True), **kwargs)


class Role(StrEnum):
    EDITOR = "editor"
    TRANSLATOR = "translator"
    ADMIN = "admin"


class Origin(StrEnum):
    NONE = "none"
    MT = "mt"
    TM = "tm"
    HUMAN = "human"


class SegmentState(StrEnum):
    NO_MT = "no_mt"  # no machine translation for the pair: translators start from scratch
    MT_DRAFT = "mt_draft"
    TM = "tm"
    EDITED = "edited"
    APPROVED = "approved"


# --- people -----------------------------------------------------------------


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True, max_length=100)
    role: Role = Field(sa_type=String(20))
    # argon2 via pwdlib; None until the user sets a password for the web UI.
    password_hash: str | None = None
    is_active: bool = True
    # The web UI's language: "en" or "id".
    locale: str = Field(default="en", max_length=10)
    # Times on the desk are shown in this IANA zone (the newsroom's by default).
    time_zone: str = Field(default="Asia/Jakarta", max_length=64)
    # The newest notification this user has seen: the ones after it are new.
    notifications_seen_id: int = 0
    created_at: datetime = _ts()


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    # SHA-256 of a 256-bit random token: deterministic, so it can be looked up.
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = _ts()


class WebSession(SQLModel, table=True):
    """A signed-in browser: the cookie holds a random token, the table its hash.

    Kept server-side so logging out, or deactivating a user, ends the session at once.
    """

    __tablename__ = "web_session"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = _ts()
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))


# --- sources and articles -----------------------------------------------------


class Source(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    domain: str = Field(unique=True, index=True, max_length=255)
    credit_line: str = Field(max_length=300)
    licence_note: str | None = None


class ArticleBase(SQLModel):
    submitted_url: str = Field(max_length=2048)


class ArticleCreate(ArticleBase):
    html: str | None = None


class Article(ArticleBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Normalised submitted URL: the key for duplicate submissions.
    normalized_url: str = Field(unique=True, max_length=2048)
    # The page's own canonical URL once extracted (falls back to the final URL).
    canonical_url: str | None = Field(default=None, index=True, max_length=2048)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    state: str = Field(default="submitted", index=True, max_length=20)
    failure_code: str | None = Field(default=None, max_length=50)
    failure_reason: str | None = None
    # The stage a failed article retries from.
    failed_stage: str | None = Field(default=None, max_length=20)
    detected_language: str | None = Field(default=None, max_length=10)
    language_override: str | None = Field(default=None, max_length=10)
    title: str | None = None
    byline: str | None = None
    published_at: str | None = Field(default=None, max_length=40)
    site_name: str | None = None
    lead_image_url: str | None = Field(default=None, max_length=2048)
    # Seconds per stage, e.g. {"fetch": 0.12, "extract": 0.03}.
    timings: dict[str, float] = Field(default_factory=dict, sa_type=JSON)
    submitted_by_id: int | None = Field(default=None, foreign_key="user.id")
    # The translator who has claimed the article in review (or was assigned it).
    assignee_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    # The claim holder's last activity (claim, save): a claim idle for longer than
    # WARTA_CLAIM_IDLE_MINUTES no longer keeps others out.
    claimed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    state_changed_at: datetime = _ts(index=True)
    # Which MT engine drafted the article ("none" when no model covers the pair)
    # and, for "none", why — shown to translators.
    mt_engine: str | None = Field(default=None, max_length=50)
    mt_note: str | None = None

    @property
    def language(self) -> str | None:
        return self.language_override or self.detected_language


class RawPage(SQLModel, table=True):
    """The bytes as fetched (or pasted), kept apart so listing articles stays cheap."""

    __tablename__ = "raw_page"

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    content: bytes = Field(sa_type=LargeBinary)
    content_type: str | None = Field(default=None, max_length=200)
    final_url: str | None = Field(default=None, max_length=2048)
    fetched_at: datetime = _ts()


# The source title is stored as the paragraph with this index, before the body's
# (0, 1, …): it is then segmented, drafted, checked and reviewed like any sentence,
# and publishing takes its approved translation as the headline. A reserved index
# rather than a flag keeps the schema as it is and sorts the headline first.
HEADLINE_INDEX = -1


class Paragraph(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("article_id", "index"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    index: int
    text: str

    @property
    def is_headline(self) -> bool:
        return self.index == HEADLINE_INDEX


class Segment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("paragraph_id", "index"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    paragraph_id: int = Field(foreign_key="paragraph.id", index=True)
    index: int
    source: str
    source_language: str | None = Field(default=None, max_length=10)
    # Hash of the normalised source text: the translation memory's key.
    source_key: str | None = Field(default=None, index=True, max_length=64)
    target: str = ""
    origin: Origin = Field(default=Origin.NONE, sa_type=String(10))
    state: SegmentState = Field(default=SegmentState.NO_MT, sa_type=String(20))
    # Optimistic concurrency for the review desk: a save sends the version it read.
    version: int = 1
    # The machine (or memory) draft as first written: edit effort is measured
    # against it.
    draft: str = ""
    # Glossary hits of the last check: [{entry_id, source_span, source_form,
    # target_form, satisfied}].
    glossary: list[dict] = Field(default_factory=list, sa_type=JSON)


class GlossaryEntryBase(SQLModel):
    # Forms per language; variants separated by "|", the first preferred.
    forms_tr: str | None = Field(default=None, max_length=500)
    forms_en: str | None = Field(default=None, max_length=500)
    forms_id: str | None = Field(default=None, max_length=500)
    type: str = Field(default="term", max_length=20)
    case_sensitive: bool = False
    note: str | None = None


class GlossaryEntry(GlossaryEntryBase, table=True):
    __tablename__ = "glossary_entry"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = _ts()
    updated_at: datetime = _ts(index=True)


class Finding(SQLModel, table=True):
    """A QA finding on a segment; it blocks nothing once dismissed (who and when kept)."""

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment.id", index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    code: str = Field(max_length=50)
    message: str
    created_at: datetime = _ts()
    dismissed_by_id: int | None = Field(default=None, foreign_key="user.id")
    dismissed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    dismiss_note: str | None = None
    # The values the message was built from, so the desk can show it in the
    # reader's language ({"name": "Erdoğan"}); None for findings made before.
    params: dict | None = Field(default=None, sa_type=JSON)


class SegmentVersion(SQLModel, table=True):
    """Every text a person saved for a segment, for history, diffs and effort."""

    __tablename__ = "segment_version"

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment.id", index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    version: int
    target: str
    user_id: int | None = Field(default=None, foreign_key="user.id")
    # Active editing time the editor measured for this save (keys and focus).
    active_ms: int | None = None
    # How the text came about: "human" (typed), "tm" (a memory match inserted),
    # "replace" (find and replace); None for saves made before this was kept.
    origin: str | None = Field(default=None, max_length=10)
    saved_at: datetime = _ts()


class Comment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment.id", index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    body: str
    created_at: datetime = _ts()


class ArticleTransition(SQLModel, table=True):
    __tablename__ = "article_transition"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    from_state: str = Field(max_length=20)
    to_state: str = Field(max_length=20)
    # "worker", "reconciler", "cli" or "user"; user_id names the person.
    actor: str = Field(max_length=20)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    reason: str | None = None
    at: datetime = _ts()


class Notification(SQLModel, table=True):
    """Something an editor (or the person named) should hear about: an approval, a
    rejection, an assignment, a failure. Shown in the page; read up to a cursor."""

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    # "approved", "rejected", "assigned", "failed"
    kind: str = Field(max_length=20)
    actor_id: int | None = Field(default=None, foreign_key="user.id")
    # None: every editor and admin; else only this user.
    recipient_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    note: str | None = None
    created_at: datetime = _ts()


# --- publishing and syndication ------------------------------------------------


class CanonicalLink(StrEnum):
    ORIGINAL = "original"  # the partner's page points rel=canonical at the source article
    NONE = "none"  # the partner's own page is canonical


class PubStatus(StrEnum):
    # The IPTC ninjs words: partners know them from the wire agencies.
    USABLE = "usable"
    CANCELED = "canceled"


class Partner(SQLModel, table=True):
    """A site that republishes our articles: its key, licence and webhook."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=200)
    # SHA-256 of the key, like API tokens: the key itself is shown once.
    key_hash: str = Field(unique=True, max_length=64)
    # The key's first characters, so a person can tell which key a partner holds.
    key_hint: str = Field(max_length=16)
    canonical_link: CanonicalLink = Field(default=CanonicalLink.ORIGINAL, sa_type=String(20))
    webhook_url: str | None = Field(default=None, max_length=2048)
    # The HMAC key must be readable to sign with, so it cannot be hashed like the API key.
    webhook_secret: str | None = Field(default=None, max_length=100)
    is_active: bool = True
    # Bumped by every change to what the partner sees (licence, link policy):
    # part of the feed ETag, so a cached feed never outlives a licence change.
    revision: int = 1
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class PartnerSource(SQLModel, table=True):
    """A source domain a partner is licensed for; the outlet may not have been seen yet."""

    __tablename__ = "partner_source"

    partner_id: int = Field(foreign_key="partner.id", primary_key=True)
    domain: str = Field(primary_key=True, max_length=255)


class Publication(SQLModel, table=True):
    """The published form of an article: one stable public id for life, a growing version.

    Headline, body and attribution are a snapshot taken at publication, so a
    partner sees exactly what an editor published until the next version.
    """

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", unique=True)
    public_id: str = Field(unique=True, max_length=36)
    version: int = 1
    status: PubStatus = Field(default=PubStatus.USABLE, sa_type=String(20), index=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    headline: str
    summary: str = ""
    body_html: str
    correction_note: str | None = None
    source_name: str = Field(max_length=200)
    credit_line: str = Field(max_length=300)
    original_url: str = Field(max_length=2048)
    original_byline: str | None = None
    original_published_at: str | None = Field(default=None, max_length=40)
    original_language: str | None = Field(default=None, max_length=10)
    lead_image_url: str | None = Field(default=None, max_length=2048)
    translators: list[str] = Field(default_factory=list, sa_type=JSON)
    first_published_at: datetime = _ts()
    version_at: datetime = _ts()
    published_by_id: int | None = Field(default=None, foreign_key="user.id")
    killed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    kill_reason: str | None = None
    killed_by_id: int | None = Field(default=None, foreign_key="user.id")
    # The newest event about this publication: feeds list the most recently changed first.
    last_event_id: int | None = Field(default=None, index=True)


class PublicationEvent(SQLModel, table=True):
    """created / updated / killed, in commit order: the id is the changes-feed cursor."""

    __tablename__ = "publication_event"

    id: int | None = Field(default=None, primary_key=True)
    publication_id: int = Field(foreign_key="publication.id", index=True)
    # Copied from the publication so a partner's licence filters events without a join.
    source_id: int = Field(foreign_key="source.id", index=True)
    kind: str = Field(max_length=20)
    version: int
    # The correction note or the kill reason.
    note: str | None = None
    user_id: int | None = Field(default=None, foreign_key="user.id")
    at: datetime = _ts()


class WebhookDelivery(SQLModel, table=True):
    """One event for one partner: the exact body signed, its state and attempt count."""

    __tablename__ = "webhook_delivery"

    id: int | None = Field(default=None, primary_key=True)
    partner_id: int = Field(foreign_key="partner.id", index=True)
    event_id: int = Field(foreign_key="publication_event.id", index=True)
    # The webhook-id header: the same for every attempt and replay, so receivers dedupe.
    message_id: str = Field(unique=True, max_length=64)
    event_type: str = Field(max_length=40)
    body: str
    # pending (queued or retrying), delivered, failed (gave up or refused).
    status: str = Field(default="pending", max_length=20, index=True)
    attempts: int = 0
    last_error: str | None = None
    created_at: datetime = _ts()
    next_attempt_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    delivered_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class WebhookAttempt(SQLModel, table=True):
    """Every POST of a delivery, answered or not."""

    __tablename__ = "webhook_attempt"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="webhook_delivery.id", index=True)
    number: int
    at: datetime = _ts()
    status_code: int | None = None
    error: str | None = None
    duration_ms: int = 0
