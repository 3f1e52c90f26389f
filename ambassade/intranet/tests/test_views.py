"""The admin screens: create a digest, preview it, publish now, rotate its token, the time zone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ambassade.core.models import AuditEvent
from ambassade.intranet.models import Digest, Issue, Subscription
from ambassade.intranet.tests.support import admins_read_english, digest_make, subscriber_make
from ambassade.intranet.tests.support import digest_form as _form
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(world: World) -> None:
    admins_read_english(world)


def test_comms_create_a_digest_and_the_creation_is_audited(world: World, login) -> None:
    client = login("comms")
    response = client.post(reverse("intranet_digest_create"), _form())
    digest = Digest.objects.get()
    assert response.status_code == 302 and response.url == reverse("intranet_digest", args=[digest.pk])
    assert digest.organisation == world.organisation and digest.languages == ["fr", "en"]
    assert len(digest.token) >= 24
    assert AuditEvent.objects.filter(action="intranet.digest_create", target_id=str(digest.pk)).exists()
    page = client.get(reverse("intranet_digest", args=[digest.pk])).content.decode()
    assert f"/digest/{digest.token}/rss.xml" in page and f"/digest/{digest.token}/feed.json" in page


def test_a_department_of_another_entity_or_an_outside_one_is_refused(world: World, login) -> None:
    client = login("admin")
    response = client.post(
        reverse("intranet_digest_create"), _form(entity=world.subsidiary.pk, department=world.service.pk)
    )
    assert response.status_code == 200 and 'class="field-error"' in response.content.decode()
    foreign = client.post(
        reverse("intranet_digest_create"), _form(department=getattr(world.foreign_department, "pk", ""))
    )
    assert foreign.status_code == 200 and Digest.objects.count() == 0
    assert client.post(reverse("intranet_digest_create"), _form(hour="24")).status_code == 200
    assert client.post(reverse("intranet_digest_create"), _form(languages=[])).status_code == 200


def test_publish_now_publishes_the_period_so_far_once_a_day(world: World, login) -> None:
    digest = digest_make(world.organisation)
    client = login("admin")
    assert client.post(reverse("intranet_digest_publish", args=[digest.pk])).status_code == 302
    issue = Issue.objects.get(digest=digest)
    assert issue.scheduled is False
    client.post(reverse("intranet_digest_publish", args=[digest.pk]))
    assert Issue.objects.filter(digest=digest).count() == 1
    assert AuditEvent.objects.filter(action="intranet.publish_now").count() == 1


def test_the_preview_saves_nothing(world: World, login) -> None:
    digest = digest_make(world.organisation)
    response = login("comms").get(reverse("intranet_digest_preview", args=[digest.pk]) + "?lang=en")
    assert response.status_code == 200 and "Who became active" in response.content.decode()
    assert Issue.objects.count() == 0


def test_rotating_the_token_changes_the_public_addresses(world: World, login) -> None:
    digest = digest_make(world.organisation)
    old = digest.token
    login("admin").post(reverse("intranet_digest_rotate", args=[digest.pk]))
    digest.refresh_from_db()
    assert digest.token != old and digest.token_rotated_at is not None
    assert AuditEvent.objects.filter(action="intranet.token_rotate").exists()


def test_hr_admins_see_and_remove_subscribers_comms_see_the_count(world: World, login) -> None:
    digest = digest_make(world.organisation)
    subscription = subscriber_make(digest, "lecteur@example.org")
    subscriber_make(digest, "attente@example.org", confirmed=False)
    comms_page = login("comms").get(reverse("intranet_digest", args=[digest.pk])).content.decode()
    assert "lecteur@example.org" not in comms_page and "1 confirmed subscriber" in comms_page
    admin = login("admin")
    assert (
        "lecteur@example.org" in admin.get(reverse("intranet_subscribers", args=[digest.pk])).content.decode()
    )
    admin.post(reverse("intranet_subscriber_delete", args=[digest.pk, subscription.pk]))
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    event = AuditEvent.objects.get(action="intranet.subscriber_delete")
    assert "lecteur" not in str(event.changes)


def test_the_organisations_time_zone_is_validated_and_audited(world: World, login) -> None:
    client = login("admin")
    bad = client.post(reverse("intranet_time_zone"), {"time_zone": "Europe/Atlantis"})
    assert bad.status_code == 200
    world.organisation.refresh_from_db()
    assert world.organisation.time_zone == "Europe/Paris"
    assert client.post(reverse("intranet_time_zone"), {"time_zone": "America/Montreal"}).status_code == 302
    world.organisation.refresh_from_db()
    assert world.organisation.time_zone == "America/Montreal"
    event = AuditEvent.objects.get(action="orgs.time_zone_update")
    assert event.changes == {"time_zone": ["Europe/Paris", "America/Montreal"]}


def test_the_list_shows_the_digests_with_their_next_issue(world: World, login) -> None:
    digest_make(world.organisation, title="Tout le monde")
    assert world.foreign_organisation is not None
    digest_make(world.foreign_organisation, title="Ailleurs")
    page = login("comms").get(reverse("intranet_digest_list")).content.decode()
    assert "Tout le monde" in page and "Ailleurs" not in page


def test_managers_read_the_digests_of_their_department_only(world: World, login) -> None:
    digest_make(world.organisation, title="Pôle web", department=world.unit)
    digest_make(world.organisation, title="Finances", department=world.other_service)
    digest_make(world.organisation, title="Tout le monde")
    page = login("manager").get(reverse("intranet_digest_read")).content.decode()
    assert "Pôle web" in page and "Finances" not in page and "Tout le monde" not in page
    assert login("manager").get(reverse("intranet_digest_list")).status_code == 403
