"""Introductions: an employee introduces a contact, the contact answers (owned by helper A).

An introduction is not an endorsement: the introducer says who the contact is and how they know each
other, nothing about their qualities. The contact receives an e-mail naming the introducer with a
signed link (pk + link_version, salted; its expiry is `expires_at`): they confirm, which is a short
application (CV optional), or decline, which erases what the introducer typed about them at once, or
ask never to be introduced again, which keeps a keyed hash of their address only.

Only whoever received our e-mail can confirm: the application is made with the address the link was sent
to. The link an introducer passes on themselves (profile address only) first asks for the contact's
address and sends the e-mail there (`introduction_address_give`); it answers nothing itself.

Refused before anything is stored: introducing oneself (same person, same address in any case, same
keyed hash), an address of the organisation's own domains or of a member of staff (unless HR allows
internal mobility), an address on the do-not-introduce list, and more than DAILY_HARD_LIMIT
introductions a day. Whether the contact already applied is never looked at then (the introducer must
not learn it): a contact already in the pipeline for the offer becomes a duplicate once they confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import EmailMessage
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from ambassade.careers.application_files import CvKind
from ambassade.careers.applications import application_submit
from ambassade.careers.models import Application, JobOffer
from ambassade.careers.selectors import offer_text
from ambassade.core.audit import Actor, audit_record
from ambassade.core.models import AuditEvent
from ambassade.core.tasks import task
from ambassade.orgs.models import Entity, Membership, Organisation, Person
from ambassade.referrals.models import DoNotIntroduce, Introduction
from ambassade.referrals.rules import contact_hash, email_normalise, referral_settings_get

Status = Introduction.Status
LINK_SALT = "ambassade.referrals.introduction-link"
# The channel of an application made by confirming an introduction.
INTRODUCTION_CHANNEL = "introduction"
# A hard anti-spam limit; the velocity rules of the credit (held points) start far lower (helper B).
DAILY_HARD_LIMIT = 20
# A new link can be sent to a contact a day after the previous one, at most three times.
RESEND_AFTER = timedelta(hours=24)
MAX_LINK_VERSION = 4
# From a link passed on by the introducer, at most this many addresses per introduction are written to.
MAX_ADDRESSES = 3
ADDRESS_ACTION = "introduction.address"
# Public mail providers are never "the organisation's domains", even if some staff records use them.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "aliceadsl.fr",
        "aol.com",
        "aol.fr",
        "bbox.fr",
        "bluewin.ch",
        "cegetel.net",
        "club-internet.fr",
        "free.fr",
        "gmail.com",
        "gmx.com",
        "gmx.de",
        "gmx.fr",
        "gmx.net",
        "googlemail.com",
        "hotmail.be",
        "hotmail.co.uk",
        "hotmail.com",
        "hotmail.fr",
        "icloud.com",
        "laposte.net",
        "live.be",
        "live.co.uk",
        "live.com",
        "live.fr",
        "mac.com",
        "mail.com",
        "me.com",
        "msn.com",
        "neuf.fr",
        "noos.fr",
        "numericable.fr",
        "orange.fr",
        "outlook.be",
        "outlook.com",
        "outlook.fr",
        "pm.me",
        "proton.me",
        "protonmail.com",
        "proximus.be",
        "sfr.fr",
        "skynet.be",
        "telenet.be",
        "tutanota.com",
        "voila.fr",
        "wanadoo.fr",
        "web.de",
        "yahoo.be",
        "yahoo.co.uk",
        "yahoo.com",
        "yahoo.de",
        "yahoo.fr",
        "ymail.com",
        "zoho.com",
    }
)
ANSWERED = frozenset({Status.CONFIRMED, Status.DECLINED, Status.DUPLICATE})
# Retention of what the introducer typed: confirmed introductions follow their application (erased with
# it); one confirmed without an application of its own (the contact had already applied through another
# introduction) keeps it for as long as an application would be kept.
CONFIRMED_WITHOUT_APPLICATION_RETENTION = timedelta(days=730)


def _now() -> datetime:
    return timezone.now()


# --- who may be introduced ------------------------------------------------------------------------


def internal_domains(*, organisation: Organisation) -> set[str]:
    """The organisation's own e-mail domains: HR's list (one a line), else the domains of the staff's
    addresses (public mail providers left out)."""
    listed = referral_settings_get(organisation=organisation).internal_domains
    domains = {line.strip().lower().lstrip("@") for line in listed.splitlines() if line.strip()}
    if domains:
        return domains
    emails = (
        Person.objects.filter(organisation=organisation)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    found = {email.rpartition("@")[2].strip().lower() for email in emails}
    return {domain for domain in found if domain} - PUBLIC_MAIL_DOMAINS


def email_is_internal(*, organisation: Organisation, email: str) -> bool:
    domain = email_normalise(email).rpartition("@")[2]
    if not domain:
        return False
    return any(
        domain == own or domain.endswith(f".{own}") for own in internal_domains(organisation=organisation)
    )


def email_is_staff(*, organisation: Organisation, email: str) -> bool:
    """The address of a member of staff of the organisation (their HR record's or their account's),
    whatever its domain."""
    address = email.strip()
    if not address:
        return False
    return (
        Person.objects.filter(organisation=organisation, is_active=True, email__iexact=address).exists()
        or Membership.objects.filter(
            organisation=organisation, user__is_active=True, user__email__iexact=address
        ).exists()
    )


def _own_hashes(person: Person) -> set[str]:
    """The keyed hashes of the person's own addresses: their HR record's and their account's."""
    addresses = [person.email]
    addresses += list(
        Membership.objects.filter(person=person).exclude(user__email="").values_list("user__email", flat=True)
    )
    return {contact_hash(address) for address in addresses if address.strip()}


def is_do_not_introduce(*, organisation: Organisation, email: str) -> bool:
    hashed = contact_hash(email)
    return (
        bool(hashed) and DoNotIntroduce.objects.filter(organisation=organisation, email_hash=hashed).exists()
    )


def _contact_refusal(
    *, organisation: Organisation, introducer: Person | None, email: str, check_list: bool = True
) -> str:
    """Why this address may not be introduced ("" when it may). The do-not-introduce refusal says
    nothing more than that the person asked for it."""
    hashed = contact_hash(email)
    if not hashed:
        return ""
    if introducer is not None and hashed in _own_hashes(introducer):
        return _("This is your own address: you cannot introduce yourself.")
    settings_ = referral_settings_get(organisation=organisation)
    if not settings_.allow_internal_mobility and email_is_internal(organisation=organisation, email=email):
        return _(
            "This address belongs to the organisation: colleagues cannot be introduced (internal "
            "mobility is not open to introductions)."
        )
    if not settings_.allow_internal_mobility and email_is_staff(organisation=organisation, email=email):
        return _(
            "This address belongs to a member of staff: colleagues cannot be introduced (internal "
            "mobility is not open to introductions)."
        )
    if check_list and DoNotIntroduce.objects.filter(organisation=organisation, email_hash=hashed).exists():
        return _("This person asked not to be introduced.")
    return ""


def introductions_today(*, person: Person, now: datetime | None = None) -> int:
    """How many introductions this person made today (local day), whatever became of them: the
    velocity rules of the credit use it."""
    now = now or _now()
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return Introduction.objects.filter(
        introducer=person,
        via=Introduction.Via.FORM,
        created_at__gte=start,
        created_at__lt=start + timedelta(days=1),
    ).count()


def _active_application(
    *, organisation: Organisation, offer: JobOffer | None, email: str, exclude: int | None = None
) -> Application | None:
    """The contact's application still in the pipeline for this offer (for a spontaneous
    introduction: a spontaneous application to the organisation), if any: not erased, not rejected."""
    if not email.strip():
        return None
    applications = Application.objects.filter(
        organisation=organisation, email__iexact=email.strip(), erased_at__isnull=True
    ).exclude(stage=Application.Stage.REJECTED)
    applications = (
        applications.filter(offer=offer) if offer is not None else applications.filter(offer__isnull=True)
    )
    if exclude is not None:
        applications = applications.exclude(pk=exclude)
    return applications.order_by("created_at", "pk").first()


# --- the signed link -------------------------------------------------------------------------------


def _address_tag(email: str) -> str:
    """A short keyed code of the address a link is e-mailed to: never the address itself."""
    return contact_hash(email)[:16]


def introduction_token(*, introduction: Introduction) -> str:
    """The contact's signed token: the introduction and its link version (a newer link replaces it).
    Its expiry is the introduction's `expires_at`, checked when it is used. A link e-mailed to the
    contact also carries a short keyed code of that address ("a"): whoever holds it received it there.
    The link an introducer passes on themselves (no address yet) carries none."""
    payload: dict[str, Any] = {"i": introduction.pk, "v": introduction.link_version}
    if introduction.contact_email:
        payload["a"] = _address_tag(introduction.contact_email)
    return signing.Signer(salt=LINK_SALT).sign_object(payload)


def introduction_answer_url(*, introduction: Introduction) -> str:
    token = introduction_token(introduction=introduction)
    return settings.SITE_URL + reverse("introduction_answer", kwargs={"token": token})


def introduction_never_url(*, introduction: Introduction) -> str:
    token = introduction_token(introduction=introduction)
    return settings.SITE_URL + reverse("introduction_never", kwargs={"token": token})


@dataclass(frozen=True)
class LinkCheck:
    introduction: Introduction | None
    # "", "invalid" (tampered or unknown), "replaced" (a newer link was sent), "expired", "answered"
    problem: str = ""
    # Without a problem, what the link is for:
    # - "answer": it was e-mailed to the address on record: the application, or a refusal;
    # - "address": passed on by the introducer, no address yet: the contact gives theirs first;
    # - "sent": passed on by the introducer, an address was given since: the link answers nothing any
    #   more (the e-mail sent there does); the contact may give another address, within MAX_ADDRESSES.
    step: str = ""


@dataclass(frozen=True)
class _Token:
    introduction: Introduction | None
    version: int = 0
    tag: str = ""  # the code of the address the link was e-mailed to; "" for a link passed on


def _token_introduction(token: str) -> _Token:
    try:
        payload = signing.Signer(salt=LINK_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        return _Token(None)
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int):
        return _Token(None)
    version, tag = payload.get("v"), payload.get("a")
    found = (
        Introduction.objects.select_related("organisation", "entity", "offer", "introducer")
        .prefetch_related("offer__translations")
        .filter(pk=payload["i"])
        .first()
    )
    return _Token(found, version if isinstance(version, int) else 0, tag if isinstance(tag, str) else "")


def _answer_problem(introduction: Introduction, *, version: int, now: datetime) -> str:
    if introduction.status in ANSWERED:
        return "answered"
    if introduction.status == Status.EXPIRED:
        return "expired"
    if introduction.expires_at is not None and introduction.expires_at <= now:
        return "expired"
    if version != introduction.link_version:
        return "replaced"
    return ""


def _sent_to(introduction: Introduction, tag: str) -> bool:
    """The link was e-mailed to the address now on record."""
    return bool(tag) and bool(introduction.contact_email) and tag == _address_tag(introduction.contact_email)


def introduction_link_check(*, token: str, now: datetime | None = None) -> LinkCheck:
    """The introduction a contact's link names, if it can still be answered, and how (`LinkCheck.step`)."""
    found = _token_introduction(token)
    introduction = found.introduction
    if introduction is None:
        return LinkCheck(None, "invalid")
    problem = _answer_problem(introduction, version=found.version, now=now or _now())
    if found.tag:
        if not problem and not _sent_to(introduction, found.tag):
            problem = "replaced"  # e-mailed to an address that is no longer the one on record
        return LinkCheck(introduction, problem, "" if problem else "answer")
    if not introduction.contact_email:
        return LinkCheck(introduction, problem, "" if problem else "address")
    # Passed on by the introducer, and an address is on record now: the link answers nothing any more.
    if problem == "replaced" and introduction_addresses_given(introduction=introduction):
        return LinkCheck(introduction, "", "sent")
    return LinkCheck(introduction, problem or "replaced")


def introduction_never_check(*, token: str) -> Introduction | None:
    """The introduction of a "never introduce me again" link: any genuine link works, answered,
    expired or replaced (the wish holds whatever became of the introduction)."""
    return _token_introduction(token).introduction


def introduction_link_sent_to_contact(*, token: str) -> bool:
    """The link was e-mailed to the address on record (so whoever holds it received it there), unlike a
    link the introducer passed on, whose holder may have typed any address."""
    found = _token_introduction(token)
    return found.introduction is not None and _sent_to(found.introduction, found.tag)


# --- creating -----------------------------------------------------------------------------------


def _clean_contact(
    *,
    contact_name: str,
    contact_email: str,
    contact_profile_url: str,
    relationship: str,
    relationship_note: str,
    language: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    values = {
        "contact_name": contact_name.strip(),
        "contact_email": contact_email.strip(),
        "contact_profile_url": contact_profile_url.strip(),
        "relationship": relationship.strip(),
        "relationship_note": " ".join(relationship_note.split()),
        "language": language.strip(),
    }
    if not values["contact_name"]:
        errors["contact_name"] = _("Enter your contact's name.")
    elif len(values["contact_name"]) > 200:
        errors["contact_name"] = _("Your contact's name holds at most 200 characters.")
    if values["contact_email"]:
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            errors["contact_email"] = _(
                "Enter a valid e-mail address for your contact, such as name@example.org."
            )
        if len(values["contact_email"]) > 254:
            errors["contact_email"] = _("Your contact's e-mail address holds at most 254 characters.")
    if values["contact_profile_url"]:
        try:
            URLValidator(schemes=["http", "https"])(values["contact_profile_url"])
        except ValidationError:
            errors["contact_profile_url"] = _(
                "Enter the full address of your contact's professional profile, starting with https://."
            )
        if len(values["contact_profile_url"]) > 500:
            errors["contact_profile_url"] = _("The profile address holds at most 500 characters.")
    if not values["contact_email"] and not values["contact_profile_url"] and "contact_email" not in errors:
        errors["contact_email"] = _(
            "Enter your contact's e-mail address, or the address of their professional profile."
        )
    if values["relationship"] not in Introduction.Relationship.values:
        errors["relationship"] = _("Choose how you know each other.")
    if len(values["relationship_note"]) > 200:
        errors["relationship_note"] = _("Say how you know each other in at most 200 characters.")
    if values["language"] not in {"fr", "en"}:
        errors["language"] = _("Choose the language of the message: French or English.")
    if errors:
        raise ValidationError(errors)
    return values


def _where(
    *, organisation: Organisation, offer: JobOffer | None, entity: Entity | None
) -> tuple[JobOffer | None, Entity]:
    if offer is not None:
        if offer.organisation_id != organisation.pk:
            raise ValidationError({"offer": _("Choose one of the organisation's open job offers.")})
        if not offer.is_open:
            raise ValidationError(
                {
                    "offer": _(
                        "This job offer is not open: choose an open offer, or introduce your contact to "
                        "the organisation in general."
                    )
                }
            )
        return offer, offer.entity
    if entity is None or entity.organisation_id != organisation.pk or not entity.is_active:
        raise ValidationError(
            {"entity": _("Choose a job offer, or the career site your contact would apply to.")}
        )
    return None, entity


def introduction_create(
    *,
    actor: Actor,
    introducer: Person,
    offer: JobOffer | None,
    entity: Entity | None,
    contact_name: str,
    contact_email: str,
    contact_profile_url: str,
    relationship: str,
    relationship_note: str,
    language: str,
    now: datetime | None = None,
) -> Introduction:
    """Record an introduction and, with an e-mail address, write to the contact after commit.

    Whether the contact already applied is not looked at here: the introducer must not learn it (a
    contact already in the pipeline becomes a duplicate when they confirm). With only a profile address
    nothing is sent: the introducer sends the message with its link (`introduction_message_to_copy`)
    through their network.
    """
    now = now or _now()
    organisation = introducer.organisation
    values = _clean_contact(
        contact_name=contact_name,
        contact_email=contact_email,
        contact_profile_url=contact_profile_url,
        relationship=relationship,
        relationship_note=relationship_note,
        language=language,
    )
    offer, entity = _where(organisation=organisation, offer=offer, entity=entity)
    if not introducer.is_active:
        raise ValidationError(_("You have left the organisation: you can no longer introduce anyone."))
    refusal = _contact_refusal(
        organisation=organisation, introducer=introducer, email=values["contact_email"]
    )
    if refusal:
        raise ValidationError({"contact_email": refusal})
    settings_ = referral_settings_get(organisation=organisation)
    with transaction.atomic():
        # One introducer's introductions are counted one at a time: a burst cannot pass the limit.
        Person.objects.select_for_update().filter(pk=introducer.pk).first()
        if introductions_today(person=introducer, now=now) >= DAILY_HARD_LIMIT:
            raise ValidationError(
                _(
                    "You have made %(limit)s introductions today, the most in one day: make the next ones "
                    "tomorrow."
                )
                % {"limit": DAILY_HARD_LIMIT}
            )
        introduction = Introduction.objects.create(
            organisation=organisation,
            entity=entity,
            offer=offer,
            introducer=introducer,
            via=Introduction.Via.FORM,
            status=Status.PENDING,
            status_changed_at=now,
            contact_hash=contact_hash(values["contact_email"]),
            expires_at=now + timedelta(days=settings_.link_days),
            introducer_seen_at=now,  # nothing new for them until it changes
            **values,
        )
        audit_record(
            actor=actor,
            action="introduction.create",
            organisation=organisation,
            target=introduction,
            changes={
                "status": [None, introduction.status],
                "offer": [None, offer.reference if offer else None],
                "by_email": [None, bool(introduction.contact_email)],
            },
        )
        if introduction.contact_email:
            introduction_email_send.enqueue(
                introduction_id=introduction.pk, link_version=introduction.link_version
            )
    return introduction


def introduction_created_notice(*, introduction: Introduction) -> str:
    """What the introducer is told once the introduction is recorded."""
    if introduction.contact_email:
        return _(
            "Thank you! %(name)s will receive an e-mail from %(organisation)s to confirm or decline. "
            "You will see their answer here."
        ) % {"name": introduction.contact_name, "organisation": introduction.organisation.name}
    return _(
        "Thank you! Nothing was sent: copy the message below and send it to %(name)s through your network."
    ) % {"name": introduction.contact_name}


def introduction_resend(
    *, actor: Actor, introduction: Introduction, now: datetime | None = None
) -> Introduction:
    """A new link for a pending introduction: older links stop working; the expiry starts again. By
    e-mail at most once a day, and at most three times."""
    now = now or _now()
    with transaction.atomic():
        current = Introduction.objects.select_for_update().get(pk=introduction.pk)
        if current.status != Status.PENDING:
            raise ValidationError(_("Your contact has already answered: there is nothing to send again."))
        if current.link_version >= MAX_LINK_VERSION:
            raise ValidationError(
                _("A new link was already sent three times: your contact may not wish to answer.")
            )
        last = current.sent_at or current.created_at
        if current.contact_email and last is not None and now - last < RESEND_AFTER:
            raise ValidationError(
                _("The last e-mail left less than a day ago: give your contact time to answer.")
            )
        current.link_version += 1
        current.expires_at = now + timedelta(
            days=referral_settings_get(organisation=current.organisation).link_days
        )
        current.save(update_fields=["link_version", "expires_at", "updated_at"])
        audit_record(
            actor=actor,
            action="introduction.resend",
            organisation=current.organisation,
            target=current,
            changes={"link_version": [current.link_version - 1, current.link_version]},
        )
        if current.contact_email:
            introduction_email_send.enqueue(introduction_id=current.pk, link_version=current.link_version)
    return current


# --- the contact's e-mail, and the message the introducer sends themselves -----------------------------


def _offer_title(introduction: Introduction) -> str:
    if introduction.offer is None:
        return ""
    return offer_text(introduction.offer, translation.get_language() or "fr").title


def _introducer_name(introduction: Introduction) -> str:
    return introduction.introducer.full_name if introduction.introducer is not None else ""


def introduction_email(*, introduction: Introduction) -> EmailMessage:
    """The e-mail to the contact, in the introduction's language."""
    with translation.override(introduction.language):
        expires = introduction.expires_at or _now()
        context = {
            "introduction": introduction,
            "contact_name": introduction.contact_name,
            "introducer": _introducer_name(introduction),
            "organisation": introduction.organisation.name,
            "offer_title": _offer_title(introduction),
            "answer_url": introduction_answer_url(introduction=introduction),
            "never_url": introduction_never_url(introduction=introduction),
            "expires": formats.date_format(timezone.localtime(expires).date(), "DATE_FORMAT"),
            "erase_days": referral_settings_get(organisation=introduction.organisation).erase_after_days,
        }
        subject = _("%(introducer)s introduces you to %(organisation)s") % {
            "introducer": context["introducer"],
            "organisation": context["organisation"],
        }
        body = render_to_string("referrals/emails/contact_introduction.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [introduction.contact_email])


@task
def introduction_email_send(*, introduction_id: int, link_version: int) -> None:
    """Send the contact their link. Safe to run twice: one e-mail per introduction and link version,
    and none once the contact has answered or a newer link was sent."""
    introduction = (
        Introduction.objects.select_related("organisation", "offer", "introducer", "entity")
        .filter(pk=introduction_id, link_version=link_version, status=Status.PENDING)
        .exclude(contact_email="")
        .first()
    )
    if introduction is None:
        return
    created = introduction.created_at.timestamp() if introduction.created_at else ""
    key = f"referrals:introduction-sent:{introduction.pk}:{link_version}:{created}"
    if not cache.add(key, 1, timeout=7 * 24 * 3600):
        return
    try:
        introduction_email(introduction=introduction).send()
    except Exception:
        cache.delete(key)  # a later run may send it
        raise
    Introduction.objects.filter(pk=introduction.pk, link_version=link_version).update(sent_at=_now())


def introduction_message_to_copy(*, introduction: Introduction) -> str:
    """For a contact known by their profile only: the message the introducer sends them, with the link."""
    with translation.override(introduction.language):
        context = {
            "contact_name": introduction.contact_name,
            "introducer": _introducer_name(introduction),
            "organisation": introduction.organisation.name,
            "offer_title": _offer_title(introduction),
            "answer_url": introduction_answer_url(introduction=introduction),
        }
        return render_to_string("referrals/emails/contact_message_to_copy.txt", context).strip()


# --- the contact's answers ------------------------------------------------------------------------


def _answer_refused(problem: str) -> ValidationError:
    messages = {
        "answered": _("This introduction has already been answered."),
        "expired": _("This link has expired."),
        "replaced": _("A newer link was sent for this introduction: use the latest e-mail."),
    }
    return ValidationError(messages.get(problem, _("This link is not valid.")), code=problem or "invalid")


def _locked_answerable(introduction: Introduction, now: datetime) -> Introduction:
    current = Introduction.objects.select_for_update().get(pk=introduction.pk)
    problem = _answer_problem(current, version=introduction.link_version, now=now)
    if problem:
        raise _answer_refused(problem)
    return current


def _actor_person_id(actor: Actor) -> int | None:
    if actor is None or not isinstance(actor, AbstractBaseUser) or not actor.is_authenticated:
        return None
    return Membership.objects.filter(user_id=actor.pk).values_list("person_id", flat=True).first()


def introduction_addresses_given(*, introduction: Introduction) -> int:
    """How many addresses were given from the link the introducer passed on (counted in the audit log)."""
    return AuditEvent.objects.filter(
        action=ADDRESS_ACTION, target_type=Introduction._meta.label_lower, target_id=str(introduction.pk)
    ).count()


def _address_clean(email: str) -> str:
    address = email.strip()
    if not address:
        raise ValidationError({"email": _("Enter your e-mail address: we send the link to confirm there.")})
    if len(address) > 254:
        raise ValidationError({"email": _("Your e-mail address holds at most 254 characters.")})
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            {"email": _("Enter a valid e-mail address, such as name@example.org.")}
        ) from None
    return address


def introduction_address_give(
    *, introduction: Introduction, email: str, actor: Actor = None, now: datetime | None = None
) -> Introduction:
    """The contact of a link the introducer passed on (profile address only) gives their e-mail address.
    Nothing is created for them: the address is checked as at creation (not the introducer's, not
    staff's unless internal mobility is open, not on the do-not-introduce list; one message whichever
    refuses it, so that the page tells nothing about an address), stored on the introduction with a new
    link (the one passed on stops working; the expiry starts again), and the contact's usual e-mail leaves
    for it after commit. From then on the introduction is answered like one made by e-mail: only whoever
    received the e-mail can confirm. From the link passed on, another address may be given later (a typo),
    MAX_ADDRESSES in all; never in place of an address the introducer gave."""
    now = now or _now()
    organisation = introduction.organisation
    if introduction.introducer_id is not None and _actor_person_id(actor) == introduction.introducer_id:
        raise ValidationError(_("You made this introduction: only your contact can answer it."))
    address = _address_clean(email)
    with transaction.atomic():
        current = Introduction.objects.select_for_update().get(pk=introduction.pk)
        problem = _answer_problem(current, version=current.link_version, now=now)
        if problem:
            raise _answer_refused(problem)
        given = introduction_addresses_given(introduction=current)
        if current.contact_email and not given:
            raise _answer_refused("replaced")  # the introducer gave it: it is never changed here
        if not current.contact_email and current.link_version != introduction.link_version:
            raise _answer_refused("replaced")
        if given >= MAX_ADDRESSES:
            raise ValidationError(
                {
                    "email": _(
                        "%(count)s addresses were already given for this introduction: no more e-mails "
                        "are sent from this link. If you are interested, apply on the organisation's "
                        "career site."
                    )
                    % {"count": MAX_ADDRESSES}
                },
                code="too_many",
            )
        # Checked after the limit: once the addresses are used up, the page tells nothing about any address.
        if _contact_refusal(organisation=organisation, introducer=introduction.introducer, email=address):
            raise ValidationError(
                {
                    "email": _(
                        "This address cannot be used to answer this introduction. If you are interested, you "
                        "can apply on the organisation's career site."
                    )
                }
            )
        before = current.link_version
        current.contact_email = address
        current.email_given_by_contact = True
        current.contact_hash = contact_hash(address)
        current.link_version += 1
        current.expires_at = now + timedelta(days=referral_settings_get(organisation=organisation).link_days)
        current.save(
            update_fields=[
                "contact_email",
                "email_given_by_contact",
                "contact_hash",
                "link_version",
                "expires_at",
                "updated_at",
            ]
        )
        audit_record(
            actor=None,
            action=ADDRESS_ACTION,
            organisation=organisation,
            target=current,
            changes={"link_version": [before, current.link_version], "addresses": [given, given + 1]},
        )
        introduction_email_send.enqueue(introduction_id=current.pk, link_version=current.link_version)
    return current


def introduction_confirm(
    *,
    introduction: Introduction,
    first_name: str,
    last_name: str,
    phone: str = "",
    message: str = "",
    cv: IO[bytes] | File | None = None,
    cv_name: str = "",
    cv_kind: CvKind | None = None,
    talent_pool: bool = False,
    consent: str,
    language: str,
    actor: Actor = None,
    now: datetime | None = None,
) -> Introduction:
    """The contact agrees: in one transaction their application is stored (careers'
    application_submit, CV optional), the introduction is confirmed, then credited and the introducer
    told (helper B's crediting and notify). The application's address is the one the link was e-mailed
    to (`contact_email`), never one typed: an introduction without one (a link passed on, before the
    contact gave their address) cannot be confirmed. Its keyed hash makes introductions of one candidate
    one group for the credit rule.

    A contact with an application still in the pipeline for the offer is not asked to apply twice:
    - made before this introduction, or under another address than the one introduced: the contact was
      already a candidate, and the introduction becomes a duplicate (not credited; the introducer is
      told). Nobody takes over someone else's application by typing their address;
    - made since, and held by another introduction of theirs: this one is confirmed without one (the
      credit rule decides who is credited); held by none: it is linked to this introduction."""
    now = now or _now()
    organisation = introduction.organisation
    if introduction.introducer_id is not None and _actor_person_id(actor) == introduction.introducer_id:
        raise ValidationError(_("You made this introduction: only your contact can answer it."))
    email = introduction.contact_email
    if not email:
        raise ValidationError(
            _("Give your e-mail address first: the link to confirm is sent there."), code="no_address"
        )
    refusal = _contact_refusal(
        organisation=organisation, introducer=introduction.introducer, email=email, check_list=False
    )
    if refusal:
        raise ValidationError({"email": refusal})
    created: Application | None = None
    try:
        with transaction.atomic():
            current = _locked_answerable(introduction, now)
            if current.contact_email != email:
                raise _answer_refused("replaced")
            status = Status.CONFIRMED
            application = _active_application(organisation=organisation, offer=current.offer, email=email)
            if application is None:
                created = application = application_submit(
                    entity=current.entity,
                    offer=current.offer,
                    first_name=first_name,
                    last_name=last_name,
                    email=email,
                    phone=phone,
                    message=message,
                    cv=cv,
                    cv_name=cv_name,
                    cv_kind=cv_kind,
                    talent_pool=talent_pool,
                    consent=consent,
                    language=language,
                    now=now,
                )
                Application.objects.filter(pk=application.pk).update(source_channel=INTRODUCTION_CHANNEL)
                application.source_channel = INTRODUCTION_CHANNEL
            elif _already_candidate(current, application=application, email=email):
                status, application = Status.DUPLICATE, None
            elif Introduction.objects.filter(application=application).exists():
                application = None  # another introduction of this contact holds it
            current.application = application
            current.status = status
            current.responded_at = now
            current.status_changed_at = now
            fields = ["application", "status", "responded_at", "status_changed_at", "updated_at"]
            if status == Status.CONFIRMED:
                current.contact_hash = contact_hash(email)
                fields.append("contact_hash")
            current.save(update_fields=fields)
            audit_record(
                actor=None,
                action="introduction.confirm",
                organisation=organisation,
                target=current,
                changes={
                    "status": [Status.PENDING, status],
                    "application": [None, current.application_id],
                },
            )
            if status == Status.CONFIRMED:
                _confirmed(current)
            else:
                _notify(current)
    except Exception:
        if created is not None and created.cv:
            created.cv.delete(save=False)  # no row, no file
        raise
    return current


def _already_candidate(introduction: Introduction, *, application: Application, email: str) -> bool:
    """The contact's application does not come from this introduction: it was made before it, or under
    another address than the one the introducer gave."""
    if introduction.created_at is not None and application.created_at < introduction.created_at:
        return True
    return bool(introduction.contact_hash) and introduction.contact_hash != contact_hash(email)


def _confirmed(introduction: Introduction) -> None:
    from ambassade.referrals import crediting, notify

    crediting.introduction_confirmed(introduction=introduction)
    notify.introducer_notify(introduction=introduction)


def _notify(introduction: Introduction) -> None:
    from ambassade.referrals import notify

    notify.introducer_notify(introduction=introduction)


CONTACT_FIELDS = ("contact_name", "contact_email", "contact_profile_url", "relationship_note", "contact_hash")


def _erase_contact(introduction: Introduction, now: datetime) -> None:
    for field in CONTACT_FIELDS:
        setattr(introduction, field, "")
    introduction.erased_at = now


def introduction_decline(*, introduction: Introduction, now: datetime | None = None) -> Introduction:
    """The contact declines: what the introducer typed about them is erased at once; the anonymous
    row stays for the counts, and the introducer is told."""
    now = now or _now()
    with transaction.atomic():
        current = _locked_answerable(introduction, now)
        _decline(current, now)
    return current


def _decline(current: Introduction, now: datetime) -> None:
    current.status = Status.DECLINED
    current.responded_at = now
    current.status_changed_at = now
    _erase_contact(current, now)
    current.save()
    audit_record(
        actor=None,
        action="introduction.decline",
        organisation=current.organisation,
        target=current,
        changes={"status": [Status.PENDING, Status.DECLINED]},
    )
    _notify(current)


def introduction_never_again(
    *,
    introduction: Introduction | None = None,
    email: str = "",
    organisation: Organisation | None = None,
    sent_to_contact: bool = True,
    now: datetime | None = None,
) -> int:
    """The contact asks never to be introduced to the organisation again: a keyed hash of their address
    is kept (nothing else), and introductions of theirs still waiting are declined.

    From a link sent by e-mail to the address on record (`sent_to_contact`), the address is that one
    (whatever is typed): every introduction of that address still waiting is declined. From a link the
    introducer passed on themselves (a profile address only: `sent_to_contact=False`, even once an
    address was given from it, since whoever typed it proved nothing), or once the address is erased,
    the address typed is added to the list, but only this introduction is declined: typing an address
    proves nothing, and must not cancel colleagues' introductions. Without an introduction (a request
    to the organisation), every introduction of the address typed is declined. Returns how many
    introductions were declined."""
    now = now or _now()
    organisation = organisation or (introduction.organisation if introduction is not None else None)
    if organisation is None:
        raise ValueError("introduction_never_again needs an introduction or an organisation")
    sent_to = introduction.contact_email if introduction is not None and sent_to_contact else ""
    if sent_to:
        hashed = contact_hash(sent_to)
    else:
        if email.strip():
            try:
                validate_email(email.strip())
            except ValidationError:
                raise ValidationError(
                    {"email": _("Enter a valid e-mail address, such as name@example.org.")}
                ) from None
        hashed = contact_hash(email)
    if not hashed:
        raise ValidationError(
            {"email": _("Enter your e-mail address: it is the only thing we keep, as a code.")}
        )
    with transaction.atomic():
        DoNotIntroduce.objects.get_or_create(organisation=organisation, email_hash=hashed)
        if introduction is None or sent_to:
            waiting = Q(contact_hash=hashed)
            if introduction is not None:
                waiting |= Q(pk=introduction.pk)  # the one whose link they followed
        else:
            waiting = Q(pk=introduction.pk)
        pending = list(
            Introduction.objects.select_for_update()
            .filter(waiting, organisation=organisation, status=Status.PENDING)
            .order_by("pk")
        )
        for current in pending:
            _decline(current, now)
        audit_record(
            actor=None,
            action="introduction.never_again",
            organisation=organisation,
            changes={"declined": [None, len(pending)]},
        )
    return len(pending)


# --- applications through an ambassador's tracked link --------------------------------------------------


def introduction_from_link_application(*, application: Application) -> Introduction | None:
    """An application through an ambassador's tracked link: recorded as introduced by that ambassador,
    confirmed (the candidate applied themselves), with no extra step for the candidate. Not for the
    ambassador applying through their own link, an internal address (unless internal mobility is open),
    nor a person who asked never to be introduced; a candidate already in the pipeline for the offer is
    recorded as a duplicate, not credited."""
    link = application.source_link
    if link is None or link.ambassador_id is None or link.organisation_id != application.organisation_id:
        return None
    if Introduction.objects.filter(application=application).exists():
        return None
    ambassador: Person = link.ambassador  # type: ignore[assignment]
    organisation = application.organisation
    if _contact_refusal(organisation=organisation, introducer=ambassador, email=application.email):
        return None
    now = _now()
    duplicate = _active_application(
        organisation=organisation, offer=application.offer, email=application.email, exclude=application.pk
    )
    introduction = Introduction.objects.create(
        organisation=organisation,
        entity=application.entity,
        offer=application.offer,
        introducer=ambassador,
        via=Introduction.Via.LINK,
        status=Status.DUPLICATE if duplicate is not None else Status.CONFIRMED,
        status_changed_at=now,
        responded_at=now,
        # The ambassador did not name the candidate: only the address is kept (duplicates, the
        # candidate's own export and erasure), never shown to them.
        contact_email=application.email,
        contact_hash=contact_hash(application.email),
        language=application.language,
        application=None if duplicate is not None else application,
    )
    audit_record(
        actor=None,
        action="introduction.from_link",
        organisation=organisation,
        target=introduction,
        changes={"status": [None, introduction.status], "link": [None, link.code]},
    )
    if introduction.status == Status.CONFIRMED:
        _confirmed(introduction)
    return introduction


# --- retention ------------------------------------------------------------------------------------------


def introductions_expire(*, now: datetime | None = None) -> int:
    """Pending introductions past their link's expiry become expired (the introducer is told). Safe to
    run twice or in parallel: each row changes once, by compare-and-swap."""
    now = now or _now()
    expired = 0
    due = Introduction.objects.filter(status=Status.PENDING, expires_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            changed = Introduction.objects.filter(pk=pk, status=Status.PENDING, expires_at__lte=now).update(
                status=Status.EXPIRED, status_changed_at=now, updated_at=now
            )
            if changed != 1:
                continue
            introduction = Introduction.objects.select_related("organisation").get(pk=pk)
            audit_record(
                actor=None,
                action="introduction.expire",
                organisation=introduction.organisation,
                target=introduction,
                changes={"status": [Status.PENDING, Status.EXPIRED]},
            )
            _notify(introduction)
            expired += 1
    return expired


def _erasable(*, organisation: Organisation, now: datetime) -> QuerySet[Introduction]:
    days = referral_settings_get(organisation=organisation).erase_after_days
    unanswered = Q(
        status__in=[Status.DECLINED, Status.EXPIRED, Status.DUPLICATE],
        status_changed_at__lte=now - timedelta(days=days),
    )
    application_gone = Q(status=Status.CONFIRMED, application__erased_at__isnull=False)
    kept_long_enough = Q(
        status=Status.CONFIRMED,
        application__isnull=True,
        responded_at__lte=now - CONFIRMED_WITHOUT_APPLICATION_RETENTION,
    )
    return Introduction.objects.filter(organisation=organisation, erased_at__isnull=True).filter(
        unanswered | application_gone | kept_long_enough
    )


def introductions_erase_due(*, now: datetime | None = None) -> int:
    """Erase what the introducer typed about contacts whose introduction was declined, expired or a
    duplicate longer ago than the organisation's erase_after_days (30 by default), or whose application
    was erased: the anonymous row stays for the counts. Safe to run twice or in parallel."""
    now = now or _now()
    erased = 0
    organisations = Organisation.objects.filter(
        pk__in=Introduction.objects.filter(erased_at__isnull=True).values("organisation_id")
    )
    for organisation in organisations:
        for pk in list(_erasable(organisation=organisation, now=now).values_list("pk", flat=True)):
            erased += introduction_erase(pk=pk, now=now, reason="retention")
    return erased


def introduction_erase(*, pk: int, now: datetime | None = None, reason: str) -> int:
    """Erase one introduction's contact data (1), or nothing if it already is (0)."""
    now = now or _now()
    with transaction.atomic():
        introduction = Introduction.objects.select_for_update().filter(pk=pk, erased_at__isnull=True).first()
        if introduction is None:
            return 0
        _erase_contact(introduction, now)
        introduction.save()
        audit_record(
            actor=None,
            action="introduction.erase",
            organisation=introduction.organisation,
            target=introduction,
            changes={"reason": reason},
        )
    return 1


# --- the contact's own request, by e-mail address -----------------------------------------------------


def contact_introductions(*, email: str, organisation: Organisation | None = None) -> QuerySet[Introduction]:
    hashed = contact_hash(email)
    if not hashed:
        return Introduction.objects.none()
    found = Introduction.objects.filter(
        Q(contact_hash=hashed) | Q(contact_email__iexact=email.strip()), erased_at__isnull=True
    )
    return found.filter(organisation=organisation) if organisation is not None else found


def contact_data_export(*, email: str, organisation: Organisation | None = None) -> list[dict[str, Any]]:
    """What is held about a contact (by e-mail address): the introductions of them, and whether they
    asked never to be introduced again."""
    rows: list[dict[str, Any]] = []
    introductions = contact_introductions(email=email, organisation=organisation).select_related(
        "organisation", "offer", "introducer"
    )
    for introduction in introductions.order_by("created_at", "pk"):
        rows.append(
            {
                "record": "introduction",
                "organisation": introduction.organisation.name,
                "offer": introduction.offer.reference if introduction.offer else None,
                "introduced_by": _introducer_name(introduction),
                "status": introduction.status,
                "contact_name": introduction.contact_name,
                "contact_email": introduction.contact_email,
                "contact_profile_url": introduction.contact_profile_url,
                "relationship": introduction.relationship,
                "relationship_note": introduction.relationship_note,
                "created_at": introduction.created_at.isoformat(),
                "responded_at": introduction.responded_at.isoformat() if introduction.responded_at else None,
            }
        )
    hashed = contact_hash(email)
    wishes = DoNotIntroduce.objects.filter(email_hash=hashed).select_related("organisation") if hashed else []
    for wish in wishes:
        if organisation is None or wish.organisation_id == organisation.pk:
            rows.append(
                {
                    "record": "do_not_introduce",
                    "organisation": wish.organisation.name,
                    "since": wish.created_at.isoformat(),
                }
            )
    return rows


def contact_data_erase(*, email: str, organisation: Organisation | None = None) -> int:
    """Erase the introductions of a contact (by e-mail address). Their wish never to be introduced
    again is kept: erasing it would let them be introduced again."""
    pks = list(contact_introductions(email=email, organisation=organisation).values_list("pk", flat=True))
    return sum(introduction_erase(pk=pk, reason="request") for pk in pks)
