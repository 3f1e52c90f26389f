"""Periodic jobs of the inbox: the unanswered alert (every 15 minutes) and retention (daily)."""

from __future__ import annotations

from datetime import timedelta

from ambassade.core.periodic import periodic


@periodic(every=timedelta(minutes=15))
def inbox_overdue_alert() -> None:
    from ambassade.inbox.services import conversations_alert_overdue

    conversations_alert_overdue()


@periodic(every=timedelta(days=1))
def inbox_retention() -> None:
    from ambassade.inbox.services import conversations_purge

    conversations_purge()
