"""The personal-data registry covers the network data (export: counts and the number of hashes, never
the hashes); leaving the programme, withdrawing from it or being erased deletes them, with an audit line."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from ambassade.ambassadors.services import ambassador_withdraw, ambassadors_of_leavers_remove
from ambassade.core.models import AuditEvent
from ambassade.core.personal_data import person_data_erase, person_data_export, unregistered_personal_models
from ambassade.network.models import ConnectionHash, NetworkConsent, NetworkSnapshot
from ambassade.network.services import network_consent_give
from ambassade.network.tests.support import network_give
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def ambassador(world):
    ambassador = ambassador_enrol(world.people["employee"])
    network_consent_give(actor=None, ambassador=ambassador, language="fr")
    network_give(ambassador, range(25))
    return ambassador


def test_the_export_lists_counts_and_the_number_of_hashes_never_the_hashes(world, ambassador) -> None:
    exported = person_data_export(person=world.people["employee"])
    assert exported["network.ConnectionHash"] == [{"keyed_hashes_of_connections": 25}]
    assert exported["network.NetworkSnapshot"][0]["connections"] == 25
    assert exported["network.NetworkConsent"][0]["text_version"]
    text = json.dumps(exported, cls=DjangoJSONEncoder)
    for digest in ConnectionHash.objects.values_list("digest", flat=True)[:5]:
        assert bytes(digest).hex() not in text
    assert "network.ConnectionHash" not in unregistered_personal_models()


def test_erasing_the_person_deletes_the_network_data(world, ambassador) -> None:
    counts = person_data_erase(person=world.people["employee"])
    assert counts["network.ConnectionHash"] == 25
    assert not ConnectionHash.objects.exists() and not NetworkSnapshot.objects.exists()
    assert not NetworkConsent.objects.exists()


def test_withdrawing_from_the_programme_deletes_the_network_data(world, ambassador) -> None:
    other = ambassador_enrol(world.people["comms"])
    network_give(other, range(10))
    ambassador_withdraw(actor=world.users["employee"], ambassador=ambassador, language="fr")
    assert not ConnectionHash.objects.filter(ambassador=ambassador).exists()
    assert not NetworkSnapshot.objects.filter(ambassador=ambassador).exists()
    assert not NetworkConsent.objects.filter(ambassador=ambassador).exists()
    assert ConnectionHash.objects.filter(ambassador=other).count() == 10
    event = AuditEvent.objects.get(action="network.deleted")
    assert event.changes == {"reason": "withdrawn", "hashes": 25}


def test_leaving_the_organisation_deletes_the_network_data(world, ambassador) -> None:
    person = world.people["employee"]
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert ambassadors_of_leavers_remove() == 1
    assert not ConnectionHash.objects.exists() and not NetworkSnapshot.objects.exists()
    assert AuditEvent.objects.get(action="network.deleted").changes["reason"] == "left"
