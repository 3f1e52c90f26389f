"""Periodic jobs of the intranet digest: publication (hourly) and unconfirmed subscriptions (daily)."""

from __future__ import annotations

from datetime import timedelta

from ambassade.core.periodic import periodic


@periodic(every=timedelta(hours=1))
def intranet_publish_due() -> None:
    from ambassade.intranet.services import digests_publish_due

    digests_publish_due()


@periodic(every=timedelta(days=1))
def intranet_subscriptions_purge() -> None:
    from ambassade.intranet.services import subscriptions_purge

    subscriptions_purge()
