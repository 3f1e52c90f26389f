"""The demo's training programme « Ambassadeurs LinkedIn », started about five months ago.

Three audiences (executives, directors, agents) × two levels (beginner, expert) make six tracks; three
invitation waves went out in the cascade order (executives, then directors, then line managers and their
teams). Past sessions (a launch conference, workshops, a photo session) have their attendance recorded
for 20 to 40 enrolled ambassadors each, who earned the programme's points; upcoming sessions have
registrations, and one of them is full with a waiting list. The demo accounts are registered for
nothing, so that `employee` can register in the browser.

The main workshop, about eleven weeks before today, has the most people present (about 32 enrolled
ambassadors who were already sharing before it): the "training impact" step that runs next raises their
activity after it, so that its impact page shows a measured effect.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q

from ambassade.ambassadors.models import ActivityDay, Ambassador, PointsEntry
from ambassade.demo.generate import DemoContext
from ambassade.orgs.models import Audience, Person, organisation_zone
from ambassade.training.models import (
    Registration,
    Track,
    TrainingProgramme,
    TrainingSession,
    Wave,
    WaveInvitation,
)

Kind = TrainingSession.Kind
POINTS = 20
AUDIENCES = (("direction-generale", "Direction générale"), ("directeurs", "Directeurs"), ("agents", "Agents"))
LEVELS = (("beginner", "débutants"), ("expert", "confirmés"))

# (days before today, track key, kind, title, place, present, trainer)
PAST = (
    (
        140,
        ("direction-generale", "beginner"),
        Kind.CONFERENCE,
        "Conférence de lancement : pourquoi devenir ambassadeur",
        "Auditorium, siège",
        38,
        "Direction de la communication",
    ),
    (
        105,
        ("directeurs", "beginner"),
        Kind.WORKSHOP,
        "Atelier : écrire un post qui donne envie",
        "Salle Europe, siège",
        22,
        "Claire Dumas, consultante",
    ),
    (
        77,
        ("agents", "beginner"),
        Kind.WORKSHOP,
        "Atelier LinkedIn : soigner son profil",
        "Salle Europe, siège",
        32,
        "Claire Dumas, consultante",
    ),
    (
        49,
        ("agents", "expert"),
        Kind.PHOTO,
        "Séance photo : portrait professionnel",
        "Studio, agence Nord",
        24,
        "Studio Lumière",
    ),
    (
        28,
        ("directeurs", "expert"),
        Kind.WORKSHOP,
        "Atelier expert : animer sa communauté",
        "Salle Asie, siège",
        20,
        "Karim Benali, social media manager",
    ),
)
# (days after today, track key, kind, title, place, link, capacity, registered, waiting)
UPCOMING = (
    (
        9,
        ("agents", "beginner"),
        Kind.WORKSHOP,
        "Atelier LinkedIn : soigner son profil (2e session)",
        "Salle Europe, siège",
        "",
        20,
        20,
        4,
    ),
    (
        16,
        ("agents", "expert"),
        Kind.WEBINAR,
        "Webinaire : mesurer l'audience de ses publications",
        "",
        "https://visio.example.org/ambassadeurs",
        None,
        14,
        0,
    ),
    (
        23,
        ("directeurs", "expert"),
        Kind.WORKSHOP,
        "Atelier expert : prendre la parole sur un sujet sensible",
        "Salle Asie, siège",
        "",
        15,
        7,
        0,
    ),
    (
        37,
        ("direction-generale", "expert"),
        Kind.CONFERENCE,
        "Conférence : le dirigeant ambassadeur",
        "Auditorium, siège",
        "",
        80,
        11,
        0,
    ),
)


def _at(day: date, hour: int, zone: Any) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=zone)


def training_create(context: DemoContext) -> None:
    organisation = context.organisation
    rng = context.rng
    zone = organisation_zone(organisation)
    today = context.today
    audiences = {a.slug: a for a in Audience.objects.filter(organisation=organisation)}
    programme = TrainingProgramme.objects.create(
        organisation=organisation,
        name="Ambassadeurs LinkedIn",
        description=(
            "Former les ambassadeurs à LinkedIn, par public et par niveau : ateliers, conférences, "
            "séances photo et webinaires."
        ),
        starts_on=today - timedelta(days=150),
        ends_on=today - timedelta(days=150) + timedelta(days=365),
        points=POINTS,
    )
    tracks: dict[tuple[str, str], Track] = {}
    position = 0
    for slug, label in AUDIENCES:
        for level, level_label in LEVELS:
            position += 1
            tracks[(slug, level)] = Track.objects.create(
                programme=programme,
                name=f"{label} · {level_label}",
                audience=audiences.get(slug),
                expertise=level,
                position=position,
            )
    _waves_create(context, programme, audiences)

    enrolled = list(
        Ambassador.objects.filter(
            organisation=organisation,
            status=Ambassador.Status.ENROLLED,
            enrolled_at__isnull=False,
            person__is_active=True,
        ).select_related("person")
    )
    demo_people = {
        getattr(user, "membership").person_id  # noqa: B009
        for user in context.users.values()
        if getattr(getattr(user, "membership", None), "person_id", None)
    }
    enrolled = [a for a in enrolled if a.person_id not in demo_people]
    registrations: list[Registration] = []
    points: list[PointsEntry] = []
    used_main: set[int] = set()
    for days, key, kind, title, place, present, trainer in PAST:
        day = today - timedelta(days=days)
        starts = _at(day, 9 if kind != Kind.PHOTO else 14, zone)
        session = TrainingSession.objects.create(
            organisation=organisation,
            track=tracks[key],
            kind=kind,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=3 if kind == Kind.WORKSHOP else 2),
            place=place,
            capacity=present + 8,
            trainer=trainer,
        )
        chosen = _participants(
            enrolled, audiences.get(key[0]), starts, present + rng.randint(2, 6), rng, used_main
        )
        if days == 77:
            used_main = {a.pk for a in chosen}
        for index, ambassador in enumerate(chosen):
            attended = index < present
            registration = Registration(
                session=session,
                person=ambassador.person,
                status=Registration.Status.REGISTERED,
                attendance=Registration.Attendance.PRESENT if attended else Registration.Attendance.ABSENT,
                attendance_source=rng.choice(["sheet", "sheet", "check_in"]) if attended else "sheet",
                attendance_recorded_at=session.ends_at,
                reminders_sent=["day_before", "hour_before"],
            )
            registrations.append(registration)
    Registration.objects.bulk_create(registrations, batch_size=500)
    # People registered in the weeks before each session (not on the day the demo was generated).
    for session in TrainingSession.objects.filter(track__programme=programme):
        registered_on = session.starts_at - timedelta(days=rng.randint(8, 20))
        Registration.objects.filter(session=session).update(
            created_at=registered_on, updated_at=session.ends_at
        )
    for registration in Registration.objects.filter(
        session__track__programme=programme, attendance=Registration.Attendance.PRESENT
    ).select_related("session", "person__ambassador"):
        ambassador = registration.person.ambassador
        points.append(
            PointsEntry(
                organisation_id=organisation.pk,
                ambassador=ambassador,
                points=POINTS,
                reason=PointsEntry.Reason.TRAINING,
                source=f"training:{registration.pk}",
                note=registration.session.title[:200],
                created_at=registration.session.ends_at,
            )
        )
    PointsEntry.objects.bulk_create(points, batch_size=500)
    _upcoming_create(context, tracks, enrolled)


def _participants(
    enrolled: list[Ambassador],
    audience: Audience | None,
    starts: datetime,
    wanted: int,
    rng: Any,
    avoid: set[int],
) -> list[Ambassador]:
    """Enrolled ambassadors before the session, of its audience first, who already shared before it."""
    before = [
        a for a in enrolled if a.enrolled_at is not None and a.enrolled_at < starts - timedelta(days=14)
    ]
    active = set(
        ActivityDay.objects.filter(
            ambassador__in=[a.pk for a in before],
            day__lt=starts.date(),
            day__gte=starts.date() - timedelta(weeks=8),
        )
        .values("ambassador")
        .annotate(shares=Count("pk", filter=Q(shares__gt=0)))
        .filter(shares__gt=0)
        .values_list("ambassador", flat=True)
    )
    same = [a for a in before if audience is None or a.person.audience_id == audience.pk]
    others = [a for a in before if a not in same]
    pools = []
    for pool in (same, others):
        shuffled = list(pool)
        rng.shuffle(shuffled)
        # Those who shared before first; people of the main workshop do not come again to another one.
        shuffled.sort(key=lambda a: (a.pk not in active, a.pk in avoid))
        pools.extend(shuffled)
    return pools[:wanted]


def _waves_create(context: DemoContext, programme: TrainingProgramme, audiences: dict[str, Audience]) -> None:
    zone = organisation_zone(context.organisation)
    start = programme.starts_on or context.today
    specs: tuple[tuple[int, str, list[str], bool, int], ...] = (
        (1, "Vague 1 : direction générale", ["direction-generale"], False, 2),
        (2, "Vague 2 : directeurs", ["directeurs"], False, 16),
        (3, "Vague 3 : encadrants et leurs équipes", [], True, 35),
    )
    invited: set[int] = set()
    rows: list[WaveInvitation] = []
    people = Person.objects.filter(organisation=context.organisation, is_active=True).exclude(email="")
    managers = set(
        Person.objects.filter(organisation=context.organisation, reports__isnull=False).values_list(
            "pk", flat=True
        )
    )
    for position, name, slugs, teams, days in specs:
        sent = _at(start + timedelta(days=days), 10, zone)
        wave = Wave.objects.create(
            programme=programme,
            name=name,
            position=position,
            include_managers_teams=teams,
            send_at=sent,
            sent_at=sent,
            created_by=context.users.get("admin"),  # type: ignore[misc]
        )
        chosen_audiences = [audiences[slug] for slug in slugs if slug in audiences]
        wave.audiences.set(chosen_audiences)
        if chosen_audiences:
            members = people.filter(audience__in=chosen_audiences)
        else:
            members = people.filter(Q(pk__in=managers) | Q(manager__isnull=False))
        for pk in members.values_list("pk", flat=True):
            if pk in invited:
                continue
            invited.add(pk)
            rows.append(WaveInvitation(wave=wave, person_id=pk, sent_at=sent))
    WaveInvitation.objects.bulk_create(rows, batch_size=1000)


def _upcoming_create(
    context: DemoContext, tracks: dict[tuple[str, str], Track], enrolled: list[Ambassador]
) -> None:
    rng = context.rng
    zone = organisation_zone(context.organisation)
    now = datetime.combine(context.today, time(0, 0), tzinfo=zone)
    registrations: list[Registration] = []
    for days, key, kind, title, place, link, capacity, registered, waiting in UPCOMING:
        starts = _at(context.today + timedelta(days=days), 14 if kind == Kind.WEBINAR else 9, zone)
        session = TrainingSession.objects.create(
            organisation=context.organisation,
            track=tracks[key],
            kind=kind,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1 if kind == Kind.WEBINAR else 3),
            place=place,
            online_url=link,
            capacity=capacity,
            trainer=rng.choice(["Claire Dumas, consultante", "Karim Benali, social media manager"]),
        )
        audience_id = tracks[key].audience_id
        pool = [a for a in enrolled if a.person.audience_id == audience_id] or list(enrolled)
        rng.shuffle(pool)
        for index, ambassador in enumerate(pool[: registered + waiting]):
            on_list = index >= registered
            registrations.append(
                Registration(
                    session=session,
                    person=ambassador.person,
                    status=Registration.Status.WAITING if on_list else Registration.Status.REGISTERED,
                    waiting_since=now - timedelta(hours=24 - index) if on_list else None,
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=500)
    for registration in registrations:  # registered over the last days, in waiting-list order
        registration.created_at = registration.waiting_since or now - timedelta(days=rng.randint(2, 12))
    Registration.objects.bulk_update(registrations, ["created_at"], batch_size=500)
