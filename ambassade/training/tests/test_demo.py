"""The demo's training programme: tracks, waves in cascade order, past sessions with attendance and
points, upcoming sessions with one full, and a main workshop ready for the impact step."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from ambassade.ambassadors.models import ActivityDay, Ambassador, PointsEntry
from ambassade.demo.generate import DemoContext, demo_organisation_get
from ambassade.demo.training import training_create
from ambassade.orgs.models import Organisation
from ambassade.training.models import Registration, TrainingProgramme, TrainingSession, Wave


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker) -> Iterator[tuple[Organisation, float]]:
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        organisation = demo_organisation_get()
        assert organisation is not None
        if not TrainingProgramme.objects.filter(organisation=organisation).exists():  # not wired in yet
            context = DemoContext(organisation=organisation, password_hash="!", today=timezone.localdate())
            context.users = {
                u.username: u for u in get_user_model().objects.filter(membership__organisation=organisation)
            }
            context.reseed("training")
            started = time.monotonic()
            training_create(context)
            elapsed = time.monotonic() - started
        else:
            elapsed = 0.0
        yield organisation, elapsed
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_demo_has_a_linkedin_programme_with_tracks_waves_and_sessions(demo) -> None:
    organisation, elapsed = demo
    assert elapsed < 3
    programme = TrainingProgramme.objects.get(organisation=organisation)
    assert programme.name == "Ambassadeurs LinkedIn"
    assert programme.starts_on is not None
    assert 140 <= (timezone.localdate() - programme.starts_on).days <= 160
    assert programme.tracks.count() == 6
    waves = list(Wave.objects.filter(programme=programme).order_by("position"))
    assert [w.sent_at is not None for w in waves] == [True, True, True]
    sent = [w.sent_at for w in waves if w.sent_at is not None]
    assert sent == sorted(sent) and len(set(sent)) == 3 and waves[2].include_managers_teams
    assert waves[2].invitations.count() > 500

    now = timezone.now()
    past = TrainingSession.objects.filter(track__programme=programme, starts_at__lt=now)
    assert {s.kind for s in past} >= {"workshop", "conference", "photo"}
    for session in past:
        present = session.registrations.filter(attendance="present")
        assert 20 <= present.count() <= 40
        assert not present.exclude(person__ambassador__status=Ambassador.Status.ENROLLED).exists()
    present = Registration.objects.filter(session__in=past, attendance="present")
    credited = PointsEntry.objects.filter(reason="training", source__startswith="training:")
    assert credited.count() == present.count()

    upcoming = TrainingSession.objects.filter(track__programme=programme, starts_at__gt=now).annotate(
        registered=Count("registrations", filter=Q(registrations__status="registered")),
        waiting=Count("registrations", filter=Q(registrations__status="waiting")),
    )
    assert upcoming.count() >= 3 and all(s.registered > 0 for s in upcoming)
    full = [s for s in upcoming if s.capacity and s.registered == s.capacity and s.waiting > 0]
    assert len(full) == 1
    employee = organisation.memberships.get(user__username="employee").person
    assert not Registration.objects.filter(person=employee).exists()
    # People registered before the sessions, not on the day the demo was generated.
    registrations = Registration.objects.filter(session__track__programme=programme)
    assert not registrations.filter(created_at__gte=F("session__starts_at")).exists()


@pytest.mark.django_db
def test_the_main_workshop_ten_to_twelve_weeks_ago_has_25_active_ambassadors_present(demo) -> None:
    organisation, _elapsed = demo
    today = timezone.localdate()
    workshops = TrainingSession.objects.filter(
        organisation=organisation,
        kind="workshop",
        starts_at__date__gte=today - timedelta(weeks=12),
        starts_at__date__lte=today - timedelta(weeks=10),
    )
    assert workshops.count() == 1
    workshop = workshops.get()
    present = workshop.registrations.filter(attendance="present").values_list("person__ambassador", flat=True)
    active_before = (
        ActivityDay.objects.filter(
            ambassador__in=list(present), day__lt=workshop.starts_at.date(), shares__gt=0
        )
        .values("ambassador")
        .distinct()
    )
    assert active_before.count() >= 25
    others = TrainingSession.objects.filter(organisation=organisation, kind="workshop").exclude(
        pk=workshop.pk
    )
    most = max(
        s.registrations.filter(attendance="present").count() for s in others if s.starts_at < timezone.now()
    )
    assert present.count() > most  # the impact step picks the past workshop with the most people present


@pytest.mark.django_db
def test_the_demo_screens_open_for_the_admin_and_the_employee(demo, client) -> None:
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    organisation, _elapsed = demo
    users = get_user_model().objects
    programme = TrainingProgramme.objects.get(organisation=organisation)
    client.force_login(users.get(username="admin"))
    assert client.get(reverse("training_programme_detail", args=[programme.pk])).status_code == 200
    full = TrainingSession.objects.filter(track__programme=programme, capacity=20).first()
    assert full is not None
    page = client.get(reverse("training_session_detail", args=[full.pk])).content.decode()
    assert full.title in page
    wave = programme.waves.order_by("position").last()
    assert wave is not None
    assert client.get(reverse("training_wave_detail", args=[wave.pk])).status_code == 200
    client.force_login(users.get(username="employee"))
    page = client.get(reverse("training_mine"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert full.title in page
