"""What the article page shows of its public life: the publication, and which of
publish, reopen and kill an editor may do now (core/publishing.py decides)."""

from typing import Any

from sqlmodel import Session, select

from core.config import get_settings
from core.models import Article, Publication, PubStatus, User
from core.publishing import publication_of
from core.snapshot import default_headline, translated_headline
from core.states import ArticleState
from core.syndication import uri_of, warta_url

S = ArticleState
MAX_HEADLINE = 300  # as the JSON API's PublishIn
MAX_REASON = 2_000  # correction notes, kill reasons, reopen notes


def publication_context(session: Session, article: Article) -> dict[str, Any]:
    """The publishing panel's values (a refusal adds its reason and what was typed)."""
    publication = publication_of(session, article.id)
    live = publication is not None and publication.status == PubStatus.USABLE
    context: dict[str, Any] = {
        "publication": publication,
        "show_publishing": publication is not None or article.state in (S.APPROVED, S.REJECTED),
        "can_publish": article.state == S.APPROVED and (publication is None or live),
        # A correction of a live version, or a rejected article sent back for another pass.
        "can_reopen": (live and article.state in (S.APPROVED, S.PUBLISHED))
        or article.state == S.REJECTED,
        "can_kill": live,
        "publication_error": None,
        "open_form": None,  # the form a refusal belongs to, kept open with its text
        "typed": {},
    }
    if context["can_publish"]:
        context["default_headline"] = default_headline(session, article.id, publication)
        # A correction keeps the live headline; if the title's translation changed,
        # the form offers it to copy.
        translated = translated_headline(session, article.id) if live else ""
        context["title_translation"] = (
            translated if translated != context["default_headline"] else ""
        )
    if publication is not None:
        context.update(_published(session, publication))
    return context


def _published(session: Session, publication: Publication) -> dict[str, Any]:
    base = get_settings().public_base_url()
    ids = {publication.published_by_id, publication.killed_by_id} - {None}
    names = (
        dict(session.exec(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}
    )
    return {
        "public_uri": uri_of(publication.public_id),
        "public_api_url": warta_url(base, publication.public_id),
        "feed_urls": [f"{base}/feeds/{name}" for name in ("rss.xml", "atom.xml", "feed.json")],
        "published_by": names.get(publication.published_by_id),
        "killed_by": names.get(publication.killed_by_id),
    }
