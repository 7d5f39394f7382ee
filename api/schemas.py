"""Request and response bodies: the public contract, apart from the tables."""

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    field_serializer,
    field_validator,
    model_validator,
)

from core.text import xml_safe


def _clean(value: object) -> object:
    return xml_safe(value) if isinstance(value, str) else value


# Text a person typed or pasted: control characters XML cannot carry are removed
# (word separators such as Word's vertical tab become spaces), never refused.
# Cleaned before the string checks, so Field() limits apply to the cleaned text:
# `note: CleanStr = Field(min_length=1)`. A field that may be None puts its limits
# inside: `Annotated[str, Field(max_length=300), Clean] | None`.
Clean = BeforeValidator(_clean)
CleanStr = Annotated[str, Clean]


def as_utc(value: datetime) -> str:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


class ArticleSubmit(BaseModel):
    url: CleanStr = Field(description="The source article's http(s) URL.", max_length=2048)
    html: str | None = Field(
        default=None, description="The page's HTML, pasted, when the site cannot be fetched."
    )


class LanguageOverride(BaseModel):
    language: Literal["en", "tr"] = Field(description="The article's real language.")


class SubmitResult(BaseModel):
    id: int
    state: str
    duplicate: bool = False


class Failure(BaseModel):
    code: str
    reason: str


class SourcePublic(BaseModel):
    id: int
    name: str
    domain: str
    credit_line: str


class FindingPublic(BaseModel):
    id: int
    code: str
    message: str
    dismissed_by: int | None = None


class GlossaryHitPublic(BaseModel):
    entry_id: int
    source_span: tuple[int, int]
    source_form: str
    target_form: str | None
    satisfied: bool


class SegmentPublic(BaseModel):
    id: int
    index: int
    source: str
    target: str
    origin: str
    state: str
    version: int
    glossary: list[GlossaryHitPublic] = []
    qa: list[FindingPublic] = []


class MachineTranslation(BaseModel):
    engine: str
    note: str | None


class ParagraphPublic(BaseModel):
    index: int
    segments: list[SegmentPublic]


class ArticleSummary(BaseModel):
    id: int
    state: str
    failure: Failure | None
    language: str | None
    title: str | None
    source_url: str
    assignee_id: int | None = None
    created_at: datetime
    updated_at: datetime

    @field_serializer("created_at", "updated_at")
    def _utc(self, value: datetime) -> str:
        return as_utc(value)


class NotePublic(BaseModel):
    """Why the article was rejected ("reject") or sent back to review ("reopen")."""

    kind: Literal["reject", "reopen"]
    text: str
    by: str | None = Field(description="The person's name")
    at: datetime

    @field_serializer("at")
    def _utc(self, value: datetime) -> str:
        return as_utc(value)


class ArticlePublic(ArticleSummary):
    detected_language: str | None
    language_override: str | None
    byline: str | None
    published_at: str | None
    site_name: str | None
    canonical_url: str | None
    lead_image_url: str | None
    source: SourcePublic | None
    timings: dict[str, float]
    machine_translation: MachineTranslation | None
    paragraphs: list[ParagraphPublic]
    notes: list[NotePublic] = Field(
        default_factory=list, description="Rejection and reopen notes, oldest first"
    )


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next_cursor: str | None


class GlossaryForms(BaseModel):
    tr: list[CleanStr] = Field(default_factory=list, description="Turkish forms, preferred first")
    en: list[CleanStr] = Field(default_factory=list, description="English forms, preferred first")
    id: list[CleanStr] = Field(
        default_factory=list, description="Indonesian forms, preferred first"
    )


class GlossaryEntryIn(BaseModel):
    forms: GlossaryForms
    type: Literal["term", "keep", "forbidden"] = "term"
    case_sensitive: bool = False
    note: CleanStr = ""

    @model_validator(mode="after")
    def _forms_fit_the_type(self) -> "GlossaryEntryIn":
        for language in ("tr", "en", "id"):
            forms = [f.strip() for f in getattr(self.forms, language) if f.strip()]
            if any("|" in f for f in forms):
                raise ValueError("a form cannot contain '|' (it separates variants)")
            setattr(self.forms, language, forms)
        has_source = bool(self.forms.tr or self.forms.en)
        if self.type == "term" and not (has_source and self.forms.id):
            raise ValueError("a term needs an Indonesian form and a Turkish or English one")
        if self.type == "keep" and not has_source:
            raise ValueError("a keep entry needs a Turkish or English form")
        if self.type == "forbidden" and not self.forms.id:
            raise ValueError("a forbidden entry needs the Indonesian rendering to forbid")
        return self


class GlossaryEntryOut(GlossaryEntryIn):
    id: int
    updated_at: datetime

    @field_serializer("updated_at")
    def _utc(self, value: datetime) -> str:
        return as_utc(value)


class GlossaryPage(BaseModel):
    items: list[GlossaryEntryOut]
    next_cursor: str | None


class ImportResult(BaseModel):
    imported: int
    replaced: bool


class SegmentSave(BaseModel):
    target: CleanStr = Field(max_length=10_000)
    version: int = Field(ge=1, description="The version the text was based on")
    active_ms: int | None = Field(
        default=None, ge=0, le=86_400_000, description="Active editing time for this save"
    )


class SegmentSaved(BaseModel):
    id: int
    target: str
    origin: str
    state: str
    version: int


class DismissNote(BaseModel):
    note: CleanStr = Field(default="", max_length=2000)


class RejectNote(BaseModel):
    note: CleanStr = Field(min_length=1, max_length=2000, description="What the editor must fix")


class VersionPublic(BaseModel):
    version: int
    target: str
    user_id: int | None
    saved_at: datetime | None
    diff: str = Field(description="Unified diff against the previous version")


class CommentIn(BaseModel):
    body: CleanStr = Field(min_length=1, max_length=5000)

    @field_validator("body")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        # As on the review page: blank once cleaned (spaces, control characters) is no comment.
        if not value.strip():
            raise ValueError("a comment needs some text")
        return value


class CommentPublic(BaseModel):
    id: int
    user_id: int
    body: str
    created_at: datetime


class Suggestion(BaseModel):
    source: str
    target: str
    match: float = Field(description="Similarity of the sources, percent")


class SegmentEffort(BaseModel):
    segment_id: int
    had_draft: bool
    edit_distance: int
    edit_ratio: float
    active_seconds: float
    untouched: bool


class ArticleEffort(BaseModel):
    article_id: int
    segments: list[SegmentEffort]
    total_edit_distance: int
    active_seconds: float
    untouched: int


class AssignTo(BaseModel):
    user_id: int
