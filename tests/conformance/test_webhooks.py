"""Warta's webhooks verify with the Standard Webhooks reference library.

`standardwebhooks.Webhook(secret).verify(body, headers)` is what a partner
runs: it must accept every delivery Warta made to the conformance partner
and refuse one whose body, signature or timestamp was tampered with.
"""

import base64
import json
import time
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from core.webhooks import sign
from tests.syndication_support import Received, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.conformance]

# The reference libraries refuse a timestamp more than five minutes off.
TOLERANCE_S = 5 * 60


def headers_of(received: Received) -> dict[str, str]:
    return {
        k: received.headers[k] for k in ("webhook-id", "webhook-timestamp", "webhook-signature")
    }


@pytest.fixture(scope="module")
def deliveries(conformance) -> list[Received]:
    """Every delivered message, signed recently enough for the verifier's tolerance.

    The package's fixture may have run minutes ago: then Warta is asked to
    replay each delivery, which re-signs the same body and webhook-id now.
    """
    received = list(conformance.receiver.received)
    oldest = min(int(r.headers["webhook-timestamp"]) for r in received)
    if time.time() - oldest < TOLERANCE_S - 60:
        return received
    log_url = f"/api/v1/partners/{conformance.partner['id']}/deliveries"

    def log() -> list[dict]:
        answer = conformance.client.get(log_url, headers=conformance.editor, params={"limit": 100})
        return answer.json()["items"]

    # The receiver may have the last message before Warta has recorded it as delivered.
    messages = {r.headers["webhook-id"] for r in received}
    wait_until(
        lambda: {d["message_id"] for d in log() if d["status"] == "delivered"} >= messages,
        what="deliveries recorded",
    )
    ids = [d["id"] for d in log() if d["message_id"] in messages]
    for delivery_id in ids:
        replay = conformance.client.post(
            f"{log_url}/{delivery_id}/replay", headers=conformance.editor
        )
        assert replay.status_code == 202, replay.text
    wanted = len(received) + len(ids)
    wait_until(lambda: len(conformance.receiver.received) >= wanted, what="replayed deliveries")
    return conformance.receiver.received[len(received) :]


def test_every_delivered_webhook_verifies(conformance, deliveries) -> None:
    verifier = Webhook(conformance.partner["webhook_secret"])
    types = set()
    for received in deliveries:
        assert received.headers["content-type"] == "application/json"
        payload = verifier.verify(received.body, received.headers)
        assert payload == json.loads(received.body)
        assert received.headers["webhook-id"].startswith("msg_")
        types.add(payload["type"])
    assert types == {"article.created", "article.updated", "article.killed"}
    # One webhook-id per event: five events (three publications, a correction, a kill).
    assert len({r.headers["webhook-id"] for r in deliveries}) >= 5


def test_a_tampered_body_is_refused(conformance, deliveries) -> None:
    verifier = Webhook(conformance.partner["webhook_secret"])
    received = deliveries[0]
    event = json.loads(received.body)
    event["data"]["version"] = "99"
    tampered = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    with pytest.raises(WebhookVerificationError):
        verifier.verify(tampered, headers_of(received))
    with pytest.raises(WebhookVerificationError):
        verifier.verify(received.body + " ", headers_of(received))


def test_a_tampered_signature_is_refused(conformance, deliveries) -> None:
    verifier = Webhook(conformance.partner["webhook_secret"])
    received = deliveries[0]
    version, digest = received.headers["webhook-signature"].split(",", 1)
    flipped = bytearray(base64.b64decode(digest))
    flipped[0] ^= 1
    for signature in (
        f"{version},{base64.b64encode(bytes(flipped)).decode()}",
        f"v2,{digest}",
        "v1,",
    ):
        with pytest.raises(WebhookVerificationError):
            verifier.verify(received.body, {**headers_of(received), "webhook-signature": signature})
    # Signed with another partner's secret.
    other = Webhook(base64.b64encode(b"x" * 32).decode())
    with pytest.raises(WebhookVerificationError):
        other.verify(received.body, headers_of(received))


def test_a_stale_or_future_timestamp_is_refused(conformance, deliveries) -> None:
    secret = conformance.partner["webhook_secret"]
    verifier = Webhook(secret)
    received = deliveries[0]
    message_id = received.headers["webhook-id"]
    now = int(time.time())
    # Warta's signature over this body verifies when fresh …
    fresh = {"webhook-id": message_id, "webhook-timestamp": str(now)}
    fresh["webhook-signature"] = sign(secret, message_id, now, received.body)
    verifier.verify(received.body, fresh)
    # … and the same correct signature made ten minutes off, either way, does not.
    for timestamp in (now - 2 * TOLERANCE_S, now + 2 * TOLERANCE_S):
        headers = {
            "webhook-id": message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, message_id, timestamp, received.body),
        }
        with pytest.raises(WebhookVerificationError):
            verifier.verify(received.body, headers)


def test_warta_signs_as_the_reference_library_does(conformance, deliveries) -> None:
    secret = conformance.partner["webhook_secret"]
    received = deliveries[-1]
    timestamp = int(received.headers["webhook-timestamp"])
    reference = Webhook(secret).sign(
        received.headers["webhook-id"], datetime.fromtimestamp(timestamp, UTC), received.body
    )
    assert received.headers["webhook-signature"] == reference
    assert sign(secret, received.headers["webhook-id"], timestamp, received.body) == reference
