"""Who may sign in, with which role: HR admins give a person access, change their role, or remove it.

Giving access creates an account named after the person's e-mail, with no password, and sends an
invitation (in the person's language) whose link lets them choose one. People who leave (deactivated
by hand or by the HR import) lose access at once: their membership no longer counts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ambassade.core.audit import Actor, audit_record
from ambassade.core.tasks import task
from ambassade.orgs.models import Department, Membership, Person
from ambassade.orgs.roles import Role


def membership_for_user(user: Any) -> Membership | None:
    """The membership that grants access now: none for anonymous users or people who have left."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    membership = (
        Membership.objects.select_related("organisation", "person", "person__department", "scope_department")
        .filter(user=user)
        .first()
    )
    if membership is None or (membership.person is not None and not membership.person.is_active):
        return None
    return membership


@transaction.atomic
def access_grant(
    *, actor: Actor, person: Person, role: str, scope_department: Department | None = None
) -> Membership:
    _check_can_have_access(person)
    _check_scope(person, role, scope_department)
    membership = account_create(person=person, role=role, scope_department=scope_department)
    Person.objects.filter(pk=person.pk).update(access_revoked_at=None)
    audit_record(
        actor=actor,
        action="access.grant",
        organisation=person.organisation,
        target=person,
        changes={"role": [None, role]},
    )
    invitation_send.enqueue(membership_id=membership.pk)
    return membership


def account_create(
    *, person: Person, role: str, scope_department: Department | None = None, language: str = ""
) -> Membership:
    """The person's account, named after their e-mail, with no password yet (they choose it through a
    set-password link), and its membership. The callers check and audit."""
    user = get_user_model().objects.create_user(
        username=person.email.lower(),
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return Membership.objects.create(
        user=user,
        organisation=person.organisation,
        person=person,
        role=role,
        scope_department=scope_department,
        language=language,
    )


def _check_can_have_access(person: Person) -> None:
    if not person.is_active:
        raise ValidationError(
            _("%(name)s has left the organisation and cannot be given access.") % {"name": person}
        )
    if not person.email:
        raise ValidationError(_("%(name)s has no e-mail address: add one first.") % {"name": person})
    if Membership.objects.filter(person=person).exists():
        raise ValidationError(_("%(name)s already has access.") % {"name": person})
    if get_user_model().objects.filter(username__iexact=person.email).exists():
        raise ValidationError(_("An account already uses the address %(email)s.") % {"email": person.email})


def _check_scope(person: Person, role: str, scope_department: Department | None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if scope_department is not None and scope_department.organisation_id != person.organisation_id:
        raise ValidationError({"scope_department": _("Choose a department of this organisation.")})
    if role == Role.MANAGER and scope_department is None and person.department_id is None:
        raise ValidationError({"scope_department": _("A manager needs a department to see.")})


@transaction.atomic
def access_change(
    *, actor: Actor, membership: Membership, role: str, scope_department: Department | None = None
) -> Membership:
    if membership.person is not None:
        _check_scope(membership.person, role, scope_department)
    if membership.role == Role.HR_ADMIN and role != Role.HR_ADMIN:
        _check_not_last_admin(membership)
    before = [membership.role, str(membership.scope_department or "")]
    membership.role = role
    membership.scope_department = scope_department if role == Role.MANAGER else None
    membership.save(update_fields=["role", "scope_department", "updated_at"])
    after = [membership.role, str(membership.scope_department or "")]
    if before != after:
        audit_record(
            actor=actor,
            action="access.change",
            organisation=membership.organisation,
            target=membership.person or membership,
            changes={"role": [before[0], after[0]], "scope_department": [before[1], after[1]]},
        )
    return membership


@transaction.atomic
def access_revoke(*, actor: Actor, membership: Membership) -> None:
    if membership.role == Role.HR_ADMIN:
        _check_not_last_admin(membership)
    audit_record(
        actor=actor,
        action="access.revoke",
        organisation=membership.organisation,
        target=membership.person or membership,
        changes={"role": [membership.role, None]},
    )
    if membership.person is not None:
        Person.objects.filter(pk=membership.person.pk).update(access_revoked_at=timezone.now())
    membership.user.delete()


def _check_not_last_admin(membership: Membership) -> None:
    others = Membership.objects.filter(organisation=membership.organisation, role=Role.HR_ADMIN)
    if not others.exclude(pk=membership.pk).exists():
        raise ValidationError(_("The organisation must keep at least one HR admin."))


@task
def invitation_send(*, membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("user", "organisation", "person").filter(pk=membership_id).first()
    )
    if membership is None or membership.person is None:
        return
    user = membership.user
    link = settings.SITE_URL + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    language = membership.language or membership.organisation.default_language
    with translation.override(language):
        context = {
            "person": membership.person,
            "organisation": membership.organisation,
            "link": link,
            "username": user.get_username(),
            "role": membership.get_role_display(),
        }
        subject = _("Your access to ambassade, %(organisation)s") % {"organisation": membership.organisation}
        body = render_to_string("orgs/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
