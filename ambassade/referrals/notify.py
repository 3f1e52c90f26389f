"""Telling introducers: their introduction's status changed (in the app and by e-mail), a recruiter
thanked them. The e-mails carry the status the introducer sees (rules.introducer_status_label), the offer
and the date of the introduction, never anything about the candidate."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from ambassade.careers.application_selectors import offer_title
from ambassade.core.audit import Actor, audit_record
from ambassade.core.tasks import task
from ambassade.orgs.models import Person
from ambassade.orgs.selectors import person_language
from ambassade.referrals.models import Introduction
from ambassade.referrals.rules import introducer_status, introducer_status_label

# The introducer's own list of introductions (helper A's page); the home page if it is not there.
MY_INTRODUCTIONS_URL_NAMES = ("introduction_list", "introduction_mine", "my_introductions")
THANKS_MAX_LENGTH = 500
SENT_KEY_TIMEOUT = 7 * 24 * 3600
_TOLD_ONCE_ERASED = frozenset({Introduction.Status.DECLINED, Introduction.Status.EXPIRED})


def _my_introductions_url() -> str:
    for name in MY_INTRODUCTIONS_URL_NAMES:
        try:
            return settings.SITE_URL + reverse(name)
        except NoReverseMatch:
            continue
    return settings.SITE_URL + reverse("home")


def _offer_label(introduction: Introduction, language: str) -> str:
    if introduction.offer is None:
        return _("a spontaneous introduction to %(organisation)s") % {
            "organisation": introduction.organisation
        }
    return offer_title(introduction.offer, language)


def _recipient(introduction: Introduction) -> Person | None:
    person = introduction.introducer
    if person is None or not person.email or not person.is_active:
        return None
    return person


# --- status changes -------------------------------------------------------------------------------


def introducer_notify(*, introduction: Introduction) -> None:
    """The introducer's status changed: mark it new in the app, and e-mail them after commit."""
    now = timezone.now()
    Introduction.objects.filter(pk=introduction.pk).update(status_changed_at=now)
    introduction.status_changed_at = now
    if introduction.introducer_id is None:
        return
    introducer_status_email_send.enqueue(
        introduction_id=introduction.pk, status=introducer_status(introduction), changed_at=now.isoformat()
    )


@task
def introducer_status_email_send(*, introduction_id: int, status: str, changed_at: str = "") -> None:
    """Safe to run twice: each change is sent once; a change overtaken by a newer one is not sent."""
    introduction = (
        Introduction.objects.select_related("introducer", "introducer__organisation", "organisation", "offer")
        .select_related("application")
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None:
        return
    # Declining erases the contact's data at once: the introducer is still told (nothing about the
    # contact is in the e-mail). Other erased introductions are past telling.
    if introduction.erased_at is not None and introduction.status not in _TOLD_ONCE_ERASED:
        return
    person = _recipient(introduction)
    if person is None or introducer_status(introduction) != status:
        return
    if not cache.add(f"referrals:status-sent:{introduction_id}:{status}:{changed_at}", 1, SENT_KEY_TIMEOUT):
        return
    introducer_status_email(introduction=introduction, person=person).send()


def introducer_status_email(*, introduction: Introduction, person: Person) -> EmailMessage:
    with translation.override(person_language(person)):
        language = translation.get_language() or "fr"
        context = {
            "person": person,
            "organisation": introduction.organisation,
            "offer": _offer_label(introduction, language),
            "made_on": formats.date_format(timezone.localtime(introduction.created_at), "DATE_FORMAT"),
            "status": str(introducer_status_label(introduction)),
            "link": _my_introductions_url(),
        }
        subject = _("Your introduction: %(status)s") % {"status": context["status"]}
        body = render_to_string("referrals/emails/introducer_status.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])


# --- thanks ---------------------------------------------------------------------------------------


def introduction_thank(*, actor: Actor, introduction: Introduction, message: str) -> Introduction:
    """A recruiter thanks the introducer, once, with a short message e-mailed to them; audited."""
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Write a short message to the introducer.")})
    if len(message) > THANKS_MAX_LENGTH:
        raise ValidationError(
            {"message": _("Keep the message under %(max)s characters.") % {"max": THANKS_MAX_LENGTH}}
        )
    if introduction.status != Introduction.Status.CONFIRMED or introduction.erased_at is not None:
        raise ValidationError(_("Only a confirmed introduction can be thanked."))
    if introduction.introducer_id is None:
        raise ValidationError(_("The introducer is no longer with the organisation."))
    user = actor if actor is not None and actor.is_authenticated else None
    now = timezone.now()
    with transaction.atomic():
        updated = Introduction.objects.filter(pk=introduction.pk, thanked_at__isnull=True).update(
            thanked_at=now, thanked_by=user
        )
        if not updated:
            raise ValidationError(_("The introducer was already thanked."))
        audit_record(
            actor=actor,
            action="introduction.thank",
            organisation=introduction.organisation,
            target=introduction,
            changes={"thanked_at": [None, now.isoformat()], "message": [None, message]},
        )
        introducer_thanks_email_send.enqueue(introduction_id=introduction.pk, message=message)
    introduction.thanked_at, introduction.thanked_by = now, user  # type: ignore[assignment]
    return introduction


@task
def introducer_thanks_email_send(*, introduction_id: int, message: str) -> None:
    introduction = (
        Introduction.objects.select_related("introducer", "introducer__organisation", "organisation", "offer")
        .select_related("thanked_by")
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None or introduction.thanked_at is None:
        return
    person = _recipient(introduction)
    if person is None:
        return
    key = f"referrals:thanks-sent:{introduction_id}:{introduction.thanked_at.timestamp()}"
    if not cache.add(key, 1, SENT_KEY_TIMEOUT):
        return
    with translation.override(person_language(person)):
        language = translation.get_language() or "fr"
        author = introduction.thanked_by
        context = {
            "person": person,
            "organisation": introduction.organisation,
            "offer": _offer_label(introduction, language),
            "made_on": formats.date_format(timezone.localtime(introduction.created_at), "DATE_FORMAT"),
            "recruiter": (author.get_full_name() or author.get_username()) if author else "",
            "message": message,
            "link": _my_introductions_url(),
        }
        subject = _("Thank you for your introduction")
        body = render_to_string("referrals/emails/introducer_thanks.txt", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]).send()
