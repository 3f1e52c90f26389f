"""Creating links and campaigns: targets checked, codes unguessable, every write audited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from ambassade.careers.models import JobOffer
from ambassade.core.models import AuditEvent
from ambassade.links.models import TrackedLink
from ambassade.links.services import CODE_ALPHABET, qr_twin_get, tracked_link_create
from ambassade.links.targets import link_allowed_hosts, link_target_url
from ambassade.links.tests.conftest import offer_create

pytestmark = pytest.mark.django_db


def create(world, **values):
    values.setdefault("channel", "linkedin")
    return tracked_link_create(actor=world.users["comms"], organisation=world.organisation, **values)


def errors_of(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def test_a_code_is_long_random_url_safe_and_without_ambiguous_characters(world, make_link) -> None:
    codes = {make_link().code for _ in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert re.fullmatch(r"[A-Za-z0-9]{10}", code)
        assert not set(code) & set("0O1lIo")
    assert not set("0O1lIo") & set(CODE_ALPHABET)


def test_creating_a_link_is_audited(world, make_link) -> None:
    link = make_link(ambassador=world.people["employee"])
    event = AuditEvent.objects.get(action="link.create")
    assert event.target_id == str(link.pk) and event.actor == world.users["comms"]
    assert link.created_by == world.users["comms"]


def test_a_job_link_needs_an_open_offer_of_the_organisation(world) -> None:
    with pytest.raises(ValidationError) as raised:
        create(world, target_type="job")
    assert "job" in errors_of(raised)
    draft = offer_create(world, status=JobOffer.Status.DRAFT)
    with pytest.raises(ValidationError, match="not open"):
        create(world, target_type="job", job=draft)
    expired = offer_create(world, closes_on=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="not open"):
        create(world, target_type="job", job=expired)
    foreign = offer_create(world, entity=world.hq)
    foreign.organisation = world.foreign_organisation
    with pytest.raises(ValidationError, match="of this organisation"):
        create(world, target_type="job", job=foreign)


def test_a_career_page_link_needs_an_active_entity_of_the_organisation(world) -> None:
    with pytest.raises(ValidationError) as raised:
        create(world, target_type="career_page")
    assert "entity" in errors_of(raised)
    world.subsidiary.is_active = False
    world.subsidiary.save()
    with pytest.raises(ValidationError, match="inactive"):
        create(world, target_type="career_page", entity=world.subsidiary)


def test_addresses_must_be_on_the_organisations_own_hosts(world, settings) -> None:
    settings.LINK_ALLOWED_HOSTS = ["blog.example.org", ".region.example"]
    world.subsidiary.host = "carrieres.sud.example"
    world.subsidiary.save()
    for url in (
        f"{settings.SITE_URL}/actualites/salon",
        "https://carrieres.sud.example/news/1",
        "https://blog.example.org/2026/03/salon",
        "https://www.region.example/agenda",
        "https://region.example/",
    ):
        assert create(world, target_type="news", url=url).url == url
    for url in (
        "https://evil.example/",
        "https://blog.example.org.evil.example/",
        "https://evilregion.example/",
        "javascript:alert(1)",
        "//blog.example.org/x",
        "https://user:pass@blog.example.org/",
        "https://blog.example.org/a b",
        "https://blog.example.org\\@evil.example/",
        "ftp://blog.example.org/file",
        "",
    ):
        with pytest.raises(ValidationError) as raised:
            create(world, target_type="url", url=url)
        assert list(errors_of(raised)) == ["url"], url


def test_the_allowed_hosts_list_names_every_source(world, settings) -> None:
    settings.LINK_ALLOWED_HOSTS = ["Blog.Example.org"]
    world.hq.host = "emplois.example.fr"
    world.hq.save()
    assert link_allowed_hosts(organisation=world.organisation) == [
        "127.0.0.1",
        "blog.example.org",
        "emplois.example.fr",
    ]


def test_a_link_names_a_known_channel_and_people_and_campaigns_of_its_organisation(world) -> None:
    with pytest.raises(ValidationError, match="Choose one of"):
        create(world, target_type="career_page", entity=world.hq, channel="myspace")
    with pytest.raises(ValidationError, match="person of this organisation"):
        create(world, target_type="career_page", entity=world.hq, ambassador=world.foreign_person)
    leaver = world.people["employee"]
    leaver.is_active = False
    leaver.save()
    with pytest.raises(ValidationError, match="has left"):
        create(world, target_type="career_page", entity=world.hq, ambassador=leaver)
    with pytest.raises(ValidationError) as raised:
        create(world, target_type="poster", entity=world.hq)
    assert list(errors_of(raised)) == ["target_type"]
    assert TrackedLink.objects.count() == 0


def test_target_urls_come_from_the_career_sites(world, offer) -> None:
    job_link = create(world, target_type="job", job=offer)
    site_link = create(world, target_type="career_page", entity=world.subsidiary)
    assert link_target_url(job_link) == f"{settings.SITE_URL}/careers/siege/jobs/{offer.pk}-developpeuse-web/"
    assert link_target_url(site_link) == f"{settings.SITE_URL}/careers/sud/"


def test_the_qr_twin_shares_target_ambassador_and_campaign_on_the_qr_channel(world, offer) -> None:
    link = create(world, target_type="job", job=offer, ambassador=world.people["employee"])
    twin = qr_twin_get(actor=world.users["comms"], link=link)
    assert (twin.channel, twin.job, twin.ambassador, twin.campaign) == ("qr", offer, link.ambassador, None)
    assert twin.code != link.code
    assert qr_twin_get(actor=world.users["comms"], link=link) == twin
    assert qr_twin_get(actor=world.users["comms"], link=twin) == twin
    # Even once the offer has closed, the existing poster keeps working.
    offer.status = JobOffer.Status.CLOSED
    offer.save()
    other = create(world, target_type="career_page", entity=world.hq)
    assert qr_twin_get(actor=None, link=other).entity == world.hq
