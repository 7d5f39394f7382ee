"""Webhook signatures as Standard Webhooks defines them, and the secrets Warta issues."""

import base64

from core.partners import new_webhook_secret
from core.webhooks import sign


def test_signature_matches_the_standard_webhooks_test_vector() -> None:
    # The example of the Standard Webhooks specification and its reference libraries.
    assert (
        sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            '{"test": 2432232314}',
        )
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_the_signature_covers_id_timestamp_and_body() -> None:
    secret = new_webhook_secret()
    base = sign(secret, "msg_1", 1700000000, '{"a":1}')
    assert sign(secret, "msg_2", 1700000000, '{"a":1}') != base
    assert sign(secret, "msg_1", 1700000001, '{"a":1}') != base
    assert sign(secret, "msg_1", 1700000000, '{"a":2}') != base
    assert sign(new_webhook_secret(), "msg_1", 1700000000, '{"a":1}') != base


def test_secrets_are_whsec_and_32_random_bytes() -> None:
    secret = new_webhook_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert new_webhook_secret() != secret
