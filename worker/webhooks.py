"""One attempt at a webhook delivery: sign, POST through the SSRF guard, record it.

Timeouts, connection failures, 408, 429 and 5xx answers may pass by
themselves and are retried with backoff; any other answer (a 4xx, a
redirect, which is never followed) or a receiver inside a private network
fails the delivery at once with a reason an editor can act on, then replay.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlmodel import Session

from core.config import Settings
from core.models import Partner, WebhookAttempt, WebhookDelivery
from core.webhooks import DELIVERED, FAILED, PENDING, sign
from worker.errors import StageError
from worker.fetch import GuardedTransport
from worker.netguard import Allowlist, GuardedBackend

TRANSIENT_STATUS = frozenset({408, 429})


@dataclass(frozen=True)
class Answer:
    status_code: int | None
    error: str | None
    transient: bool

    @property
    def ok(self) -> bool:
        return self.error is None


def backoff(settings: Settings, retries: int) -> float:
    return min(settings.webhook_backoff_cap(), settings.webhook_backoff_base * 2**retries)


def attempt(session: Session, delivery_id: int, settings: Settings, *, retries: int) -> bool:
    """Make one attempt; True when the task should retry later."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.status != PENDING:
        return False  # delivered (a redelivered message) or not asked for again
    partner = session.get(Partner, delivery.partner_id)
    if partner is None or not partner.is_active or not partner.webhook_url:
        answer = Answer(None, "The partner has no active webhook URL any more.", False)
        elapsed = 0.0
    else:
        started = time.monotonic()
        answer = post(partner, delivery, settings)
        elapsed = time.monotonic() - started
    now = datetime.now(UTC)
    delivery.attempts += 1
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            number=delivery.attempts,
            at=now,
            status_code=answer.status_code,
            error=answer.error,
            duration_ms=round(elapsed * 1000),
        )
    )
    retry = answer.transient and retries + 1 < settings.webhook_max_attempts
    if answer.ok:
        delivery.status, delivery.delivered_at, delivery.last_error = DELIVERED, now, None
    elif retry:
        delivery.last_error = answer.error
        delivery.next_attempt_at = now + timedelta(seconds=backoff(settings, retries))
    else:
        delivery.status, delivery.last_error = FAILED, answer.error
        if answer.transient:
            delivery.last_error = (
                f"{answer.error} Gave up after {settings.webhook_max_attempts} attempts; "
                "replay it once the receiver works."
            )
    session.add(delivery)
    session.commit()
    return retry


def post(partner: Partner, delivery: WebhookDelivery, settings: Settings) -> Answer:
    timestamp = int(time.time())
    headers = {
        "content-type": "application/json",
        "user-agent": "Warta-Webhooks/0.1",
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(
            partner.webhook_secret or "", delivery.message_id, timestamp, delivery.body
        ),
    }
    # The receiver's address is vetted like a source page's: an editor's typo
    # must not make Warta POST into its own network.
    transport = GuardedTransport(GuardedBackend(Allowlist.parse(settings.fetch_allowlist)))
    try:
        with httpx.Client(
            transport=transport, timeout=settings.webhook_timeout, trust_env=False
        ) as client:
            response = client.post(
                partner.webhook_url, content=delivery.body.encode(), headers=headers
            )
    except StageError as exc:  # the guard's blocked_address
        return Answer(None, exc.reason.replace("The URL", "The webhook URL"), False)
    except httpx.TimeoutException:
        return Answer(
            None, f"The receiver did not answer within {settings.webhook_timeout:g} s.", True
        )
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        return Answer(None, f"The webhook URL is not valid ({exc}).", False)
    except httpx.TransportError as exc:
        return Answer(
            None, f"Could not connect to the receiver ({str(exc) or type(exc).__name__}).", True
        )
    code = response.status_code
    if 200 <= code < 300:
        return Answer(code, None, False)
    if code >= 500 or code in TRANSIENT_STATUS:
        return Answer(code, f"The receiver answered HTTP {code}.", True)
    if 300 <= code < 400:
        return Answer(
            code,
            f"The receiver redirected (HTTP {code}); webhooks do not follow redirects, so "
            "set the final URL.",
            False,
        )
    return Answer(
        code, f"The receiver refused the event (HTTP {code}); fix it, then replay.", False
    )
