"""An ambassador's own network page: consent, upload in memory (nothing on disk), figures, re-upload,
withdrawal; errors keep nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.urls import reverse

from ambassade.core.models import AuditEvent
from ambassade.network.models import ConnectionHash, NetworkConsent, NetworkSnapshot
from ambassade.network.services import NETWORK_CONSENT_VERSION
from ambassade.network.tests.support import connection_row, connections_csv, network_give
from ambassade.testing.programme import ambassador_enrol

pytestmark = pytest.mark.django_db


def _upload(client, data: bytes, *, consent: bool = True):
    payload: dict[str, object] = {"file": SimpleUploadedFile("Connections.csv", data, "text/csv")}
    if consent:
        payload["consent"] = "on"
    return client.post(reverse("network_upload"), payload)


@pytest.fixture
def ambassador(world):
    membership = world.users["employee"].membership
    membership.language = "en"
    membership.save(update_fields=["language"])
    return ambassador_enrol(world.people["employee"])


def test_an_ambassador_consents_uploads_and_sees_their_figures(world, login, ambassador) -> None:
    client = login("employee")
    page = client.get(reverse("network_me"))
    assert page.status_code == 200
    assert f'data-version="{NETWORK_CONSENT_VERSION}"' in page.content.decode()
    rows = [connection_row(number, position="Software engineer") for number in range(30)]
    response = _upload(client, connections_csv(rows))
    assert response.status_code == 302
    consent = NetworkConsent.objects.get(ambassador=ambassador)
    assert consent.text_version == NETWORK_CONSENT_VERSION and consent.given_at is not None
    snapshot = NetworkSnapshot.objects.get(ambassador=ambassador)
    assert (snapshot.connections, snapshot.hashes) == (30, 30)
    assert snapshot.by_category == {"engineering": 30}
    assert ConnectionHash.objects.filter(ambassador=ambassador).count() == 30
    page = client.get(reverse("network_me")).content.decode()
    assert 'id="my-connections">30<' in page
    assert "Prénom1" not in page and "contact-1" not in page
    actions = list(
        AuditEvent.objects.filter(target_id=str(ambassador.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["network.consent_given", "network.uploaded"]
    assert AuditEvent.objects.get(action="network.uploaded").changes == {"connections": 30, "hashes": 30}


def test_the_ambassador_sees_how_many_of_their_connections_colleagues_also_have(
    world, login, ambassador
) -> None:
    colleague = ambassador_enrol(world.people["comms"])
    network_give(colleague, range(30, 200))
    client = login("employee")
    _upload(client, connections_csv([connection_row(number) for number in range(60)]))
    page = client.get(reverse("network_me")).content.decode()
    assert 'id="my-shared">30<' in page
    assert 'id="my-unique">30<' in page
    assert "Camille" not in page  # counts only, never whose


def test_the_file_never_touches_the_disk(
    world, login, ambassador, settings, tmp_path: Path, monkeypatch
) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # Django's own handlers would write this file to disk

    def no_temporary_file(*args, **kwargs):
        raise AssertionError("a temporary upload file was created")

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", no_temporary_file)
    data = connections_csv([connection_row(number) for number in range(500)])
    assert len(data) > 1000
    response = _upload(login("employee"), data)
    assert response.status_code == 302
    assert NetworkSnapshot.objects.get(ambassador=ambassador).connections == 500
    assert not any(tmp_path.rglob("*"))


def test_a_file_with_errors_keeps_nothing_not_even_the_consent(world, login, ambassador) -> None:
    rows = [connection_row(1), ["Jean", "Dupont", "https://example.org/jean", "", "", "", ""]]
    response = _upload(login("employee"), connections_csv(rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Line 6:" in page and "“URL”" in page
    assert not NetworkConsent.objects.exists()
    assert not NetworkSnapshot.objects.exists() and not ConnectionHash.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="network.").exists()


def test_uploading_without_ticking_the_consent_box_is_refused(world, login, ambassador) -> None:
    response = _upload(login("employee"), connections_csv([connection_row(1)]), consent=False)
    assert response.status_code == 400
    assert "Please tick the box" in response.content.decode()
    assert not NetworkSnapshot.objects.exists()


def test_a_file_over_ten_megabytes_is_refused_and_not_kept(world, login, ambassador) -> None:
    response = _upload(login("employee"), b"x" * (10 * 1024 * 1024 + 10))
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()
    assert not NetworkSnapshot.objects.exists()


def test_a_new_upload_replaces_the_previous_one(world, login, ambassador) -> None:
    client = login("employee")
    _upload(client, connections_csv([connection_row(number) for number in range(20)]))
    response = _upload(
        client, connections_csv([connection_row(number) for number in range(100, 105)]), consent=False
    )
    assert response.status_code == 302
    assert NetworkSnapshot.objects.get(ambassador=ambassador).connections == 5
    assert ConnectionHash.objects.filter(ambassador=ambassador).count() == 5
    assert NetworkConsent.objects.count() == 1


def test_withdrawing_consent_deletes_everything_kept(world, login, ambassador) -> None:
    client = login("employee")
    _upload(client, connections_csv([connection_row(number) for number in range(20)]))
    response = client.post(reverse("network_withdraw"))
    assert response.status_code == 302
    assert not NetworkConsent.objects.exists()
    assert not NetworkSnapshot.objects.exists() and not ConnectionHash.objects.exists()
    deleted = AuditEvent.objects.get(action="network.deleted")
    assert deleted.changes == {"reason": "withdrawn", "hashes": 20}
    # Uploading again asks for the consent again.
    assert 'name="consent"' in client.get(reverse("network_me")).content.decode()


def test_members_who_are_not_enrolled_are_sent_to_the_join_page(world, login) -> None:
    client = login("employee")
    assert client.get(reverse("network_me")).url == reverse("programme_join")
    response = _upload(client, connections_csv([connection_row(1)]))
    assert response.url == reverse("programme_join")
    assert not NetworkSnapshot.objects.exists()


def test_the_upload_is_protected_against_cross_site_requests(world, ambassador) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["employee"])
    response = _upload(client, connections_csv([connection_row(1)]))
    assert response.status_code == 403
    assert not NetworkSnapshot.objects.exists()


def test_when_the_consent_text_changes_the_ambassador_is_told_and_asked_again(
    world, login, ambassador
) -> None:
    client = login("employee")
    _upload(client, connections_csv([connection_row(number) for number in range(3)]))
    NetworkConsent.objects.update(text_version="2020-01")
    page = client.get(reverse("network_me")).content.decode()
    assert 'id="consent-changed"' in page and "2020-01" in page
    assert 'name="consent"' in page
    assert _upload(client, connections_csv([connection_row(1)]), consent=False).status_code == 400
    assert _upload(client, connections_csv([connection_row(1)])).status_code == 302
    assert NetworkConsent.objects.get().text_version == NETWORK_CONSENT_VERSION
