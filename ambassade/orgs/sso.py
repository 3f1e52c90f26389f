"""Single sign-on through the organisation's OpenID Connect provider.

A first sign-in creates an account only for an active person of the organisation whose HR e-mail
matches the provider's verified e-mail; the account starts with the employee role. Anyone else is
refused, so the identity provider alone never grants access to staff data.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from ambassade.orgs.models import Membership, Person
from ambassade.orgs.roles import Role


def person_for_claims(claims: dict[str, Any]) -> Person | None:
    email = (claims.get("email") or "").strip()
    if not email or claims.get("email_verified") is False:
        return None
    matches = Person.objects.filter(email__iexact=email, is_active=True, access_revoked_at__isnull=True)
    matches = matches.select_related("organisation")
    return matches.first() if matches.count() == 1 else None


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        person = person_for_claims(claims)
        if person is None:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(membership__person=person)

    def create_user(self, claims: dict[str, Any]) -> Any:
        person = person_for_claims(claims)
        if person is None:
            return None
        with transaction.atomic():
            user = self.UserModel.objects.create_user(
                self.get_username(claims),
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            Membership.objects.create(
                user=user, organisation=person.organisation, role=Role.EMPLOYEE, person=person
            )
        return user
