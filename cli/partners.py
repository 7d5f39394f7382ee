"""`warta partners`: add partner sites and list them."""

from typing import Annotated

import typer

from cli.options import DataDir, configure

app = typer.Typer(help="Partner sites that republish Warta articles.", no_args_is_help=True)


@app.command("add")
def add(
    name: str,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="A licensed source domain (repeat for more)"),
    ] = None,
    webhook_url: Annotated[str | None, typer.Option(help="Where to POST events")] = None,
    canonical: Annotated[
        str, typer.Option(help="'original': items link rel=canonical to the source; 'none'")
    ] = "original",
    data_dir: DataDir = None,
) -> None:
    """Add a partner; prints its API key (shown once) on the last line."""
    from core.db import session_scope
    from core.models import CanonicalLink
    from core.partners import (
        PartnerExists,
        PartnerInvalid,
        create_partner,
        domains_of,
        known_domains,
    )

    configure(data_dir)
    try:
        policy = CanonicalLink(canonical)
    except ValueError:
        raise typer.BadParameter("--canonical must be 'original' or 'none'") from None
    with session_scope() as session:
        try:
            partner, key = create_partner(
                session=session,
                name=name,
                domains=source or [],
                canonical_link=policy,
                webhook_url=webhook_url,
            )
        except (PartnerInvalid, PartnerExists) as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        session.commit()
        domains = domains_of(session, partner.id)
        unseen = sorted(set(domains) - known_domains(session, domains))
    typer.echo(f"Licensed sources: {', '.join(domains) or 'none yet'}")
    if unseen:
        typer.echo(f"No article from {', '.join(unseen)} yet; check the spelling.")
    if partner.webhook_secret:
        typer.echo(f"Webhook secret (shown once): {partner.webhook_secret}")
    typer.echo(f"Created partner '{partner.name}' (id {partner.id}). API key (shown once):")
    typer.echo(key)


@app.command("list")
def list_partners(data_dir: DataDir = None) -> None:
    """Every partner: id, name, key hint, licensed sources, webhook."""
    from sqlmodel import select

    from core.db import session_scope
    from core.models import Partner
    from core.partners import domains_of

    configure(data_dir)
    with session_scope() as session:
        for partner in session.exec(select(Partner).order_by(Partner.id)).all():
            state = "" if partner.is_active else " (deactivated)"
            typer.echo(
                f"{partner.id}\t{partner.name}{state}\t{partner.key_hint}…\t"
                f"{','.join(domains_of(session, partner.id)) or '-'}\t"
                f"{partner.webhook_url or '-'}"
            )
