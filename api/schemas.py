"""Request and response bodies: the public contract, apart from the tables."""

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_serializer


class ArticleSubmit(BaseModel):
    url: str = Field(description="The source article's http(s) URL.", max_length=2048)
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


class SegmentPublic(BaseModel):
    id: int
    index: int
    source: str
    target: str
    origin: str
    state: str
    version: int
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
    created_at: datetime
    updated_at: datetime

    @field_serializer("created_at", "updated_at")
    def _utc(self, value: datetime) -> str:
        # SQLite hands back naive datetimes; everything is stored in UTC.
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


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


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next_cursor: str | None
