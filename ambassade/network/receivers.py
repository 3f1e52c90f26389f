"""Listens to the programme (ambassade.ambassadors.signals): leaving it deletes one's network data."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from ambassade.ambassadors.signals import programme_left


@receiver(programme_left, dispatch_uid="network-programme-left")
def _programme_left(sender: Any, *, ambassador: Any, **kwargs: Any) -> None:
    from ambassade.network.services import network_delete

    network_delete(actor=None, ambassador=ambassador, reason=ambassador.status or "left")
