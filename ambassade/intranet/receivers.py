"""Listens to the programme (ambassade.ambassadors.signals): someone who leaves the programme or stops
wanting to be named is taken out of the past issues that named them (counted among the others)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from ambassade.ambassadors.signals import naming_withdrawn, programme_left


@receiver(programme_left, dispatch_uid="intranet-programme-left")
@receiver(naming_withdrawn, dispatch_uid="intranet-naming-withdrawn")
def _unname(sender: Any, *, ambassador: Any, **kwargs: Any) -> None:
    from ambassade.intranet.personal_data import issues_unname

    issues_unname(ambassador.person)
