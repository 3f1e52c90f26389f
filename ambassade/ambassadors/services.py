"""The programme's writes: invitations, joining with consent, withdrawal, leavers, social accounts,
follower counts, the profile checklist, the expertise self-assessment, preferences and settings.

Lifecycle of an Ambassador row: invited → enrolled → withdrawn (by the person) or left (deactivated by
the HR import). Active / inactive is derived (programme.ambassador_is_active). Joining records a
ConsentRecord with the version of the consent text; withdrawal records another and takes effect at once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ambassade.ambassadors.adoption import adoption_days_settle
from ambassade.ambassadors.checklist import (
    ALWAYS_SHOWN,
    ASSESSMENT,
    checklist_item_exists,
    checklist_items,
    expertise_from,
)
from ambassade.ambassadors.handles import handle_clean
from ambassade.ambassadors.ledger import points_award
from ambassade.ambassadors.models import (
    ActivityDay,
    Ambassador,
    BadgeAward,
    ChecklistTick,
    ConsentRecord,
    DigestFrequency,
    Expertise,
    FollowerCount,
    Network,
    PointsEntry,
    Programme,
    Share,
    SocialAccount,
)
from ambassade.ambassadors.programme import CONSENT_VERSION, programme_get
from ambassade.ambassadors.signals import naming_withdrawn, programme_left
from ambassade.core.audit import Actor, audit_record, model_changes, snapshot
from ambassade.core.tasks import task
from ambassade.links.models import AmbassadorCounter, AmbassadorMonthlyRollup, TrackedLink
from ambassade.links.rollups import watermark_lock
from ambassade.orgs.access import account_create
from ambassade.orgs.models import Membership, Organisation, Person
from ambassade.orgs.roles import Role
from ambassade.orgs.selectors import person_language

Status = Ambassador.Status
INVITATION_SALT = "ambassade.ambassadors.invitation"
RECENT_INVITATION = timedelta(hours=1)  # a person invited more recently is not invited again
MAX_FOLLOWERS = 2_000_000_000


def _now() -> datetime:
    return timezone.now()


def _user_of(person: Person) -> Any:
    membership = Membership.objects.filter(person=person).select_related("user").first()
    return membership.user if membership is not None else None


# --- invitations ----------------------------------------------------------------------------------


def invitation_token(*, ambassador: Ambassador) -> str:
    """The signed link token of the ambassador's current invitation (valid until its nonce changes)."""
    return signing.dumps({"a": ambassador.pk, "n": ambassador.invitation_nonce}, salt=INVITATION_SALT)


@dataclass(frozen=True)
class InvitationCheck:
    ambassador: Ambassador | None
    problem: str = ""  # "", "invalid", "expired", "closed", "used" (the person joined since)


def invitation_check(*, token: str) -> InvitationCheck:
    """Whose invitation a token is, if it is still good: signed by us, not used (the person has not
    joined since), not replaced by a newer invitation, not expired (Programme.invitation_days), for a
    person still with the organisation who has not withdrawn."""
    try:
        payload = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return InvitationCheck(None, "invalid")
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int):
        return InvitationCheck(None, "invalid")
    ambassador = (
        Ambassador.objects.select_related("person", "organisation", "person__entity")
        .filter(pk=payload["a"])
        .first()
    )
    if ambassador is not None and ambassador.status == Status.ENROLLED:
        # Joining uses the invitation up: the link no longer creates anything nor leads to a password.
        return InvitationCheck(None, "used")
    if (
        ambassador is None
        or not ambassador.invitation_nonce
        or payload.get("n") != ambassador.invitation_nonce
    ):
        return InvitationCheck(None, "invalid")
    programme = programme_get(organisation=ambassador.organisation)
    try:
        signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=programme.invitation_days))
    except signing.SignatureExpired:
        return InvitationCheck(None, "expired")
    except signing.BadSignature:
        return InvitationCheck(None, "invalid")
    if ambassador.status in (Status.WITHDRAWN, Status.LEFT) or not ambassador.person.is_active:
        return InvitationCheck(None, "closed")
    return InvitationCheck(ambassador)


@dataclass
class InvitationReport:
    """What an invitation run did: how many were invited, and who was skipped and why."""

    invited: int = 0
    already_enrolled: int = 0
    withdrawn: int = 0
    invited_recently: int = 0  # invited less than RECENT_INVITATION ago: not sent again
    without_email: list[str] = field(default_factory=list)

    @property
    def considered(self) -> int:
        return (
            self.invited
            + self.already_enrolled
            + self.withdrawn
            + self.invited_recently
            + len(self.without_email)
        )


def invitations_send(
    *, actor: Actor, organisation: Organisation, people: QuerySet[Person], scope: str = ""
) -> InvitationReport:
    """Invite the active people of `people` who are not enrolled yet: each gets a signed link by e-mail
    (sent by a background task, after commit). Enrolled people are skipped and counted; so are people
    who withdrew (they may come back from their home page, they are not chased) and people invited less
    than an hour ago (a double click sends nothing twice); people without an e-mail address are listed.
    Inviting again someone whose invitation still works sends the same link again (the link of the
    first e-mail keeps working); once it has expired, a new link replaces it."""
    report = InvitationReport()
    now = _now()
    user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        programme = programme_get(organisation=organisation)
        lasting = timedelta(days=programme.invitation_days)
        chosen = people.filter(organisation=organisation, is_active=True)
        existing = {
            ambassador.person_id: ambassador
            for ambassador in Ambassador.objects.select_for_update().filter(person__in=chosen)
        }
        new: list[Ambassador] = []
        changed: list[Ambassador] = []
        for person in chosen.order_by("last_name", "first_name", "pk"):
            ambassador = existing.get(person.pk)
            if ambassador is not None and ambassador.status == Status.ENROLLED:
                report.already_enrolled += 1
                continue
            if ambassador is not None and ambassador.status == Status.WITHDRAWN:
                report.withdrawn += 1
                continue
            # The time of the person's invitation still pending, if any.
            pending = (
                ambassador.invited_at
                if ambassador is not None
                and ambassador.status == Status.INVITED
                and ambassador.invitation_nonce
                else None
            )
            if pending is not None and pending > now - RECENT_INVITATION:
                report.invited_recently += 1
                continue
            if not person.email:
                report.without_email.append(person.full_name)
                continue
            if ambassador is None:
                ambassador = Ambassador(organisation=organisation, person=person)
                new.append(ambassador)
            else:
                changed.append(ambassador)
            if pending is None or pending + lasting <= now:
                ambassador.invitation_nonce = secrets.token_hex(12)  # older links stop working
            ambassador.status = Status.INVITED
            ambassador.invited_at = now
            ambassador.invited_by = user  # type: ignore[assignment]
            report.invited += 1
        Ambassador.objects.bulk_create(new)
        Ambassador.objects.bulk_update(
            changed, ["status", "invited_at", "invited_by", "invitation_nonce", "updated_at"]
        )
        invited = new + changed
        if invited:
            single = invited[0].person if len(invited) == 1 else None
            audit_record(
                actor=actor,
                action="programme.invite",
                organisation=organisation,
                target=single,
                changes={"invited": [None, len(invited)], "scope": [None, scope]},
            )
            ids = list(
                Ambassador.objects.filter(
                    person_id__in=[a.person_id for a in invited], status=Status.INVITED
                ).values_list("pk", flat=True)
            )
            invitation_emails_send.enqueue(ambassador_ids=ids)
    return report


@task
def invitation_emails_send(*, ambassador_ids: list[int]) -> None:
    """Send the invitation e-mails (one SMTP connection for the batch). Safe to run twice: an invitation
    (ambassador, link and time of the invitation) is sent once."""
    ambassadors = Ambassador.objects.filter(pk__in=ambassador_ids, status=Status.INVITED).select_related(
        "person", "organisation", "invited_by"
    )
    with get_connection() as connection:
        for ambassador in ambassadors:
            sent_at = ambassador.invited_at.timestamp() if ambassador.invited_at else ""
            key = f"ambassadors:invitation-sent:{ambassador.pk}:{ambassador.invitation_nonce}:{sent_at}"
            if not ambassador.person.email or not cache.add(key, 1, timeout=7 * 24 * 3600):
                continue
            message = invitation_email(ambassador=ambassador)
            message.connection = connection
            message.send()


def invitation_email(*, ambassador: Ambassador) -> EmailMessage:
    """The invitation e-mail, in the person's language (their account's, else the organisation's)."""
    person = ambassador.person
    programme = programme_get(organisation=ambassador.organisation)
    link = settings.SITE_URL + reverse(
        "programme_join_token", kwargs={"token": invitation_token(ambassador=ambassador)}
    )
    invited_at = ambassador.invited_at or _now()
    expires = timezone.localtime(invited_at + timedelta(days=programme.invitation_days)).date()
    with translation.override(person_language(person)):
        inviter = ambassador.invited_by
        context = {
            "person": person,
            "organisation": ambassador.organisation,
            "programme": programme,
            "link": link,
            "expires": formats.date_format(expires, "DATE_FORMAT"),
            "inviter": (inviter.get_full_name() or inviter.get_username()) if inviter else "",
        }
        subject = _("Join the ambassadors of %(organisation)s") % {"organisation": ambassador.organisation}
        body = render_to_string("ambassadors/programme/email/invitation.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])


# --- joining and withdrawing ----------------------------------------------------------------------


def ambassador_join(*, actor: Actor, person: Person, language: str) -> Ambassador:
    """Enrol a person with their consent (the current CONSENT_VERSION), from an invitation or not; also
    after a withdrawal. A pending invitation is used up. Joining twice changes nothing."""
    if not person.is_active:
        raise ValidationError(_("%(name)s has left the organisation.") % {"name": person})
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with transaction.atomic():
        programme_get(organisation=person.organisation)
        ambassador, _created = Ambassador.objects.select_for_update().get_or_create(
            person=person, defaults={"organisation": person.organisation}
        )
        if ambassador.status == Status.ENROLLED:
            return ambassador
        before = ambassador.status
        now = _now()
        if before in (Status.WITHDRAWN, Status.LEFT):
            ambassador.digest_frequency = DigestFrequency.WEEKLY  # the default of a new ambassador
        ambassador.status = Status.ENROLLED
        ambassador.enrolled_at = now
        ambassador.consent_version = CONSENT_VERSION
        ambassador.invitation_nonce = ""  # the invitation is used up: its link works no more
        ambassador.save()
        ConsentRecord.objects.create(
            ambassador=ambassador,
            action=ConsentRecord.Action.GIVEN,
            text_version=CONSENT_VERSION,
            language=language,
            at=now,
        )
        audit_record(
            actor=actor,
            action="programme.join",
            organisation=person.organisation,
            target=person,
            changes={"status": [before, Status.ENROLLED], "consent_version": [None, CONSENT_VERSION]},
        )
    from ambassade.referrals.crediting import referral_points_sync_person

    referral_points_sync_person(person=person)  # introductions made before joining earn their points now
    return ambassador


@dataclass(frozen=True)
class InvitationJoin:
    ambassador: Ambassador
    account_created: bool
    set_password_url: str  # only for an account created just now; "" otherwise: they sign in


def ambassador_join_by_invitation(*, ambassador: Ambassador, language: str) -> InvitationJoin:
    """Join from an invitation link, signed in or not. A person with no account gets one (like an HR
    admin's access grant, as an employee, without another e-mail) and is sent to choose a password.
    Whoever holds the link never gets to choose the password of an account that existed before (an
    SSO account, an access grant whose password is not chosen yet): those people sign in."""
    person = ambassador.person
    with transaction.atomic():
        locked = Ambassador.objects.select_for_update().get(pk=ambassador.pk)
        if locked.status == Status.ENROLLED:  # joined meanwhile (a second click): nothing more to do
            return InvitationJoin(ambassador=locked, account_created=False, set_password_url="")
        membership = Membership.objects.filter(person=person).select_related("user").first()
        created = membership is None
        if membership is None:
            membership = _account_create(person=person, language=language)
        ambassador = ambassador_join(actor=membership.user, person=person, language=language)
        url = ""
        if created:
            user = membership.user
            url = reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
    return InvitationJoin(ambassador=ambassador, account_created=created, set_password_url=url)


def _account_create(*, person: Person, language: str) -> Membership:
    if not person.email:
        raise ValidationError(_("%(name)s has no e-mail address: ask your HR admin.") % {"name": person})
    if person.access_revoked_at is not None:
        raise ValidationError(_("Your access to ambassade was removed: ask your HR admin."))
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=person.email).exists():
        raise ValidationError(
            _("An account already uses the address %(email)s: ask your HR admin.") % {"email": person.email}
        )
    membership = account_create(
        person=person, role=Role.EMPLOYEE, language=language if language in dict(settings.LANGUAGES) else ""
    )
    audit_record(
        actor=None,
        action="access.grant",
        organisation=person.organisation,
        target=person,
        changes={"role": [None, Role.EMPLOYEE], "through": [None, "programme invitation"]},
    )
    return membership


def ambassador_withdraw(*, actor: Actor, ambassador: Ambassador, language: str) -> Ambassador:
    """Withdraw consent, at once: no more hub or e-mails, off every leaderboard, no individual figures
    for anyone else. Daily activity, social accounts, follower counts, checklist ticks, the
    self-assessment and badges are deleted; shares and links lose their ambassador (they stay as
    anonymous counts); the ledger stays for the person's eyes only (see _programme_leave)."""
    with transaction.atomic():
        ambassador = (
            Ambassador.objects.select_for_update(of=("self",)).select_related("person").get(pk=ambassador.pk)
        )
        if ambassador.status != Status.ENROLLED:
            raise ValidationError(_("You are not enrolled in the programme."))
        now = _now()
        ambassador.status = Status.WITHDRAWN
        ambassador.withdrawn_at = now
        _programme_leave(ambassador)
        ConsentRecord.objects.create(
            ambassador=ambassador,
            action=ConsentRecord.Action.WITHDRAWN,
            text_version=ambassador.consent_version or CONSENT_VERSION,
            language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
            at=now,
        )
        audit_record(
            actor=actor,
            action="programme.withdraw",
            organisation=ambassador.organisation,
            target=ambassador.person,
            changes={"status": [Status.ENROLLED, Status.WITHDRAWN]},
        )
    return ambassador


def _programme_leave(ambassador: Ambassador) -> None:
    """What withdrawing and leaving share: preferences off, individual traces deleted or detached.

    Deleted: daily activity, social accounts with their follower history, checklist ticks, the
    self-assessment (the expertise level goes back to beginner), badges, per-person click counters.
    Detached: shares and tracked links (they stay as anonymous counts; the links keep working and no
    longer name the person, neither as ambassador nor as author). Kept: the consent history and the
    points ledger (shown to the person only)."""
    person = ambassador.person
    # The finished days' adoption counts are settled before the person's activity goes.
    adoption_days_settle(organisation=ambassador.organisation)
    ambassador.leaderboard_opt_in = False
    ambassador.show_name_in_network = False
    ambassador.digest_frequency = DigestFrequency.NEVER
    ambassador.last_active_on = None
    ambassador.invitation_nonce = ""
    ambassador.self_assessment = {}
    ambassador.expertise = Expertise.BEGINNER
    ambassador.save()
    ActivityDay.objects.filter(ambassador=ambassador).delete()
    SocialAccount.objects.filter(ambassador=ambassador).delete()  # their follower counts with them
    ChecklistTick.objects.filter(ambassador=ambassador).delete()
    BadgeAward.objects.filter(ambassador=ambassador).delete()
    Share.objects.filter(ambassador=ambassador).update(ambassador=None)
    watermark_lock()  # no click rollup adds to this person's rows meanwhile
    user_id = Membership.objects.filter(person=person).values_list("user_id", flat=True).first()
    if user_id is not None:
        TrackedLink.objects.filter(ambassador=person, created_by_id=user_id).update(created_by=None)
    TrackedLink.objects.filter(ambassador=person).update(ambassador=None)
    AmbassadorMonthlyRollup.objects.filter(ambassador=person).delete()
    AmbassadorCounter.objects.filter(ambassador=person).delete()
    programme_left.send(sender=Ambassador, ambassador=ambassador)


def ambassadors_of_leavers_remove(*, now: datetime | None = None) -> int:
    """People deactivated by the HR import (or by hand) leave the programme: status `left`, with the
    clean-up of a withdrawal. Returns how many left."""
    now = now or _now()
    count = 0
    leavers = Ambassador.objects.filter(status__in=[Status.INVITED, Status.ENROLLED], person__is_active=False)
    for pk in leavers.values_list("pk", flat=True):
        with transaction.atomic():
            ambassador = (
                Ambassador.objects.select_for_update(of=("self",))
                .select_related("person", "organisation")
                .filter(pk=pk, status__in=[Status.INVITED, Status.ENROLLED], person__is_active=False)
                .first()
            )
            if ambassador is None:
                continue
            before = ambassador.status
            ambassador.status = Status.LEFT
            ambassador.left_at = now
            _programme_leave(ambassador)
            audit_record(
                actor=None,
                action="programme.left",
                organisation=ambassador.organisation,
                target=ambassador.person,
                changes={"status": [before, Status.LEFT]},
            )
            count += 1
    return count


# --- social accounts and followers ----------------------------------------------------------------


def _enrolled_lock(ambassador: Ambassador) -> Ambassador:
    """Inside a transaction: the ambassador's row as it is now, locked until the end of it, so that a
    withdrawal cannot commit in between (it takes the same lock); refuses anyone no longer enrolled,
    whatever the copy the caller loaded earlier says."""
    current = Ambassador.objects.select_for_update().filter(pk=ambassador.pk).first()
    if current is None or current.status != Status.ENROLLED:
        raise ValidationError(_("Join the programme first."))
    return current


def social_account_save(*, ambassador: Ambassador, network: str, handle: str) -> SocialAccount:
    with transaction.atomic():
        _enrolled_lock(ambassador)
        cleaned = handle_clean(network=network, value=handle)
        account, _created = SocialAccount.objects.update_or_create(
            ambassador=ambassador, network=network, defaults={"handle": cleaned}
        )
    return account


def social_account_remove(*, ambassador: Ambassador, network: str) -> None:
    """Forget an account, its follower history, and (except LinkedIn's, always shown) its checklist."""
    with transaction.atomic():
        SocialAccount.objects.filter(ambassador=ambassador, network=network).delete()
        if network not in ALWAYS_SHOWN:
            ChecklistTick.objects.filter(ambassador=ambassador, network=network).delete()
        expertise_refresh(ambassador=ambassador)


def follower_count_record(
    *, ambassador: Ambassador, network: str, followers: int, counted_on: date | None = None
) -> FollowerCount:
    """Record a follower count; one per account and day (a second entry the same day replaces it)."""
    today = timezone.localdate()
    counted_on = counted_on or today
    network_label = Network(network).label if network in Network.values else network
    if counted_on > today:
        raise ValidationError({"counted_on": _("The date cannot be in the future.")})
    if counted_on < date(2000, 1, 1):
        raise ValidationError({"counted_on": _("Enter a date after 1 January 2000.")})
    if not 0 <= followers <= MAX_FOLLOWERS:
        raise ValidationError({"followers": _("Enter a number of followers between 0 and 2,000,000,000.")})
    with transaction.atomic():
        _enrolled_lock(ambassador)
        account = SocialAccount.objects.filter(ambassador=ambassador, network=network).first()
        if account is None:
            raise ValidationError(
                {"network": _("%(network)s: add your account first.") % {"network": network_label}}
            )
        count, _created = FollowerCount.objects.update_or_create(
            account=account,
            counted_on=counted_on,
            defaults={"followers": followers, "source": FollowerCount.Source.MANUAL},
        )
        expertise_refresh(ambassador=ambassador)
    return count


def largest_follower_count(*, ambassador: Ambassador) -> int | None:
    """The largest of the latest follower counts of the person's accounts."""
    latest: dict[int, int] = {}
    for account_id, followers in (
        FollowerCount.objects.filter(account__ambassador=ambassador)
        .order_by("account_id", "counted_on")
        .values_list("account_id", "followers")
    ):
        latest[account_id] = followers
    return max(latest.values()) if latest else None


def expertise_refresh(*, ambassador: Ambassador) -> str:
    level = expertise_from(
        answers=ambassador.self_assessment or {}, followers=largest_follower_count(ambassador=ambassador)
    )
    if level != ambassador.expertise:
        ambassador.expertise = level
        Ambassador.objects.filter(pk=ambassador.pk).update(expertise=level, updated_at=_now())
    return level


def self_assessment_save(*, ambassador: Ambassador, answers: dict[str, int]) -> str:
    """Store the answers (every question answered, each with one of its scores) and the new level."""
    cleaned: dict[str, int] = {}
    errors = {}
    for question in ASSESSMENT:
        value = answers.get(question.key)
        if value not in {score for score, _label in question.answers}:
            errors[question.key] = _("Choose one answer.")
        else:
            cleaned[question.key] = int(value)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _enrolled_lock(ambassador)
        ambassador.self_assessment = cleaned
        Ambassador.objects.filter(pk=ambassador.pk).update(self_assessment=cleaned, updated_at=_now())
        return expertise_refresh(ambassador=ambassador)


# --- the profile checklist ------------------------------------------------------------------------


def checklist_networks(*, ambassador: Ambassador) -> list[str]:
    """The networks whose checklist the person sees: LinkedIn, and those they have an account on."""
    accounts = set(SocialAccount.objects.filter(ambassador=ambassador).values_list("network", flat=True))
    return [network for network in Network.values if network in ALWAYS_SHOWN or network in accounts]


def checklist_tick(*, ambassador: Ambassador, network: str, item: str, done: bool) -> bool:
    """Tick or untick an item; when a network's checklist becomes complete, its points are credited
    (once per network: unticking and ticking again credits nothing more). Returns whether the
    network's checklist is complete."""
    with transaction.atomic():
        _enrolled_lock(ambassador)
        if network not in checklist_networks(ambassador=ambassador) or not checklist_item_exists(
            network, item
        ):
            raise ValidationError(_("Unknown checklist item."))
        if done:
            ChecklistTick.objects.get_or_create(
                ambassador=ambassador, network=network, item=item, defaults={"done_at": _now()}
            )
        else:
            ChecklistTick.objects.filter(ambassador=ambassador, network=network, item=item).delete()
        ticked = set(
            ChecklistTick.objects.filter(ambassador=ambassador, network=network).values_list(
                "item", flat=True
            )
        )
        complete = all(entry.key in ticked for entry in checklist_items(network))
        if complete:
            points_award(
                ambassador=ambassador, reason=PointsEntry.Reason.CHECKLIST, source=f"checklist:{network}"
            )
    return complete


# --- preferences and settings ---------------------------------------------------------------------

PREFERENCE_FIELDS = ["digest_frequency", "leaderboard_opt_in", "show_name_in_network"]


def preferences_save(
    *,
    actor: Actor,
    ambassador: Ambassador,
    digest_frequency: str,
    leaderboard_opt_in: bool,
    show_name_in_network: bool,
) -> Ambassador:
    """Change one's preferences (audited). Returns the ambassador as saved."""
    if digest_frequency not in DigestFrequency.values:
        raise ValidationError({"digest_frequency": _("Choose how often you want the news e-mail.")})
    with transaction.atomic():
        current = _enrolled_lock(ambassador)
        before = snapshot(current, PREFERENCE_FIELDS)
        current.digest_frequency = digest_frequency
        current.leaderboard_opt_in = leaderboard_opt_in
        current.show_name_in_network = show_name_in_network
        changes = model_changes(current, PREFERENCE_FIELDS, before)
        if changes:
            current.save(update_fields=[*PREFERENCE_FIELDS, "updated_at"])
            audit_record(
                actor=actor,
                action="programme.preferences",
                organisation=current.organisation,
                target=current.person,
                changes=changes,
            )
        if before["leaderboard_opt_in"] and not current.leaderboard_opt_in:
            naming_withdrawn.send(sender=Ambassador, ambassador=current)
    return current


SETTINGS_FIELDS = [
    "name",
    "launched_on",
    "active_period_days",
    "second_approval",
    "invitation_days",
    "points_share",
    "points_first_click",
    "points_checklist",
    "points_training",
    "daily_points_cap",
]


def programme_settings_save(*, actor: Actor, programme: Programme, values: dict[str, Any]) -> Programme:
    """Change the programme's settings (HR admins), checked and audited."""
    before = snapshot(programme, SETTINGS_FIELDS)
    for name, value in values.items():
        if name not in SETTINGS_FIELDS:
            raise ValidationError(_("Unknown setting: %(name)s.") % {"name": name})
        setattr(programme, name, value)
    _check_settings(programme)
    changes = model_changes(programme, SETTINGS_FIELDS, before)
    if changes:
        with transaction.atomic():
            programme.save()
            audit_record(
                actor=actor,
                action="programme.settings",
                organisation=programme.organisation,
                target=programme,
                changes=changes,
            )
    return programme


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def launch_date_bounds(*, today: date | None = None) -> tuple[date, date]:
    """A launch date is at most ten years ago and at most one year ahead (the adoption curve and its
    daily counts start there)."""
    today = today or timezone.localdate()
    return _years_after(today, -10), _years_after(today, 1)


def _check_settings(programme: Programme) -> None:
    errors: dict[str, str] = {}
    if not (programme.name or "").strip():
        errors["name"] = _("Enter a name.")
    if programme.launched_on is not None:
        earliest, latest = launch_date_bounds()
        if not earliest <= programme.launched_on <= latest:
            errors["launched_on"] = _("Enter a launch date between %(earliest)s and %(latest)s.") % {
                "earliest": formats.date_format(earliest, "DATE_FORMAT"),
                "latest": formats.date_format(latest, "DATE_FORMAT"),
            }
    if not 1 <= programme.active_period_days <= 365:
        errors["active_period_days"] = _("Enter a number of days between 1 and 365.")
    if not 1 <= programme.invitation_days <= 365:
        errors["invitation_days"] = _("Enter a number of days between 1 and 365.")
    for name in ("points_share", "points_first_click", "points_checklist", "points_training"):
        if not 0 <= getattr(programme, name) <= 1000:
            errors[name] = _("Enter a number of points between 0 and 1,000.")
    if not 0 <= programme.daily_points_cap <= 10000:
        errors["daily_points_cap"] = _("Enter a number of points between 0 and 10,000.")
    if errors:
        raise ValidationError(errors)
