"""How the ambassador programme holds up at the size of a large organisation.

    .venv/bin/python bench/programme.py [--people 10000] [--shares 20000] [--backend sqlite|postgresql]

Builds, in bulk (as the demo does), an organisation of --people staff in 3 entities and 48 departments,
30 % of them enrolled ambassadors (with their consent records; a few more invited or withdrawn), a hub
of 50 published items with their suggested texts, and --shares shares over the six months since the
launch, each with its own tracked link, its activity day and its share points, and clicks on those
links: human ones and dropped ones (robots, duplicates, the ambassador's own). Then it times:

1. the click job `share_clicks_credit` over all those clicks (clicks per second, human clicks credited,
   shares confirmed), and a second run right after, which has nothing to do;
2. `adoption_snapshot_take` for today, then `adoption_snapshots_backfill` of the 180 days since the launch;
3. pages rendered through Django's test client, signed in as an HR admin who is an ambassador too: the
   hub /hub/, the programme overview /programme/ and the leaderboard /recognition/leaderboard/ (median
   of --requests requests after one warm-up request), and the API /api/v1/programme/adoption/
   ?group=department with a bearer token.

Every step also counts its SQL queries. The data are drawn from random.Random(--seed): the same
arguments build the same organisation. SQLite runs in a throw-away database in a temporary directory
(migrated first); with --backend postgresql a database `ambassade_bench_programme` is created on the
server BENCH_POSTGRES_URL names (default postgres://postgres@127.0.0.1:5432/postgres), then dropped.
Prints the figures, then, as the last line, one JSON object with them.
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
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_DATABASE = "ambassade_bench_programme"
LAUNCH_DAYS_AGO = 180
ENROLLED_SHARE = 0.30
INVITED_SHARE = 0.04
WITHDRAWN_SHARE = 0.01
ITEMS = 50
AUDIENCES = [("direction-generale", 0.02), ("directeurs", 0.06), ("encadrants", 0.17), ("agents", 0.75)]
ENTITIES = [("siege", "Siège"), ("nord", "Filiale Nord"), ("sud", "Filiale Sud")]
SERVICES_PER_ENTITY = 5  # under one direction per entity, each with UNITS_PER_SERVICE units
UNITS_PER_SERVICE = 2
NETWORKS = [("linkedin", 55), ("x", 16), ("mastodon", 10), ("bluesky", 8), ("facebook", 11)]
KINDS = ["news", "event", "video", "advice"]
FIRST_NAMES = ["Françoise", "Loïc", "Zoé", "Noémie", "Théo", "Inès", "Aurélie", "Éric", "Léa", "Maëlle"]
LAST_NAMES = ["Lefèvre", "Garçon", "Roux", "Faure", "Lambert", "Bénard", "Chevalier", "Nguyen", "Perrin"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000, help="staff of the organisation (10000)")
    parser.add_argument("--shares", type=int, default=20_000, help="shares, each with its own link (20000)")
    parser.add_argument("--requests", type=int, default=20, help="requests per page; the median is kept")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    database_url = _postgres_database("create") if args.backend == "postgresql" else None
    try:
        with tempfile.TemporaryDirectory(prefix="ambassade-bench-") as directory:
            _setup_django(Path(directory), database_url)
            figures = _run(args)
            from django.db import connections

            connections.close_all()
    finally:
        if database_url:
            _postgres_database("drop")
    print(json.dumps(figures))


# --- the database and Django ------------------------------------------------------------------------


def _postgres_admin_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _postgres_database(action: str) -> str:
    """Create (or drop) the benchmark's own database; no other database is touched."""
    import psycopg

    admin = _postgres_admin_url()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
        if action == "create":
            connection.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
    return admin.rsplit("/", 1)[0] + f"/{POSTGRES_DATABASE}"


def _setup_django(directory: Path, database_url: str | None) -> None:
    os.environ["DATA_DIR"] = str(directory)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["TASKS_MODE"] = "sync"
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "DATABASE_CONN_MAX_AGE"):
        os.environ.pop(name, None)
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command
    from django.test.utils import override_settings

    django.setup()
    # Production serves hashed static files after collectstatic; read the sources, as the tests do.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    call_command("migrate", verbosity=0)


@dataclass
class Queries:
    count: int = 0


@contextmanager
def counted() -> Iterator[Queries]:
    """Count the SQL statements run inside the block (an executemany counts once)."""
    from django.db import connection

    queries = Queries()

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield queries


# --- the organisation, in bulk ---------------------------------------------------------------------


@dataclass
class World:
    organisation: Any
    admin: Any  # the HR admin's user, an enrolled ambassador too
    today: date
    counts: dict[str, int] = field(default_factory=dict)


def _build(args: argparse.Namespace) -> World:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from ambassade.ambassadors.programme import programme_get
    from ambassade.orgs.models import Membership, Organisation
    from ambassade.orgs.roles import Role

    rng = random.Random(args.seed)
    today = timezone.localdate()
    organisation = Organisation.objects.create(name="Bench", slug="bench")
    programme = programme_get(organisation=organisation)
    programme.launched_on = today - timedelta(days=LAUNCH_DAYS_AGO)
    programme.save()
    people = _people(organisation, args.people, rng)
    admin_person = people[0]
    ambassadors = _ambassadors(organisation, people, admin_person, rng)
    items = _content(organisation, rng)
    shares = _shares(organisation, ambassadors, items, args.shares, rng)
    clicks = _clicks(shares, rng)
    user = get_user_model().objects.create(username="admin", first_name="Admin")
    Membership.objects.create(user=user, organisation=organisation, role=Role.HR_ADMIN, person=admin_person)
    enrolled = sum(1 for a in ambassadors if a.status == "enrolled")
    world = World(organisation, user, today)
    world.counts = {"people": len(people), "enrolled": enrolled, "items": len(items)}
    world.counts.update(shares=len(shares), clicks=clicks["all"], human_clicks=clicks["human"])
    return world


def _people(organisation: Any, count: int, rng: random.Random) -> list[Any]:
    from ambassade.orgs.models import Audience, Entity, Person

    audiences = [
        Audience.objects.create(organisation=organisation, name=slug, slug=slug, position=position)
        for position, (slug, _share) in enumerate(AUDIENCES)
    ]
    weights = [share for _slug, share in AUDIENCES]
    places: list[tuple[Any, Any]] = []  # (entity, department) where people work
    for slug, name in ENTITIES:
        entity = Entity.objects.create(organisation=organisation, name=name, slug=slug)
        direction = _department(entity, f"Direction {name}", None)
        places.append((entity, direction))
        for number in range(SERVICES_PER_ENTITY):
            service = _department(entity, f"Service {number} {name}", direction)
            places.append((entity, service))
            for unit in range(UNITS_PER_SERVICE):
                places.append((entity, _department(entity, f"Pôle {number}.{unit} {name}", service)))
    launch = date.today() - timedelta(days=LAUNCH_DAYS_AGO)
    rows = []
    for number in range(count):
        entity, department = rng.choice(places)
        # Most were there before the launch; some joined since, a few have left.
        started = launch - timedelta(days=rng.randint(0, 7000)) if rng.random() < 0.9 else None
        if started is None:
            started = launch + timedelta(days=rng.randint(1, LAUNCH_DAYS_AGO))
        rows.append(
            Person(
                organisation=organisation,
                hr_id=f"E{number:06d}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                email=f"p{number}@exemple.fr",
                entity=entity,
                department=department,
                audience=rng.choices(audiences, weights)[0],
                active_from=started,
            )
        )
    for person in rng.sample(rows[1:], count // 50):
        person.is_active = False
        person.deactivated_at = _moment(rng, date.today() - timedelta(days=rng.randint(1, 170)))
    return Person.objects.bulk_create(rows, batch_size=1000)


def _department(entity: Any, name: str, parent: Any) -> Any:
    from ambassade.orgs.models import Department

    department = Department.objects.create(
        organisation=entity.organisation, entity=entity, name=name, parent=parent
    )
    department.path = f"{parent.path if parent else '/'}{department.pk}/"
    department.depth = department.path.count("/") - 2
    department.save(update_fields=["path", "depth"])
    return department


def _moment(rng: random.Random, day: date, hour: int | None = None) -> datetime:
    from django.utils import timezone

    at = datetime.combine(day, datetime.min.time()).replace(
        hour=hour if hour is not None else rng.randint(8, 19), minute=rng.randrange(60)
    )
    return timezone.make_aware(at)


def _ambassadors(organisation: Any, people: list[Any], admin: Any, rng: random.Random) -> list[Any]:
    from ambassade.ambassadors.models import Ambassador, ConsentRecord
    from ambassade.ambassadors.programme import CONSENT_VERSION

    launch = date.today() - timedelta(days=LAUNCH_DAYS_AGO)
    staff = [person for person in people[1:] if person.is_active]
    chosen = rng.sample(staff, round((ENROLLED_SHARE + INVITED_SHARE + WITHDRAWN_SHARE) * len(people)) - 1)
    enrolled_count = round(ENROLLED_SHARE * len(people)) - 1
    withdrawn_count = round(WITHDRAWN_SHARE * len(people))
    rows, consents = [], []
    for index, person in enumerate([admin, *chosen]):
        if index <= enrolled_count + withdrawn_count:
            # The cascade: many in the first weeks, then fewer; never before they were on staff.
            first_day = max(launch, person.active_from or launch)
            offset = min(int(rng.expovariate(1 / 40)), LAUNCH_DAYS_AGO - 1)
            day = min(first_day + timedelta(days=offset), date.today() - timedelta(days=1))
            enrolled_at = _moment(rng, day)
            ambassador = Ambassador(
                organisation=organisation,
                person=person,
                status=Ambassador.Status.ENROLLED,
                invited_at=enrolled_at - timedelta(days=rng.randint(0, 5), hours=2),
                enrolled_at=enrolled_at,
                consent_version=CONSENT_VERSION,
                leaderboard_opt_in=index == 0 or rng.random() < 0.4,
            )
            consents.append(("given", ambassador, enrolled_at))
            if index > enrolled_count:
                ambassador.status = Ambassador.Status.WITHDRAWN
                ambassador.withdrawn_at = min(enrolled_at + timedelta(days=rng.randint(5, 60)), _now())
                ambassador.leaderboard_opt_in = False
                consents.append(("withdrawn", ambassador, ambassador.withdrawn_at))
        else:
            ambassador = Ambassador(
                organisation=organisation,
                person=person,
                invited_at=_moment(rng, date.today() - timedelta(days=rng.randint(1, 60))),
                invitation_nonce=f"{rng.getrandbits(64):016x}",
            )
        rows.append(ambassador)
    Ambassador.objects.bulk_create(rows, batch_size=1000)
    ConsentRecord.objects.bulk_create(
        [
            ConsentRecord(ambassador=ambassador, action=action, text_version=CONSENT_VERSION, at=at)
            for action, ambassador, at in consents
        ],
        batch_size=1000,
    )
    return rows


def _now() -> datetime:
    from django.utils import timezone

    return timezone.now()


def _content(organisation: Any, rng: random.Random) -> list[Any]:
    from django.conf import settings

    from ambassade.ambassadors.models import ContentItem, SuggestedText

    items = []
    for number in range(ITEMS):
        # Spread over the six months; half stay on the hub for 60 days, the others until withdrawn.
        start = _moment(rng, date.today() - timedelta(days=LAUNCH_DAYS_AGO - 2 - number * 3), hour=9)
        items.append(
            ContentItem(
                organisation=organisation,
                kind=KINDS[number % len(KINDS)],
                title=f"Actualité n° {number} : nos métiers recrutent",
                summary="Découvrez nos métiers et partagez-les dans votre réseau.",
                target_url=f"{settings.SITE_URL}/actualites/{number}",
                publish_from=start,
                publish_until=start + timedelta(days=60) if number % 2 else None,
                status=ContentItem.Status.PUBLISHED,
                published_at=start,
            )
        )
    ContentItem.objects.bulk_create(items)
    texts = [
        SuggestedText(item=item, network=network, language=language, variant=variant, text=text)
        for item in items
        for network in ("linkedin", "x", "mastodon", "bluesky")
        for language, text in (("fr", f"{item.summary} #emploi"), ("en", "Discover our jobs #hiring"))
        for variant in (1, 2)
    ]
    SuggestedText.objects.bulk_create(texts, batch_size=1000)
    return items


@dataclass
class Planned:
    ambassador: Any
    item: Any
    network: str
    opened_at: datetime
    link: Any = None


def _shares(
    organisation: Any, ambassadors: list[Any], items: list[Any], count: int, rng: random.Random
) -> list[Any]:
    """`count` shares (one per ambassador, item and network), their links, activity days and points."""
    from ambassade.ambassadors.models import ActivityDay, Ambassador, PointsEntry, Share
    from ambassade.links.models import TrackedLink
    from ambassade.links.services import CODE_ALPHABET, CODE_LENGTH

    sharing = [a for a in ambassadors if a.enrolled_at is not None]
    # A few share a lot, most a little (Pareto weights); the HR admin shares often.
    weights = [40.0 if index == 0 else rng.paretovariate(1.2) for index in range(len(sharing))]
    networks, network_weights = zip(*NETWORKS, strict=True)
    latest = _now() - timedelta(hours=2)
    planned: list[Planned] = []
    seen: set[tuple[int, int, str]] = set()
    while len(planned) < count:
        ambassador = rng.choices(sharing, weights)[0]
        item = rng.choice(items)
        network = rng.choices(networks, network_weights)[0]
        until = ambassador.withdrawn_at or latest
        if item.publish_until is not None:
            until = min(until, item.publish_until)
        since = max(ambassador.enrolled_at, item.publish_from)
        key = (ambassador.pk, item.pk, network)
        if since >= until or key in seen:
            continue
        seen.add(key)
        opened = since + (until - since) * min(rng.expovariate(4), 1.0)
        planned.append(Planned(ambassador, item, network, opened))
    planned.sort(key=lambda share: share.opened_at)
    links = []
    for share in planned:
        share.link = TrackedLink(
            organisation=organisation,
            code="".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)),
            target_type=TrackedLink.Target.NEWS,
            url=share.item.target_url,
            channel=share.network,
            ambassador=share.ambassador.person,
        )
        links.append(share.link)
    TrackedLink.objects.bulk_create(links, batch_size=1000)
    for share in planned:
        share.link.created_at = share.link.updated_at = share.opened_at
    TrackedLink.objects.bulk_update(links, ["created_at", "updated_at"], batch_size=1000)
    shares = Share.objects.bulk_create(
        [
            Share(
                organisation=organisation,
                item=share.item,
                ambassador=share.ambassador,
                network=share.network,
                link=share.link,
                own_text=rng.random() < 0.15,
                opened_at=share.opened_at,
            )
            for share in planned
        ],
        batch_size=1000,
    )
    # What the share service writes besides: the day's activity and the share's points (capped daily).
    from django.utils import timezone

    from ambassade.ambassadors.programme import programme_get

    programme = programme_get(organisation=organisation)
    activity: Counter[tuple[int, date]] = Counter()
    earned: Counter[tuple[int, date]] = Counter()
    entries = []
    for share in planned:
        day_key = (share.ambassador.pk, timezone.localdate(share.opened_at))
        activity[day_key] += 1
        points = min(programme.points_share, programme.daily_points_cap - earned[day_key])
        if points > 0:
            earned[day_key] += points
            entries.append(
                PointsEntry(
                    organisation=organisation,
                    ambassador=share.ambassador,
                    points=points,
                    reason=PointsEntry.Reason.SHARE,
                    source=f"share:{share.item.pk}:{share.network}",
                    created_at=share.opened_at,
                )
            )
    PointsEntry.objects.bulk_create(entries, batch_size=1000)
    ActivityDay.objects.bulk_create(
        [ActivityDay(ambassador_id=pk, day=day, shares=n) for (pk, day), n in activity.items()],
        batch_size=1000,
    )
    last_day: dict[int, date] = {}
    for pk, day in activity:
        last_day[pk] = max(day, last_day.get(pk, day))
    by_pk = {a.pk: a for a in sharing}
    for pk, day in last_day.items():
        by_pk[pk].last_active_on = day
    Ambassador.objects.bulk_update([by_pk[pk] for pk in last_day], ["last_active_on"], batch_size=1000)
    return shares


def _clicks(shares: list[Any], rng: random.Random) -> Counter[str]:
    """Human clicks in the days after each share, robots and duplicates around them, now and then the
    ambassador's own click; inserted in the order they happened (ids grow with time, as in production)."""
    from ambassade.links.models import Click

    latest = _now() - timedelta(minutes=5)
    rows: list[tuple[datetime, int, str]] = []
    for share in shares:
        humans = min(int(rng.lognormvariate(1.0, 1.0)), 60) if rng.random() < 0.75 else 0
        drops = [
            (Click.Reason.BOT, humans // 2 + (rng.random() < 0.5)),
            (Click.Reason.DUPLICATE, humans // 5),
            (Click.Reason.SELF_CLICK, int(rng.random() < 0.05)),
        ]
        for reason, number in [(Click.Reason.HUMAN, humans), *drops]:
            for _ in range(number):
                moment = min(share.opened_at + timedelta(hours=rng.expovariate(1 / 30)), latest)
                rows.append((moment, share.link_id, reason))
    rows.sort()
    Click.objects.bulk_create(
        [
            Click(link_id=link_id, occurred_at=moment, visitor=f"{rng.getrandbits(256):064x}", reason=reason)
            for moment, link_id, reason in rows
        ],
        batch_size=2000,
    )
    return Counter(all=len(rows), human=sum(1 for row in rows if row[2] == Click.Reason.HUMAN))


# --- the measures ----------------------------------------------------------------------------------


def _timed(function: Callable[[], Any]) -> tuple[Any, float, int]:
    with counted() as queries:
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
    return result, elapsed, queries.count


def _page(client: Any, path: str, requests: int, **headers: str) -> dict[str, float | int]:
    """The first (cold) request, then the median of `requests` more; the queries of one request."""
    timings = []
    queries = 0
    for number in range(requests + 1):
        with counted() as counter:
            started = time.perf_counter()
            response = client.get(path, **headers)
            timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        queries = counter.count
        if number == 0:
            size = len(response.content)
    return {
        "first_ms": round(timings[0] * 1000, 1),
        "median_ms": round(statistics.median(timings[1:]) * 1000, 1),
        "queries": queries,
        "kb": round(size / 1024, 1),
    }


def _run(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from ambassade.ambassadors.adoption import adoption_snapshot_take, adoption_snapshots_backfill
    from ambassade.ambassadors.models import AdoptionSnapshot, Share
    from ambassade.ambassadors.share_clicks import share_clicks_credit
    from ambassade.api.services import api_token_create

    backend = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    started = time.perf_counter()
    world = _build(args)
    built = time.perf_counter() - started
    counts = world.counts
    print(f"ambassador programme benchmark, {backend}: {counts['people']:,} staff, {counts['enrolled']:,} "
          f"enrolled, {counts['items']} items, {counts['shares']:,} shares, {counts['clicks']:,} clicks "
          f"({counts['human_clicks']:,} human); built in {built:.1f} s")  # fmt: skip

    future = timezone.now() + timedelta(days=1)
    credit, credit_seconds, credit_queries = _timed(lambda: share_clicks_credit(now=future))
    confirmed = Share.objects.filter(confirmed_at__isnull=False).count()
    print(f"  click job          {credit_seconds:7.2f} s  {credit.clicks / credit_seconds:9,.0f} clicks/s  "
          f"{credit.credited:,} human clicks credited, {credit.confirmed:,} shares confirmed, "
          f"{credit.batches} batches, {credit_queries:,} queries")  # fmt: skip
    again, again_seconds, again_queries = _timed(lambda: share_clicks_credit(now=future))
    print(
        f"  click job again    {again_seconds * 1000:7.1f} ms  {again.clicks} clicks, {again_queries} queries"
    )

    rows, take_seconds, take_queries = _timed(
        lambda: adoption_snapshot_take(organisation=world.organisation, day=world.today)
    )
    print(f"  snapshot, one day  {take_seconds * 1000:7.1f} ms  {rows} rows, {take_queries} queries")
    days, backfill_seconds, backfill_queries = _timed(
        lambda: adoption_snapshots_backfill(organisation=world.organisation, until=world.today)
    )
    snapshot_rows = AdoptionSnapshot.objects.count()
    print(f"  backfill           {backfill_seconds:7.2f} s  {days} days, {snapshot_rows:,} rows in all, "
          f"{backfill_queries} queries")  # fmt: skip

    client = Client()
    client.force_login(world.admin)
    pages = {
        "hub": _page(client, "/hub/", args.requests),
        "programme": _page(client, "/programme/", args.requests),
        "leaderboard": _page(client, "/recognition/leaderboard/", args.requests),
    }
    _token, raw = api_token_create(user=world.admin, name="bench")
    pages["api_adoption"] = _page(
        Client(), "/api/v1/programme/adoption/?group=department", args.requests,
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )  # fmt: skip
    for name, path in [
        ("hub", "/hub/"),
        ("programme", "/programme/"),
        ("leaderboard", "/recognition/leaderboard/"),
        ("api_adoption", "/api/v1/programme/adoption/?group=department"),
    ]:
        page = pages[name]
        print(f"  {path:45} median {page['median_ms']:7.1f} ms  (first {page['first_ms']:.1f} ms)  "
              f"{page['queries']} queries, {page['kb']} KB")  # fmt: skip

    return {
        "backend": connection.vendor,
        **counts,
        "build_seconds": round(built, 1),
        "credit_seconds": round(credit_seconds, 3),
        "credit_clicks_per_second": round(credit.clicks / credit_seconds, 1),
        "credited": credit.credited,
        "confirmed": credit.confirmed,
        "confirmed_in_all": confirmed,
        "credit_queries": credit_queries,
        "credit_again_ms": round(again_seconds * 1000, 1),
        "credit_again_queries": again_queries,
        "snapshot_ms": round(take_seconds * 1000, 1),
        "snapshot_rows": rows,
        "backfill_seconds": round(backfill_seconds, 3),
        "backfill_days": days,
        "backfill_queries": backfill_queries,
        **{f"{name}_ms": page["median_ms"] for name, page in pages.items()},
        **{f"{name}_queries": page["queries"] for name, page in pages.items()},
    }


if __name__ == "__main__":
    main()
