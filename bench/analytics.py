"""How long the programme overview (`overview_get`) takes over twelve months of rollups.

    .venv/bin/python bench/analytics.py [--ambassadors 2000] [--people 7000] [--runs 5]
                                        [--backend sqlite|postgresql]

Builds, in bulk, an organisation of --people staff in 3 entities and 48 departments with --ambassadors
enrolled ambassadors, and a year of the rollups the overview reads: daily AdoptionSnapshot rows per
department and audience, ActivityDay rows (each ambassador active about two days a week), LinkDailyRollup
rows (one link per share, clicks over the following days), monthly FollowerCount rows per account, the
pages' daily PageFollowerCount rows, and about 3,000 applications, 400 introductions and 150 hires turned
into DailyOutcome by the real rollup (which is timed too). Then it times `overview_get` for the last
twelve months: the whole organisation with names (HR admin), one entity, and a manager's subtree (median
of --runs runs after a warm-up run), counting SQL queries.

SQLite runs in a throw-away database in a temporary directory (migrated first); with --backend postgresql
a database `ambassade_bench_analytics` is created on BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/postgres), then dropped. Prints the figures, then, as the last line,
one JSON object with them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as dtime
from typing import Any

from benchdb import bench_database

POSTGRES_DATABASE = "ambassade_bench_analytics"
DAYS = 365
ENTITIES = [("siege", "Siège"), ("nord", "Filiale Nord"), ("sud", "Filiale Sud")]
SERVICES_PER_ENTITY = 5
UNITS_PER_SERVICE = 2
CHANNELS = ["linkedin", "x", "facebook", "email", "intranet", "qr"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ambassadors", type=int, default=2000)
    parser.add_argument("--people", type=int, default=7000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    with bench_database(args.backend, POSTGRES_DATABASE):
        figures = _run(args)
    print(json.dumps(figures))


@dataclass
class Queries:
    count: int = 0


@contextmanager
def counted() -> Iterator[Queries]:
    from django.db import connection

    queries = Queries()

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield queries


def _bulk(model: Any, rows: list[Any]) -> int:
    model.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _build(args: argparse.Namespace) -> dict[str, Any]:  # noqa: PLR0915 (one linear build)
    from django.utils import timezone

    from ambassade.ambassadors.models import (
        ActivityDay,
        AdoptionSnapshot,
        Ambassador,
        FollowerCount,
        SocialAccount,
    )
    from ambassade.analytics.models import PageFollowerCount
    from ambassade.careers.models import Application
    from ambassade.links.models import Campaign, LinkDailyRollup, TrackedLink
    from ambassade.orgs.models import Audience, Department, Entity, Organisation, Person, organisation_zone
    from ambassade.referrals.models import Introduction

    rng = random.Random(args.seed)
    today = timezone.localdate()
    first = today - timedelta(days=DAYS - 1)
    organisation = Organisation.objects.create(name="Bench", slug="bench")
    zone = organisation_zone(organisation)
    counts: dict[str, int] = {}
    entities = [
        Entity.objects.create(organisation=organisation, slug=slug, name=name) for slug, name in ENTITIES
    ]
    audiences = [
        Audience.objects.create(organisation=organisation, name=name, slug=name.lower(), position=index)
        for index, name in enumerate(["Direction", "Directeurs", "Encadrants", "Agents"])
    ]
    departments: list[Department] = []
    units: list[Department] = []
    for entity in entities:
        direction = Department.objects.create(
            organisation=organisation, entity=entity, name=f"Direction {entity.name}"
        )
        direction.path, direction.depth = f"/{direction.pk}/", 0
        direction.save()
        departments.append(direction)
        for service_index in range(SERVICES_PER_ENTITY):
            service = Department.objects.create(
                organisation=organisation,
                entity=entity,
                parent=direction,
                name=f"Service {service_index} {entity.name}",
            )
            service.path, service.depth = f"{direction.path}{service.pk}/", 1
            service.save()
            departments.append(service)
            for unit_index in range(UNITS_PER_SERVICE):
                unit = Department.objects.create(
                    organisation=organisation,
                    entity=entity,
                    parent=service,
                    name=f"Unité {unit_index} {service.name}",
                )
                unit.path, unit.depth = f"{service.path}{unit.pk}/", 2
                unit.save()
                departments.append(unit)
                units.append(unit)
    counts["departments"] = len(departments)
    people = []
    for index in range(args.people):
        unit = rng.choice(units)
        people.append(
            Person(
                organisation=organisation,
                hr_id=f"P{index:06d}",
                first_name=f"Prénom{index}",
                last_name=f"Nom{index}",
                entity_id=unit.entity_id,
                department=unit,
                audience=rng.choice(audiences),
            )
        )
    counts["people"] = _bulk(Person, people)
    people = list(Person.objects.filter(organisation=organisation).order_by("pk"))
    enrolled_people = rng.sample(people, args.ambassadors)
    joined = datetime.combine(first - timedelta(days=10), dtime(10), tzinfo=zone)
    counts["ambassadors"] = _bulk(
        Ambassador,
        [
            Ambassador(
                organisation=organisation,
                person=person,
                status=Ambassador.Status.ENROLLED,
                invited_at=joined,
                enrolled_at=joined,
            )
            for person in enrolled_people
        ],
    )
    ambassadors = list(Ambassador.objects.filter(organisation=organisation).select_related("person"))
    # Adoption: one row per day, unit and audience.
    per_group: dict[tuple[int, int], int] = {}
    for person in people:
        key = (person.department_id, person.audience_id)
        per_group[key] = per_group.get(key, 0) + 1
    unit_entity = {unit.pk: unit.entity_id for unit in units}
    snapshots = []
    for offset in range(DAYS):
        day = first + timedelta(days=offset)
        progress = 0.4 + 0.6 * offset / DAYS
        for (department_id, audience_id), staff in per_group.items():
            enrolled = int(staff * 0.3 * progress)
            snapshots.append(
                AdoptionSnapshot(
                    organisation=organisation,
                    day=day,
                    entity_id=unit_entity[department_id],
                    department_id=department_id,
                    audience_id=audience_id,
                    staff=staff,
                    invited=enrolled // 10,
                    enrolled=enrolled,
                    active=int(enrolled * 0.6),
                )
            )
    counts["adoption_snapshots"] = _bulk(AdoptionSnapshot, snapshots)
    # Activity: about two days a week per ambassador.
    activity = []
    for ambassador in ambassadors:
        for day_offset in rng.sample(range(DAYS), k=int(DAYS * 2 / 7)):
            activity.append(
                ActivityDay(
                    ambassador=ambassador,
                    day=first + timedelta(days=day_offset),
                    shares=rng.randint(0, 2),
                    human_clicks=rng.randint(0, 6),
                )
            )
    counts["activity_days"] = _bulk(ActivityDay, activity)
    # Followers: one account per ambassador (a third have two), a count per month.
    accounts = []
    for ambassador in ambassadors:
        accounts.append(
            SocialAccount(ambassador=ambassador, network="linkedin", handle=f"https://x/{ambassador.pk}")
        )
        if rng.random() < 0.33:
            accounts.append(SocialAccount(ambassador=ambassador, network="x", handle=f"@a{ambassador.pk}"))
    _bulk(SocialAccount, accounts)
    follower_counts = []
    for account in SocialAccount.objects.filter(ambassador__organisation=organisation):
        base = rng.randint(50, 1500)
        for month in range(12):
            follower_counts.append(
                FollowerCount(
                    account=account, counted_on=first + timedelta(days=30 * month), followers=base + 7 * month
                )
            )
    counts["follower_counts"] = _bulk(FollowerCount, follower_counts)
    # Links and clicks: one link per share, clicks over a few days.
    campaigns = [
        Campaign.objects.create(organisation=organisation, name=f"Campagne {i}", slug=f"c{i}")
        for i in range(8)
    ]
    links = []
    for index in range(args.ambassadors * 10):
        ambassador = rng.choice(ambassadors)
        links.append(
            TrackedLink(
                organisation=organisation,
                code=f"b{index:09d}",
                target_type=TrackedLink.Target.CAREER_PAGE,
                entity_id=ambassador.person.entity_id,
                channel=rng.choice(CHANNELS),
                ambassador=ambassador.person,
                campaign=rng.choice([*campaigns, None]),
            )
        )
    _bulk(TrackedLink, links)
    rollups = []
    link_rows = list(TrackedLink.objects.filter(organisation=organisation))
    for link in link_rows:
        start = rng.randrange(DAYS)
        for extra in range(rng.randint(1, 6)):
            if start + extra < DAYS:
                rollups.append(
                    LinkDailyRollup(
                        link=link,
                        day=first + timedelta(days=start + extra),
                        organisation=organisation,
                        channel=link.channel,
                        campaign_id=link.campaign_id,
                        entity_id=link.entity_id,
                        human_clicks=rng.randint(1, 12),
                    )
                )
    counts["link_daily_rollups"] = _bulk(LinkDailyRollup, rollups)
    pages = []
    for entity in entities[:2]:
        total = rng.randint(500, 3000)
        for offset in range(DAYS):
            gain = rng.randint(0, 3)
            total += gain
            pages.append(
                PageFollowerCount(
                    organisation=organisation,
                    entity=entity,
                    network="linkedin",
                    day=first + timedelta(days=offset),
                    followers=total,
                    new_followers=gain,
                )
            )
    counts["page_follower_counts"] = _bulk(PageFollowerCount, pages)
    applications = []
    for index in range(3000):
        link = rng.choice(link_rows) if rng.random() < 0.6 else None
        hired = rng.random() < 0.05
        applications.append(
            Application(
                organisation=organisation,
                entity=rng.choice(entities),
                first_name=f"Candidat{index}",
                last_name="Bench",
                email=f"c{index}@example.org",
                consent_at=joined,
                consent_text="ok",
                source_link=link,
                source_channel=link.channel if link else "direct",
                stage=Application.Stage.HIRED if hired else Application.Stage.RECEIVED,
                decided_at=datetime.combine(
                    first + timedelta(days=rng.randrange(DAYS)), dtime(15), tzinfo=zone
                )
                if hired
                else None,
            )
        )
    _bulk(Application, applications)
    created = {}
    for application in Application.objects.filter(organisation=organisation).only("pk"):
        created[application.pk] = datetime.combine(
            first + timedelta(days=rng.randrange(DAYS)), dtime(11), tzinfo=zone
        )
        application.created_at = created[application.pk]
    Application.objects.bulk_update(
        [Application(pk=pk, created_at=moment) for pk, moment in created.items()],
        ["created_at"],
        batch_size=2000,
    )
    introductions = [
        Introduction(
            organisation=organisation,
            entity=rng.choice(entities),
            introducer=rng.choice(ambassadors).person,
            contact_name="Contact",
            contact_email=f"i{index}@example.org",
        )
        for index in range(400)
    ]
    _bulk(Introduction, introductions)
    counts["applications"] = len(applications)
    counts["introductions"] = len(introductions)
    manager_department = departments[1]  # a service with its two units
    return {
        "organisation": organisation,
        "entity": entities[1],
        "department": manager_department,
        "first": first,
        "today": today,
        "counts": counts,
    }


def _median(runs: int, action: Callable[[], Any]) -> tuple[float, int]:
    action()  # warm-up
    times = []
    queries = 0
    for _index in range(runs):
        with counted() as counter:
            started = time.perf_counter()
            action()
            times.append(time.perf_counter() - started)
        queries = counter.count
    return statistics.median(times), queries


def _run(args: argparse.Namespace) -> dict[str, Any]:
    from ambassade.analytics.models import DailyOutcome
    from ambassade.analytics.overview import Period, overview_get
    from ambassade.analytics.rollup import outcomes_rollup

    started = time.perf_counter()
    world = _build(args)
    build_seconds = time.perf_counter() - started
    organisation = world["organisation"]
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    started = time.perf_counter()
    outcomes_rollup(organisation=organisation, start=world["first"], end=world["today"])
    rollup_seconds = time.perf_counter() - started
    world["counts"]["daily_outcomes"] = DailyOutcome.objects.count()
    period = Period(world["first"], world["today"])
    figures: dict[str, Any] = {
        "backend": args.backend,
        "ambassadors": args.ambassadors,
        "people": args.people,
        "days": DAYS,
        "rows": world["counts"],
        "build_s": round(build_seconds, 1),
        "outcomes_rollup_365_days_s": round(rollup_seconds, 3),
    }
    cases = {
        "organisation": lambda: overview_get(organisation=organisation, period=period, names_allowed=True),
        "entity": lambda: overview_get(
            organisation=organisation, period=period, entity=world["entity"], names_allowed=True
        ),
        "manager_subtree": lambda: overview_get(
            organisation=organisation, period=period, department=world["department"], names_allowed=False
        ),
    }
    for name, action in cases.items():
        seconds, queries = _median(args.runs, action)
        figures[f"overview_{name}_s"] = round(seconds, 3)
        figures[f"overview_{name}_queries"] = queries
    for key, value in figures.items():
        print(f"{key}: {value}", file=sys.stderr)
    return figures


if __name__ == "__main__":
    main()
