"""The programme's personal data: export (the consent history included) and erasure of the ambassador
record, consents, social accounts, follower counts and checklist ticks."""

from __future__ import annotations

import pytest

from ambassade.ambassadors.adoption import adoption_snapshot_take
from ambassade.ambassadors.models import (
    AdoptionSnapshot,
    Ambassador,
    ChecklistTick,
    ConsentRecord,
    FollowerCount,
    SocialAccount,
)
from ambassade.ambassadors.services import (
    ambassador_join,
    ambassador_withdraw,
    checklist_tick,
    follower_count_record,
    invitations_send,
    social_account_save,
)
from ambassade.core.personal_data import person_data_erase, person_data_export, unregistered_personal_models
from ambassade.orgs.models import Person
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def ambassador(world: World) -> Ambassador:
    employee = world.people["employee"]
    invitations_send(
        actor=world.users["admin"],
        organisation=world.organisation,
        people=Person.objects.filter(pk=employee.pk),
    )
    ambassador = ambassador_join(actor=None, person=employee, language="en")
    ambassador_withdraw(actor=None, ambassador=ambassador, language="fr")
    ambassador = ambassador_join(actor=None, person=employee, language="fr")
    social_account_save(ambassador=ambassador, network="linkedin", handle="linkedin.com/in/emile")
    follower_count_record(ambassador=ambassador, network="linkedin", followers=185)
    checklist_tick(ambassador=ambassador, network="linkedin", item="photo", done=True)
    return ambassador


def test_every_programme_model_with_personal_data_is_registered(db) -> None:
    assert [label for label in unregistered_personal_models() if label.startswith("ambassadors.")] == []


def test_the_export_holds_the_consent_history_and_the_profile(world: World, ambassador: Ambassador) -> None:
    data = person_data_export(person=world.people["employee"])
    consents = data["ambassadors.ConsentRecord"]
    assert [(row["action"], row["language"]) for row in consents] == [
        ("given", "en"),
        ("withdrawn", "fr"),
        ("given", "fr"),
    ]
    assert {row["text_version"] for row in consents} == {ambassador.consent_version}
    (record,) = data["ambassadors.Ambassador"]
    assert record["status"] == "enrolled" and record["digest_frequency"] == "weekly"
    assert data["ambassadors.SocialAccount"][0]["handle"] == "https://www.linkedin.com/in/emile/"
    assert data["ambassadors.FollowerCount"][0]["followers"] == 185
    assert data["ambassadors.ChecklistTick"][0]["item"] == "photo"
    admin = person_data_export(person=world.people["admin"])
    assert admin["ambassadors.Ambassador"] == [{"invitations_sent": 1}]


def test_erasure_removes_the_programme_records_and_keeps_anonymous_counts(
    world: World, ambassador: Ambassador
) -> None:
    adoption_snapshot_take(organisation=world.organisation)
    enrolled_before = sum(AdoptionSnapshot.objects.values_list("enrolled", flat=True))
    counts = person_data_erase(person=world.people["employee"])
    assert counts["ambassadors.Ambassador"] == 1 and counts["ambassadors.ConsentRecord"] == 3
    for model in (Ambassador, ConsentRecord, SocialAccount, FollowerCount, ChecklistTick):
        assert not model.objects.exists(), model
    assert sum(AdoptionSnapshot.objects.values_list("enrolled", flat=True)) == enrolled_before == 1


def test_erasing_an_inviter_keeps_the_people_they_invited(world: World, ambassador: Ambassador) -> None:
    person_data_erase(person=world.people["admin"])
    ambassador.refresh_from_db()
    assert ambassador.invited_by is None and ambassador.status == "enrolled"
