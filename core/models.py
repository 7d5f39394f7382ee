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


class Paragraph(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("article_id", "index"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    index: int
    text: str


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
