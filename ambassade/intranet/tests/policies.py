"""The permission policy of the intranet URLs (see ambassade/testing/permissions.py).

Admin screens: HR admins and communication officers; the subscribers' addresses and the time zone: HR
admins only; another organisation's digests are 404. Public pages: anyone with the token.
"""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule


def _digest(world: World) -> Any:
    from ambassade.intranet.models import Digest

    return Digest.objects.create(
        organisation=world.organisation, title="Les nouvelles", languages=["fr", "en"]
    )


def policy_digest(world: World) -> dict[str, Any]:
    return {"pk": _digest(world).pk}


def policy_subscriber(world: World) -> dict[str, Any]:
    from ambassade.intranet.models import Subscription

    digest = _digest(world)
    subscription = Subscription.objects.create(digest=digest, email="lecteur@example.org")
    return {"pk": digest.pk, "subscriber": subscription.pk}


def policy_token(world: World) -> dict[str, Any]:
    return {"token": _digest(world).token}


def policy_issue(world: World) -> dict[str, Any]:
    from datetime import date

    from django.utils import timezone

    from ambassade.intranet.models import Issue

    digest = _digest(world)
    issue = Issue.objects.create(
        digest=digest,
        period_start=date(2026, 1, 5),
        period_end=date(2026, 1, 11),
        published_at=timezone.now(),
    )
    return {"token": digest.token, "pk": issue.pk}


def policy_confirm(world: World) -> dict[str, Any]:
    from ambassade.intranet.models import Subscription

    digest = _digest(world)
    subscription = Subscription.objects.create(digest=digest, email="lecteur@example.org")
    return {"token": digest.token, "key": subscription.confirm_token}


def policy_unsubscribe(world: World) -> dict[str, Any]:
    from ambassade.intranet.models import Subscription

    digest = _digest(world)
    subscription = Subscription.objects.create(digest=digest, email="lecteur@example.org")
    return {"token": digest.token, "key": subscription.unsubscribe_token}


DIGEST_ADMINS = "N302 A200 C200 R403 M403 E403 O200"
DIGEST_OBJECT = "N302 A200 C200 R403 M403 E403 O404"
DIGEST_WRITE = "N302 A302 C302 R403 M403 E403 O404"
PUBLIC = "N200 A200 C200 R200 M200 E200 O200"

POLICY: dict[str, Rule] = {
    "intranet_digest_list": Rule(DIGEST_ADMINS),
    "intranet_digest_create": Rule(DIGEST_ADMINS),
    "intranet_digest_read": Rule("N302 A200 C200 R403 M200 E403 O200"),
    "intranet_time_zone": Rule("N302 A200 C403 R403 M403 E403 O200"),
    "intranet_digest": Rule(DIGEST_OBJECT, kwargs=policy_digest),
    # Comms delete before the HR admin (the order of the personas is the order of the requests).
    "intranet_digest_delete": Rule("N302 O404 R403 M403 E403 C302 A404", method="post", kwargs=policy_digest),
    "intranet_digest_preview": Rule(DIGEST_OBJECT, kwargs=policy_digest),
    "intranet_digest_publish": Rule(DIGEST_WRITE, method="post", kwargs=policy_digest),
    "intranet_digest_rotate": Rule(DIGEST_WRITE, method="post", kwargs=policy_digest),
    "intranet_subscribers": Rule("N302 A200 C403 R403 M403 E403 O404", kwargs=policy_digest),
    "intranet_subscriber_delete": Rule(
        "N302 O404 C403 R403 M403 E403 A302", method="post", kwargs=policy_subscriber
    ),
    "intranet_latest": Rule(PUBLIC, kwargs=policy_token),
    "intranet_issue": Rule(PUBLIC, kwargs=policy_issue),
    "intranet_archive": Rule(PUBLIC, kwargs=policy_token),
    "intranet_rss": Rule(PUBLIC, kwargs=policy_token),
    "intranet_atom": Rule(PUBLIC, kwargs=policy_token),
    "intranet_json": Rule(PUBLIC, kwargs=policy_token),
    "intranet_subscribe": Rule(PUBLIC, kwargs=policy_token),
    "intranet_confirm": Rule(PUBLIC, kwargs=policy_confirm),
    "intranet_unsubscribe": Rule(PUBLIC, kwargs=policy_unsubscribe),
}
