"""Conversations arrive from other apps' signals: listening's mentions marked question or worry, and
careers' applications sent with a message. Receivers run inside the sender's transaction."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from ambassade.careers.signals import application_submitted
from ambassade.listening.signals import mention_flagged


@receiver(mention_flagged, dispatch_uid="inbox-mention-flagged")
def _mention_flagged(sender: Any, *, mention: Any, **kwargs: Any) -> None:
    from ambassade.inbox.services import conversation_from_mention

    conversation_from_mention(mention=mention)


@receiver(application_submitted, dispatch_uid="inbox-application-submitted")
def _application_submitted(sender: Any, *, application: Any, **kwargs: Any) -> None:
    from ambassade.inbox.services import conversation_from_application

    conversation_from_application(application=application)
