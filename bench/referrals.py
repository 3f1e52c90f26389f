"""How social referral holds up at the size of a large organisation.

    .venv/bin/python bench/referrals.py [--people 10000] [--introductions 5000] [--backend sqlite|postgresql]

Builds the ambassador programme of bench/programme.py (--people staff, 30 % enrolled, a few shares), 40
open job offers, and --introductions confirmed introductions by enrolled ambassadors, each with its
application at a random stage (received 35 %, screening 20 %, interview 20 %, offer 5 %, hired 8 %,
rejected 12 %), plus as many pending ones. Then it times:

1. the full reconciliation `referral_points_reconcile` that credits every milestone reached (points
   rows per second), a second run right after, which has nothing to write, and the hourly job (only what
   changed in the last two days) once everything is backdated a month but 2 % of the applications;
2. 200 recruiter stage moves through `application_move` (the signal credits or takes back the points and
   tells the introducer): milliseconds per move;
3. pages through Django's test client as an HR admin: the introductions dashboard, the introductions
   leaderboard, the held points, and the API GET /api/v1/introductions/ (median of --requests).

SQLite runs in a throw-away database; --backend postgresql uses a database created then dropped on the
server BENCH_POSTGRES_URL names (see bench/programme.py). Prints the figures, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import programme as base  # noqa: E402  (bench/programme.py: building the organisation, timing helpers)

STAGES = [
    ("received", 35),
    ("screening", 20),
    ("interview", 20),
    ("offer", 5),
    ("hired", 8),
    ("rejected", 12),
]
OFFERS = 40


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--introductions", type=int, default=5_000, help="confirmed ones (as many pending)")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    args.shares = 500
    database_url = base._postgres_database("create") if args.backend == "postgresql" else None
    try:
        with tempfile.TemporaryDirectory(prefix="ambassade-bench-") as directory:
            base._setup_django(Path(directory), database_url)
            figures = _run(args)
            from django.db import connections

            connections.close_all()
    finally:
        if database_url:
            base._postgres_database("drop")
    print(json.dumps(figures))


def _introductions(world: Any, count: int, rng: random.Random) -> int:
    from django.utils import timezone

    from ambassade.ambassadors.models import Ambassador
    from ambassade.careers.models import Application, JobOffer, JobOfferTranslation
    from ambassade.orgs.models import Entity
    from ambassade.referrals.models import Introduction
    from ambassade.referrals.rules import contact_hash

    organisation = world.organisation
    entities = list(Entity.objects.filter(organisation=organisation))
    now = timezone.now()
    offers = JobOffer.objects.bulk_create(
        JobOffer(
            organisation=organisation,
            entity=rng.choice(entities),
            reference=f"B-{number}",
            contract_type="FULL_TIME",
            status="published",
            published_at=now,
        )  # fmt: skip
        for number in range(OFFERS)
    )
    JobOfferTranslation.objects.bulk_create(
        JobOfferTranslation(
            offer=offer, language="fr", title=f"Poste {offer.reference}", description="<p>.</p>"
        )
        for offer in offers
    )
    introducers = list(
        Ambassador.objects.filter(organisation=organisation, status="enrolled").values_list(
            "person_id", flat=True
        )
    )
    stages = [stage for stage, weight in STAGES for _ in range(weight)]
    applications = []
    introductions = []
    for number in range(count * 2):
        offer = rng.choice(offers)
        email = f"contact{number}@example.net"
        confirmed = number < count
        introduction = Introduction(
            organisation=organisation, entity_id=offer.entity_id, offer=offer,
            introducer_id=rng.choice(introducers), status="confirmed" if confirmed else "pending",
            contact_name=f"Contact {number}", contact_email=email, contact_hash=contact_hash(email),
            relationship="network", credited=confirmed, sent_at=now, expires_at=now,
        )  # fmt: skip
        if confirmed:
            application = Application(
                organisation=organisation, entity_id=offer.entity_id, offer=offer, first_name="Contact",
                last_name=str(number), email=email, consent_at=now, consent_text="bench",
                stage=rng.choice(stages), source_channel="introduction",
            )  # fmt: skip
            applications.append(application)
            introduction.application = application
        introductions.append(introduction)
    Application.objects.bulk_create(applications, batch_size=1000)
    for introduction in introductions:
        if introduction.application is not None:
            introduction.application_id = introduction.application.pk
    Introduction.objects.bulk_create(introductions, batch_size=1000)
    return len(introductions)


def _run(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone

    from ambassade.ambassadors.models import Ambassador, PointsEntry
    from ambassade.api.services import api_token_create
    from ambassade.careers.applications import application_move
    from ambassade.careers.models import Application
    from ambassade.referrals.crediting import referral_points_reconcile
    from ambassade.referrals.models import Introduction
    from ambassade.referrals.rules import referral_settings_get

    # The introducers' e-mails are built and handed to a backend that keeps them in memory.
    override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend").enable()
    backend = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    rng = random.Random(args.seed)
    started = time.perf_counter()
    world = base._build(args)
    rules = referral_settings_get(organisation=world.organisation)
    rules.daily_points_cap = 10_000_000  # the whole history credited at once: no hold for the bench
    rules.daily_introductions_limit = 10_000
    rules.save()
    made = _introductions(world, args.introductions, rng)
    built = time.perf_counter() - started
    print(f"social referral benchmark, {backend}: {world.counts['people']:,} staff, "
          f"{world.counts['enrolled']:,} enrolled, {made:,} introductions "
          f"({args.introductions:,} confirmed); built in {built:.1f} s")  # fmt: skip

    reconciled, seconds, queries = base._timed(referral_points_reconcile)
    rows = PointsEntry.objects.filter(reason="introduction").count()
    print(f"  reconcile          {seconds:7.2f} s  {reconciled:,} introductions, {rows:,} points rows, "
          f"{rows / seconds:,.0f} rows/s, {queries:,} queries")  # fmt: skip
    _again, again_seconds, again_queries = base._timed(referral_points_reconcile)
    print(f"  reconcile again    {again_seconds:7.2f} s  {again_queries:,} queries, nothing to write")

    # The hourly job looks only at the last two days: backdate everything, then let 2 % change today.
    long_ago = timezone.now() - timedelta(days=30)
    Introduction.objects.update(updated_at=long_ago, status_changed_at=long_ago)
    Application.objects.update(stage_changed_at=long_ago)
    Ambassador.objects.update(enrolled_at=long_ago)
    recent = list(Application.objects.order_by("?").values_list("pk", flat=True)[: args.introductions // 50])
    Application.objects.filter(pk__in=recent).update(stage_changed_at=timezone.now())
    hourly, hourly_seconds, hourly_queries = base._timed(
        lambda: referral_points_reconcile(since=timezone.now() - timedelta(days=2))
    )
    print(f"  hourly job         {hourly_seconds:7.2f} s  {hourly:,} recently changed introductions, "
          f"{hourly_queries:,} queries")  # fmt: skip

    movable = list(Application.objects.filter(stage__in=["received", "screening"]).order_by("pk")[:200])
    _moved, move_seconds, move_queries = base._timed(
        lambda: [application_move(actor=world.admin, application=a, stage="interview") for a in movable]
    )
    per_move = move_seconds * 1000 / max(1, len(movable))
    print(f"  stage moves        {per_move:7.1f} ms each  {len(movable)} moves to interview, "
          f"{move_queries / max(1, len(movable)):.0f} queries each")  # fmt: skip

    client = Client()
    client.force_login(world.admin)
    _token, raw = api_token_create(user=world.admin, name="bench")
    pages = {
        "dashboard": base._page(client, "/referrals/manage/", args.requests),
        "leaderboard": base._page(client, "/referrals/manage/leaderboard/", args.requests),
        "held_points": base._page(client, "/referrals/manage/held-points/", args.requests),
        "api_introductions": base._page(
            client, "/api/v1/introductions/?limit=100", args.requests, HTTP_AUTHORIZATION=f"Bearer {raw}"
        ),
    }
    for name, page in pages.items():
        print(f"  {name:18} {page['median_ms']:7.1f} ms median ({page['first_ms']} ms first), "
              f"{page['queries']} queries, {page['kb']} kB")  # fmt: skip
    return {
        "backend": backend,
        "people": world.counts["people"],
        "introductions": made,
        "reconcile_seconds": round(seconds, 2),
        "reconcile_rows_per_second": round(rows / seconds),
        "reconcile_again_seconds": round(again_seconds, 2),
        "hourly_job_seconds": round(hourly_seconds, 2),
        "hourly_job_introductions": hourly,
        "stage_move_ms": round(per_move, 1),
        "pages_median_ms": {name: page["median_ms"] for name, page in pages.items()},
    }


if __name__ == "__main__":
    main()
