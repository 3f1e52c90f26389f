"""Listens to the programme (ambassade.ambassadors.signals): leaving it cancels waiting requests."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from ambassade.ambassadors.signals import programme_left


@receiver(programme_left, dispatch_uid="rewards-programme-left")
def _programme_left(sender: Any, *, ambassador: Any, **kwargs: Any) -> None:
    from ambassade.rewards.services import reward_requests_withdraw

    reward_requests_withdraw(ambassador=ambassador)
