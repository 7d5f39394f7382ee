"""Publishing: publish (and correct), kill, reopen for a correction, see the publication."""

from fastapi import APIRouter, HTTPException, status
from sqlmodel import Session

from api.deps import CurrentUser, EditorUser, SessionDep
from api.routes.articles import summary
from api.schemas import ArticleSummary
from api.syndication_schemas import KillIn, PublicationPublic, PublishIn, ReopenIn
from core.models import Article, Publication
from core.publishing import PublishInvalid, kill, publication_of, publish, reopen
from core.syndication import uri_of

router = APIRouter(prefix="/api/v1/articles", tags=["publishing"])


@router.post("/{article_id}/publish", responses={409: {"description": "Not approved, or killed"}})
def publish_article(
    article_id: int, session: SessionDep, user: EditorUser, body: PublishIn | None = None
) -> PublicationPublic:
    """Publish an approved article (version 1), or its correction (next version, with a note)."""
    article = _article(session, article_id)
    body = body or PublishIn()
    try:
        publication = publish(
            session=session,
            article=article,
            user_id=user.id,
            headline=body.headline,
            correction_note=body.correction_note,
        )
    except PublishInvalid as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return public(article, publication)


@router.post("/{article_id}/kill", responses={409: {"description": "Not published"}})
def kill_article(
    article_id: int, body: KillIn, session: SessionDep, user: EditorUser
) -> PublicationPublic:
    """Withdraw a published article from every feed, listing and partner, with a reason."""
    article = _article(session, article_id)
    try:
        publication = kill(session=session, article=article, user_id=user.id, reason=body.reason)
    except PublishInvalid as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from exc
    return public(article, publication)


@router.post(
    "/{article_id}/reopen",
    responses={409: {"description": "Not approved, published or rejected, or killed"}},
)
def reopen_article(
    article_id: int, body: ReopenIn, session: SessionDep, user: EditorUser
) -> ArticleSummary:
    """Back to review with a note: an approved or published article for a correction (the
    live version stays until then), or a rejected one for another pass. The segments keep
    their edits; the note is in the article's `notes` for whoever opens it next."""
    article = _article(session, article_id)
    reopen(session=session, article=article, user_id=user.id, note=body.note)
    return summary(article)


@router.get("/{article_id}/publication")
def get_publication(article_id: int, session: SessionDep, _: CurrentUser) -> PublicationPublic:
    """The article's publication: public id, version, the HTML partners get, kill."""
    article = _article(session, article_id)
    publication = publication_of(session, article.id)
    if publication is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, f"Article {article_id} has not been published."
        )
    return public(article, publication)


def _article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"There is no article {article_id}.")
    return article


def public(article: Article, publication: Publication) -> PublicationPublic:
    return PublicationPublic(
        article_id=article.id,
        article_state=article.state,
        public_id=publication.public_id,
        uri=uri_of(publication.public_id),
        version=publication.version,
        status=publication.status,
        headline=publication.headline,
        body_html=publication.body_html,
        correction_note=publication.correction_note,
        translators=list(publication.translators or []),
        first_published_at=publication.first_published_at,
        version_at=publication.version_at,
        killed_at=publication.killed_at,
        kill_reason=publication.kill_reason,
    )
