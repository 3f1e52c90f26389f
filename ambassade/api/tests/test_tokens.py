from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from ambassade.api.models import ApiToken
from ambassade.api.services import api_token_authenticate, api_token_create, api_token_hash, api_token_revoke
from ambassade.core.models import AuditEvent
from ambassade.orgs.services import person_set_active
from ambassade.testing.factories import user_create

pytestmark = pytest.mark.django_db


def test_a_new_token_is_random_prefixed_and_stored_only_as_its_hash(world) -> None:
    token, raw = api_token_create(user=world.users["comms"], name="Reporting")
    other, other_raw = api_token_create(user=world.users["comms"], name="Reporting")
    assert raw.startswith("amb_") and len(raw) > 40 and raw != other_raw
    stored = ApiToken.objects.values().get(pk=token.pk)
    assert raw not in {str(value) for value in stored.values()}
    assert stored["token_hash"] == api_token_hash(raw)
    assert stored["prefix"] == raw[:12]
    assert str(token) == f"Reporting ({raw[:12]}…)"


def test_creating_and_revoking_a_token_are_audited_in_the_users_organisation(world) -> None:
    token, _raw = api_token_create(user=world.users["manager"], name="Script")
    api_token_revoke(user=world.users["manager"], token_id=token.pk)
    events = AuditEvent.objects.filter(target_id=str(token.pk)).order_by("id")
    assert [event.action for event in events] == ["api_token.create", "api_token.revoke"]
    assert all(
        event.organisation == world.organisation and event.actor == world.users["manager"] for event in events
    )


def test_a_token_needs_a_name(world) -> None:
    with pytest.raises(ValidationError) as error:
        api_token_create(user=world.users["admin"], name="   ")
    assert "name" in error.value.message_dict


def test_a_user_without_membership_cannot_get_a_token(db) -> None:
    loner = user_create("loner", organisation=None, role=None)
    with pytest.raises(ValidationError):
        api_token_create(user=loner, name="x")
    assert not ApiToken.objects.exists()


def test_a_token_authenticates_as_its_users_membership(world) -> None:
    _token, raw = api_token_create(user=world.users["recruiter"], name="ATS")
    membership = api_token_authenticate(raw=raw)
    assert membership is not None and membership.user == world.users["recruiter"]


def test_revoked_unknown_and_malformed_tokens_are_refused(world) -> None:
    token, raw = api_token_create(user=world.users["admin"], name="Old")
    api_token_revoke(user=world.users["admin"], token_id=token.pk)
    assert api_token_authenticate(raw=raw) is None
    assert api_token_authenticate(raw="amb_" + "x" * 43) is None
    assert api_token_authenticate(raw=token.token_hash) is None
    assert api_token_authenticate(raw="") is None


def test_the_token_of_an_inactive_user_is_refused(world) -> None:
    _token, raw = api_token_create(user=world.users["employee"], name="x")
    world.users["employee"].is_active = False
    world.users["employee"].save()
    assert api_token_authenticate(raw=raw) is None


def test_the_token_of_a_user_who_lost_their_membership_is_refused(world) -> None:
    _token, raw = api_token_create(user=world.users["employee"], name="x")
    world.users["employee"].membership.delete()
    assert api_token_authenticate(raw=raw) is None


def test_the_token_of_someone_who_left_the_organisation_is_refused(world, client) -> None:
    _token, raw = api_token_create(user=world.users["admin"], name="x")
    person_set_active(actor=None, person=world.people["admin"], active=False)
    assert api_token_authenticate(raw=raw) is None
    response = client.get("/api/v1/people/", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(world) -> None:
    token, raw = api_token_create(user=world.users["admin"], name="x")
    assert token.last_used_at is None
    api_token_authenticate(raw=raw)
    token.refresh_from_db()
    assert token.last_used_at is not None
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    api_token_authenticate(raw=raw)
    token.refresh_from_db()
    assert token.last_used_at == recent
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=2))
    api_token_authenticate(raw=raw)
    token.refresh_from_db()
    assert token.last_used_at > recent


def test_nobody_can_revoke_another_users_token(world) -> None:
    token, raw = api_token_create(user=world.users["employee"], name="x")
    with pytest.raises(Http404):
        api_token_revoke(user=world.users["admin"], token_id=token.pk)
    assert api_token_authenticate(raw=raw) is not None


def test_revoking_twice_changes_nothing_the_second_time(world) -> None:
    token, _raw = api_token_create(user=world.users["employee"], name="x")
    first = api_token_revoke(user=world.users["employee"], token_id=token.pk).revoked_at
    second = api_token_revoke(user=world.users["employee"], token_id=token.pk).revoked_at
    assert first == second
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
