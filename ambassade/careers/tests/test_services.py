from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ambassade.careers import services
from ambassade.careers.models import JobOffer, JobOfferTranslation
from ambassade.careers.periodic import close_expired_job_offers, publish_scheduled_job_offers
from ambassade.careers.services import OfferTextInput
from ambassade.careers.tests.factories import PARIS, job_offer_create
from ambassade.core.models import AuditEvent
from ambassade.testing.factories import World

pytestmark = pytest.mark.django_db
Status = JobOffer.Status


def _save(world: World, **values):
    values.setdefault("entity", world.hq)
    values.setdefault("reference", "2026-0001")
    values.setdefault("contract_type", JobOffer.Contract.FULL_TIME)
    values.setdefault("locations", [PARIS])
    values.setdefault("texts", {"fr": OfferTextInput("Gestionnaire RH", "<p>Paie et carrières.</p>")})
    return services.job_offer_save(actor=world.users["recruiter"], organisation=world.organisation, **values)


def test_a_recruiter_creates_a_draft_with_two_languages_and_it_is_audited(world: World) -> None:
    offer = _save(
        world,
        texts={
            "fr": OfferTextInput("Gestionnaire RH", "Paie et carrières.\n\nTemps plein."),
            "en": OfferTextInput("HR officer", "<p>Payroll.</p><script>alert(1)</script>"),
        },
    )
    assert offer.status == Status.DRAFT
    assert offer.created_by == world.users["recruiter"]
    texts = {t.language: t for t in offer.translations.all()}
    assert texts["fr"].description == "<p>Paie et carrières.</p><p>Temps plein.</p>"
    assert texts["en"].description == "<p>Payroll.</p>"
    event = AuditEvent.objects.get(action="job_offer.create")
    assert event.actor == world.users["recruiter"] and event.changes["title_en"] == [None, "HR officer"]


def test_an_empty_text_removes_that_language_but_one_must_remain(world: World) -> None:
    offer = _save(world, texts={"fr": OfferTextInput("A", "<p>a</p>"), "en": OfferTextInput("B", "<p>b</p>")})
    services.job_offer_save(
        actor=None, organisation=world.organisation, offer=offer, texts={"en": OfferTextInput("", "")}
    )
    assert list(offer.translations.values_list("language", flat=True)) == ["fr"]
    with pytest.raises(ValidationError, match="at least one language"):
        services.job_offer_save(actor=None, organisation=world.organisation, offer=offer, texts={"fr": None})
    assert JobOfferTranslation.objects.filter(offer=offer).count() == 1  # nothing half-written


def test_bad_values_are_refused_with_the_field_named_and_nothing_is_written(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _save(
            world,
            department=world.subsidiary_service,
            salary_min=50000,
            salary_max=40000,
            locations=[{"city": "", "country": "France"}],
        )
    assert set(error.value.message_dict) == {"department", "salary_max", "locations"}
    assert error.value.message_dict["locations"] == [
        "Location 1: the city is missing.",
        "Location 1: the country must be a two-letter code such as FR.",
    ]
    assert not JobOffer.objects.exists()


def test_a_reference_is_unique_in_the_organisation(world: World) -> None:
    _save(world)
    with pytest.raises(ValidationError) as error:
        _save(world)
    assert "reference" in error.value.message_dict


def test_a_text_needs_both_a_title_and_a_description(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        _save(world, texts={"fr": OfferTextInput("Titre", "<script>only a script</script>")})
    assert "description_fr" in error.value.message_dict


def test_publishing_needs_a_location_or_a_fully_remote_offer_with_countries(world: World) -> None:
    offer = _save(world, locations=[])
    with pytest.raises(ValidationError) as error:
        services.job_offer_publish(actor=None, offer=offer)
    assert "locations" in error.value.message_dict
    offer = _save(world, reference="2", locations=[], remote_policy=JobOffer.Remote.REMOTE)
    with pytest.raises(ValidationError) as error:
        services.job_offer_publish(actor=None, offer=offer)
    assert "remote_countries" in error.value.message_dict
    offer.remote_countries = ["FR"]
    offer.save()
    assert services.job_offer_publish(actor=None, offer=offer).status == Status.PUBLISHED


def test_publish_close_and_reopen_move_the_offer_and_are_audited(world: World) -> None:
    offer = _save(world)
    services.job_offer_publish(actor=world.users["recruiter"], offer=offer)
    offer.refresh_from_db()
    assert offer.status == Status.PUBLISHED and offer.published_at is not None and offer.is_open
    services.job_offer_close(actor=world.users["recruiter"], offer=offer)
    offer.refresh_from_db()
    assert offer.status == Status.CLOSED and offer.closed_at is not None and not offer.is_open
    services.job_offer_reopen(actor=world.users["admin"], offer=offer)
    offer.refresh_from_db()
    assert offer.status == Status.PUBLISHED and offer.closed_at is None
    actions = list(AuditEvent.objects.filter(target_id=str(offer.pk)).values_list("action", flat=True))
    assert {"job_offer.publish", "job_offer.close", "job_offer.reopen"} <= set(actions)


def test_a_status_change_refuses_the_wrong_starting_point(world: World) -> None:
    offer = _save(world)
    with pytest.raises(ValidationError, match="Only a published offer can be closed"):
        services.job_offer_close(actor=None, offer=offer)
    with pytest.raises(ValidationError, match="Only a closed offer can be reopened"):
        services.job_offer_reopen(actor=None, offer=offer)


def test_a_stale_copy_cannot_change_an_offer_someone_else_just_moved(world: World) -> None:
    offer = _save(world)
    stale = JobOffer.objects.get(pk=offer.pk)
    services.job_offer_publish(actor=None, offer=offer)
    with pytest.raises(ValidationError, match="changed meanwhile"):
        services.job_offer_publish(actor=None, offer=stale)


def test_a_closed_offer_past_its_closing_date_reopens_only_with_a_later_date(world: World) -> None:
    offer = job_offer_create(
        world.hq, status=Status.CLOSED, closes_on=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(ValidationError) as error:
        services.job_offer_reopen(actor=None, offer=offer)
    assert "closes_on" in error.value.message_dict


def test_scheduling_needs_a_moment_in_the_future_before_the_closing_date(world: World) -> None:
    offer = _save(world, closes_on=timezone.localdate() + timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        services.job_offer_schedule(actor=None, offer=offer, publish_at=timezone.now() - timedelta(hours=1))
    assert "publish_at" in error.value.message_dict
    with pytest.raises(ValidationError, match="after its closing date"):
        services.job_offer_schedule(actor=None, offer=offer, publish_at=timezone.now() + timedelta(days=10))
    services.job_offer_schedule(actor=None, offer=offer, publish_at=timezone.now() + timedelta(days=1))
    assert JobOffer.objects.get(pk=offer.pk).status == Status.SCHEDULED


def test_the_periodic_job_publishes_scheduled_offers_when_their_moment_comes(world: World) -> None:
    offer = _save(world)
    moment = timezone.now() + timedelta(hours=2)
    services.job_offer_schedule(actor=None, offer=offer, publish_at=moment)
    assert services.job_offers_publish_due() == 0
    assert services.job_offers_publish_due(now=moment + timedelta(minutes=1)) == 1
    assert services.job_offers_publish_due(now=moment + timedelta(minutes=2)) == 0  # safe to run twice
    offer.refresh_from_db()
    assert offer.status == Status.PUBLISHED and offer.published_at == moment and offer.publish_at is None
    assert AuditEvent.objects.filter(action="job_offer.publish", actor_label="system").count() == 1


def test_offers_close_by_themselves_the_day_after_their_closing_date(world: World) -> None:
    today = timezone.localdate()
    last_day_today = job_offer_create(world.hq, closes_on=today)
    passed = job_offer_create(world.hq, closes_on=today - timedelta(days=1))
    assert last_day_today.is_open and not passed.is_open
    close_expired_job_offers()
    assert JobOffer.objects.get(pk=passed.pk).status == Status.CLOSED
    assert JobOffer.objects.get(pk=last_day_today.pk).status == Status.PUBLISHED
    assert services.job_offers_close_expired(today=today + timedelta(days=1)) == 1
    assert services.job_offers_close_expired(today=today + timedelta(days=1)) == 0


def test_both_periodic_jobs_are_declared() -> None:
    from ambassade.core.periodic import jobs

    assert publish_scheduled_job_offers.name in jobs and close_expired_job_offers.name in jobs


def test_a_testimonial_needs_a_consent_date(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        services.testimonial_save(actor=None, organisation=world.organisation, name="Inès", quote="Bien.")
    assert "consent_at" in error.value.message_dict
    testimonial = services.testimonial_save(
        actor=world.users["comms"], organisation=world.organisation, name="Inès", quote="Bien.",
        consent_at=timezone.now(), person=world.people["comms"],
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="testimonial.create", target_id=str(testimonial.pk)).exists()


def test_the_employer_story_is_one_per_scope_and_language(world: World) -> None:
    first = services.employer_story_save(
        actor=None, organisation=world.organisation, entity=None, language="fr", presentation="A"
    )
    again = services.employer_story_save(
        actor=None, organisation=world.organisation, entity=None, language="fr", presentation="B",
        facts={"headcount": "1800", "sites": ""},
    )  # fmt: skip
    assert again.pk == first.pk and again.presentation == "B" and again.facts == {"headcount": "1800"}
    override = services.employer_story_save(
        actor=None, organisation=world.organisation, entity=world.subsidiary, language="fr", presentation=""
    )
    assert override.pk != first.pk
