"""The periodic jobs of training: waves due to be sent, and reminders before sessions."""

from __future__ import annotations

from datetime import timedelta

from ambassade.core.periodic import periodic
from ambassade.training import services


@periodic(every=timedelta(minutes=10))
def training_waves_due_send() -> None:
    """Send the waves whose `send_at` has come."""
    services.waves_due_send()


@periodic(every=timedelta(hours=1))
def training_reminders_send() -> None:
    """The day before and one hour before a session, each registered person gets a reminder, once."""
    services.reminders_send()
