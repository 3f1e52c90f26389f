"""API tokens: created, checked and revoked. Only a SHA-256 hash of a token is ever stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassade.api.models import ApiToken
from ambassade.api.selectors import api_token_get_for_user
from ambassade.core.audit import audit_record
from ambassade.orgs.access import membership_for_user
from ambassade.orgs.models import Membership

TOKEN_PREFIX = "amb_"  # noqa: S105 (a marker, not a secret)
# What the token list shows so that people can tell their tokens apart: "amb_" and 8 characters.
DISPLAY_PREFIX_LENGTH = len(TOKEN_PREFIX) + 8
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100
# Writing last_used_at on every request would turn each read into a write; once a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def api_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _membership_of(user: AbstractBaseUser) -> Membership | None:
    return Membership.objects.select_related("organisation").filter(user_id=user.pk).first()


@transaction.atomic
def api_token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """Create a token for a member; returns it with the secret, which is never available again."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the tool that will use it.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("The name is too long (at most %(max)d characters).") % {"max": NAME_MAX_LENGTH}}
        )
    membership = _membership_of(user)
    if membership is None or not user.is_active:
        raise ValidationError(_("Only active members of an organisation can have API tokens."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user_id=user.pk, name=name, prefix=raw[:DISPLAY_PREFIX_LENGTH], token_hash=api_token_hash(raw)
    )
    audit_record(actor=user, action="api_token.create", organisation=membership.organisation, target=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: AbstractBaseUser, token_id: int | str) -> ApiToken:
    """Revoke one of the user's own tokens (another user's token is a 404). Revoking twice is harmless."""
    token = api_token_get_for_user(user=user, pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        membership = _membership_of(user)
        audit_record(
            actor=user,
            action="api_token.revoke",
            organisation=membership.organisation if membership else None,
            target=token,
        )
    return token


def api_token_authenticate(*, raw: str) -> Membership | None:
    """The membership a presented token acts for, or None when the token is unknown, revoked, or its
    user is inactive or no longer a member."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=api_token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    membership = membership_for_user(token.user)  # the same rule as the web: leavers have no access
    if membership is None:
        return None
    _touch(token)
    return membership


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    # A conditional update: concurrent requests write at most once, without reading first.
    ApiToken.objects.filter(pk=token.pk).filter(stale).update(last_used_at=now)
