"""Listens to the careers pipeline (ambassade.careers.signals): an application through an ambassador's
tracked link is an introduction too; a stage change moves the introducer's status and points."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from ambassade.careers.signals import application_moved, application_submitted


@receiver(application_submitted, dispatch_uid="referrals-application-submitted")
def _application_submitted(sender: Any, *, application: Any, **kwargs: Any) -> None:
    from ambassade.referrals.introductions import introduction_from_link_application

    introduction_from_link_application(application=application)


@receiver(application_moved, dispatch_uid="referrals-application-moved")
def _application_moved(sender: Any, *, application: Any, before: str, actor: Any, **kwargs: Any) -> None:
    from ambassade.referrals.crediting import introduction_stage_changed

    introduction_stage_changed(application=application, before=before, actor=actor)
