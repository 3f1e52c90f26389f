"""How long the measured impact of one training session takes (`impact_for_session`).

    .venv/bin/python bench/impact.py [--ambassadors 20000] [--participants 300] [--runs 5]

Builds, in bulk, in a throw-away SQLite database (migrated first, in a temporary directory), an
organisation of --ambassadors enrolled ambassadors in 3 entities, 48 departments and 4 audiences, with a
year of rollups: ActivityDay rows (each ambassador active about two days a week), one LinkedIn account each
with a monthly FollowerCount, and a few profile checklist items done. One workshop ten weeks ago has
--participants people of the first entity recorded present (who share about 1.8 times more after it).
Then it times `impact_for_session` (cache cleared before each run: the cold path), median of --runs runs
after a warm-up run, counting SQL queries, then the same call on a warm cache (the cache key's aggregates).
Prints the figures, then, as the last line, one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DAYS = 365
ENTITIES = [("siege", "Siège"), ("nord", "Filiale Nord"), ("sud", "Filiale Sud")]
DEPARTMENTS_PER_ENTITY = 16
AUDIENCES = ["Direction", "Directeurs", "Encadrants", "Agents"]
TRAINING_WEEKS_AGO = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ambassadors", type=int, default=20000)
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ambassade-bench-") as directory:
        _setup_django(Path(directory))
        figures = _run(args)
        from django.db import connections

        connections.close_all()
    print(json.dumps(figures))


def _setup_django(directory: Path) -> None:
    os.environ["DATA_DIR"] = str(directory)
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["TASKS_MODE"] = "sync"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "DATABASE_CONN_MAX_AGE"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


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


def _build(args: argparse.Namespace) -> Any:
    from django.db import connection, transaction
    from django.utils import timezone

    from ambassade.ambassadors.models import Ambassador, SocialAccount
    from ambassade.orgs.models import Audience, Department, Entity, Organisation, Person
    from ambassade.training.models import Registration, Track, TrainingProgramme, TrainingSession

    rng = random.Random(args.seed)
    today = timezone.localdate()
    first_day = today - timedelta(days=DAYS)
    training_day = today - timedelta(weeks=TRAINING_WEEKS_AGO)
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Bench")
        entities = [
            Entity.objects.create(organisation=organisation, name=name, slug=slug) for slug, name in ENTITIES
        ]
        departments = [
            Department.objects.create(
                organisation=organisation, entity=entity, name=f"{entity.name} {i}", code=f"{entity.slug}{i}"
            )
            for entity in entities
            for i in range(DEPARTMENTS_PER_ENTITY)
        ]
        audiences = [
            Audience.objects.create(organisation=organisation, name=name, slug=f"a{i}")
            for i, name in enumerate(AUDIENCES)
        ]
        people = Person.objects.bulk_create(
            [
                Person(
                    organisation=organisation,
                    hr_id=f"B{i:06d}",
                    first_name=f"P{i}",
                    last_name="Bench",
                    entity=(department := rng.choice(departments)).entity,
                    department=department,
                    audience=rng.choices(audiences, [2, 8, 20, 70])[0],
                )
                for i in range(args.ambassadors)
            ],
            batch_size=2000,
        )
        enrolled = datetime.combine(first_day, datetime.min.time(), tzinfo=UTC)
        ambassadors = Ambassador.objects.bulk_create(
            [
                Ambassador(
                    organisation=organisation,
                    person=person,
                    status=Ambassador.Status.ENROLLED,
                    enrolled_at=enrolled,
                )
                for person in people
            ],
            batch_size=2000,
        )
        accounts = SocialAccount.objects.bulk_create(
            [
                SocialAccount(
                    ambassador=ambassador, network="linkedin", handle=f"https://www.linkedin.com/in/b{i}"
                )
                for i, ambassador in enumerate(ambassadors)
            ],
            batch_size=2000,
        )
        siege = [a for a, p in zip(ambassadors, people, strict=True) if p.entity_id == entities[0].pk]
        trained = {a.pk for a in rng.sample(siege, args.participants)}
        monday = training_day - timedelta(days=training_day.weekday())
        after = monday + timedelta(weeks=1)
        activity = []
        for ambassador in ambassadors:
            level = rng.uniform(0.1, 0.5)
            for offset in range(DAYS):
                day = first_day + timedelta(days=offset)
                rate = level * (1.8 if ambassador.pk in trained and day >= after else 1.0)
                if rng.random() < rate:
                    shares = 1 + (rng.random() < 0.3)
                    activity.append((ambassador.pk, day.isoformat(), shares, rng.randint(0, 4)))
        followers = []
        for account in accounts:
            base = rng.randint(50, 2000)
            for month in range(12):
                followers.append(
                    (
                        account.pk,
                        (first_day + timedelta(days=30 * month)).isoformat(),
                        base + 7 * month,
                        "import",
                    )
                )
        ticks = []
        for ambassador in ambassadors:
            for item in rng.sample(
                ["photo", "headline", "about", "position", "career_link"], rng.randint(0, 3)
            ):
                done = datetime.combine(
                    first_day + timedelta(days=rng.randint(0, DAYS - 1)), datetime.min.time(), tzinfo=UTC
                )
                ticks.append((ambassador.pk, "linkedin", item, done.isoformat(sep=" ")))
        with connection.cursor() as cursor:
            for table, columns, rows in (
                ("ambassadors_activityday", "ambassador_id, day, shares, human_clicks", activity),
                ("ambassadors_followercount", "account_id, counted_on, followers, source", followers),
                ("ambassadors_checklisttick", "ambassador_id, network, item, done_at", ticks),
            ):
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)", rows)  # noqa: S608
        programme = TrainingProgramme.objects.create(organisation=organisation, name="Ambassadeurs 2027")
        track = Track.objects.create(programme=programme, name="Tous")
        starts = datetime.combine(training_day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)
        session = TrainingSession.objects.create(
            organisation=organisation,
            track=track,
            title="Atelier LinkedIn",
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
        )
        by_pk = {a.pk: a for a in ambassadors}
        Registration.objects.bulk_create(
            [
                Registration(session=session, person_id=by_pk[pk].person_id, attendance="present")
                for pk in trained
            ]
        )
    return session, len(activity), len(followers), len(ticks)


def _run(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.cache import cache

    from ambassade.training.impact_data import impact_for_session

    started = time.perf_counter()
    session, activity_rows, follower_rows, tick_rows = _build(args)
    build_seconds = time.perf_counter() - started
    print(
        f"built {args.ambassadors} ambassadors, {activity_rows} activity rows, {follower_rows} follower "
        f"counts, {tick_rows} checklist ticks in {build_seconds:.1f} s"
    )
    timings = []
    queries = 0
    result = None
    for run in range(args.runs + 1):
        cache.clear()
        with counted() as counter:
            started = time.perf_counter()
            result = impact_for_session(session=session, language="en")
            elapsed = time.perf_counter() - started
        if run:
            timings.append(elapsed)
        queries = counter.count
    assert result is not None
    # Warm cache: what every later visit pays (the aggregates of the cache key).
    warm_timings = []
    for _run_index in range(args.runs):
        with counted() as counter:
            started = time.perf_counter()
            impact_for_session(session=session, language="en")
            warm_timings.append(time.perf_counter() - started)
        warm_queries = counter.count
    warm = statistics.median(warm_timings)
    shares = result.metric("shares")
    median = statistics.median(timings)
    print(f"impact of one session: median {median * 1000:.0f} ms over {args.runs} runs, {queries} queries")
    print(f"cached: median {warm * 1000:.0f} ms, {warm_queries} queries")
    print(f"participants {result.treated_n}, comparison {result.control_n}")
    print(result.sentence)
    return {
        "bench": "training_impact",
        "backend": "sqlite",
        "ambassadors": args.ambassadors,
        "participants": args.participants,
        "activity_rows": activity_rows,
        "median_ms": round(median * 1000),
        "max_ms": round(max(timings) * 1000),
        "queries": queries,
        "cached_ms": round(warm * 1000),
        "cached_queries": warm_queries,
        "treated_n": result.treated_n,
        "control_n": result.control_n,
        "ratio": round(shares.ratio, 2) if shares and shares.ratio else None,
        "significant": bool(shares and shares.significant),
    }


if __name__ == "__main__":
    main()
