"""How the network features hold up: reading a large Connections.csv, and the programme's figures.

    .venv/bin/python bench/network.py [--lines 30000] [--ambassadors 2000] [--connections 500]
                                      [--backend sqlite|postgresql]

1. Parse and hash a generated LinkedIn Connections.csv of --lines connections (notes, BOM, quoted
   fields), in memory, then store it (hashes and snapshot) for one ambassador: both timed.
2. Build --ambassadors enrolled ambassadors in 3 entities × 16 departments, each with --connections
   connections drawn from pools (their department's, their entity's, everyone's: colleagues overlap), and
   insert their hashes in bulk (timed). Then time the distinct reach in SQL (`programme_network_figures`)
   and the network page's data for an HR admin (`network_overview`), counting SQL queries: its first
   load (no figures yet: the pass over the hashes is queued, the page shows a progress bar), the
   background pass itself (what the task `network_figures_compute` does: distinct reach, department
   overlap matrix, common connections between the graph's nodes), the page once the figures are stored
   (interaction graph and betweenness included), and the page right after one more upload (the last
   figures, shown as "being updated"); last, one ambassador's own figures (`my_network`).
SQLite runs in a throw-away database in a temporary directory (migrated first); with --backend postgresql
a database `ambassade_bench_network` is created on the server BENCH_POSTGRES_URL names (default
postgres://postgres@127.0.0.1:5432/postgres), then dropped. Prints the figures, then, as the last line,
one JSON object with them.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from benchdb import bench_database

POSTGRES_DATABASE = "ambassade_bench_network"
DEPARTMENTS_PER_ENTITY = 16
POSITIONS = [
    "Software Engineer", "Chargée de recrutement", "Directeur général", "Chef de projet", "Étudiant",
    "Key Account Manager", "Attaché territorial", "Consultant", "Responsable RH", "Data Analyst",
]  # fmt: skip
COMPANIES = [f"Entreprise {index}, SA" for index in range(300)]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
POOLS = {"department": (2000, 0.35), "entity": (8000, 0.25), "everyone": (200_000, 0.40)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=30_000, help="connections in the CSV file (30000)")
    parser.add_argument("--ambassadors", type=int, default=2000, help="ambassadors who uploaded (2000)")
    parser.add_argument("--connections", type=int, default=500, help="connections each (500)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    with bench_database(args.backend, POSTGRES_DATABASE):
        figures = _run(args)
    print(json.dumps(figures))


def connections_file(lines: int, rng: random.Random) -> bytes:
    buffer = io.StringIO()
    buffer.write('\ufeffNotes:\n"When exporting your connection data, you may notice that some of the email ')
    buffer.write('addresses are missing."\n\n')
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for number in range(lines):
        writer.writerow(
            [
                f"Prénom{number}",
                f"Nom {number}",
                f"https://www.linkedin.com/in/prenom-nom-{number:06d}",
                f"p{number}@example.org" if number % 7 == 0 else "",
                rng.choice(COMPANIES),
                rng.choice(POSITIONS),
                f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2008, 2026)}",
            ]
        )
    return buffer.getvalue().encode()


@contextmanager
def patch_on_commit(queued: list[Any]) -> Iterator[None]:
    """Keep the tasks queued on commit instead of starting their threads (the bench runs them itself)."""
    from unittest import mock

    with mock.patch(
        "django.db.transaction.on_commit", side_effect=lambda callback, *a, **k: queued.append(callback)
    ):
        yield


def _run(args: argparse.Namespace) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from ambassade.ambassadors.models import Ambassador
    from ambassade.network.connections import connections_parse, organisation_key
    from ambassade.network.selectors import network_overview, programme_network_figures
    from ambassade.network.services import hashes_insert, network_store
    from ambassade.orgs.models import Department, Entity, Membership, Organisation, Person
    from ambassade.orgs.roles import Role

    rng = random.Random(args.seed)
    figures: dict[str, Any] = {"backend": args.backend, "lines": args.lines}

    # 1. One large file.
    data = connections_file(args.lines, rng)
    organisation = Organisation.objects.create(name="Bench", slug="bench")
    started = time.perf_counter()
    parsed = connections_parse(data, organisation_id=organisation.pk)
    figures["parse_hash_seconds"] = round(time.perf_counter() - started, 3)
    figures["file_megabytes"] = round(len(data) / 1024 / 1024, 2)
    assert parsed.connections == args.lines == len(parsed.digests)

    entities = [
        Entity.objects.create(organisation=organisation, name=f"Entité {index}", slug=f"e{index}")
        for index in range(3)
    ]
    departments = []
    for entity in entities:
        for index in range(DEPARTMENTS_PER_ENTITY):
            department = Department.objects.create(
                organisation=organisation, entity=entity, name=f"{entity.name} · service {index}"
            )
            department.path = f"/{department.pk}/"
            department.save(update_fields=["path"])
            departments.append(department)
    people = Person.objects.bulk_create(
        Person(
            organisation=organisation,
            hr_id=f"B{index:06d}",
            first_name=f"Prénom{index}",
            last_name="Bench",
            entity_id=department.entity_id,
            department=department,
        )
        for index in range(args.ambassadors + 1)
        for department in [departments[index % len(departments)]]
    )
    now = timezone.now()
    ambassadors = Ambassador.objects.bulk_create(
        Ambassador(
            organisation=organisation,
            person=person,
            status=Ambassador.Status.ENROLLED,
            enrolled_at=now,
            show_name_in_network=rng.random() < 0.2,
        )
        for person in people
    )
    from django.conf import settings

    settings.TASKS_MODE = "thread"  # as in production; the queued tasks are run (and timed) by the bench
    queued: list[Any] = []
    started = time.perf_counter()
    with transaction.atomic(), patch_on_commit(queued):
        network_store(actor=None, ambassador=ambassadors[-1], parsed=parsed)
    figures["store_one_file_seconds"] = round(time.perf_counter() - started, 3)
    ambassadors[-1].delete()  # the 2,000 below are the programme measured

    # 2. The programme: hashes in bulk.
    import hashlib
    import hmac

    base = hmac.new(organisation_key(organisation.pk), digestmod=hashlib.sha256)
    offsets: dict[tuple[str, int], int] = {}

    def rows() -> Any:
        for ambassador, person in zip(ambassadors[:-1], people[:-1], strict=True):
            contacts: set[int] = set()
            for pool, (size, share) in POOLS.items():
                owner = {"department": person.department_id, "entity": person.entity_id, "everyone": 0}[pool]
                start = offsets.setdefault((pool, owner), 10_000_000 * len(offsets))
                contacts.update(start + rng.randrange(size) for _draw in range(int(args.connections * share)))
            while len(contacts) < args.connections:
                contacts.add(start + rng.randrange(size))
            for contact in contacts:
                keyed = base.copy()
                keyed.update(f"linkedin.com/in/bench-{contact}".encode())
                yield (organisation.pk, ambassador.pk, keyed.digest())

    started = time.perf_counter()
    with transaction.atomic():
        inserted = hashes_insert(rows())
        from ambassade.network.models import NetworkSnapshot

        NetworkSnapshot.objects.bulk_create(
            NetworkSnapshot(
                organisation=organisation,
                ambassador=ambassador,
                uploaded_at=now,
                connections=args.connections,
                hashes=args.connections,
            )
            for ambassador in ambassadors[:-1]
        )
    figures["hashes"] = inserted
    figures["generate_and_insert_seconds"] = round(time.perf_counter() - started, 2)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    started = time.perf_counter()
    totals = programme_network_figures(organisation=organisation)
    figures["distinct_reach_seconds"] = round(time.perf_counter() - started, 3)
    figures["connections_total"] = totals.connections
    figures["distinct_reach"] = totals.distinct
    figures["overlap_percent"] = totals.overlap_percent

    user = get_user_model().objects.create_user(username="bench-admin")
    membership = Membership.objects.create(user=user, organisation=organisation, role=Role.HR_ADMIN)
    # The page never makes the pass over the hashes: with tasks in the background, the first load finds no
    # figures yet, queues their computation and shows a progress bar.
    from ambassade.network.figures import figures_compute_now

    with CaptureQueriesContext(connection) as queries, patch_on_commit(queued):
        started = time.perf_counter()
        first = network_overview(membership=membership)
        figures["overview_first_load_seconds"] = round(time.perf_counter() - started, 3)
    figures["overview_first_load_state"] = first.state
    figures["overview_first_load_queries"] = len(queries.captured_queries)
    started = time.perf_counter()
    figures_compute_now(organisation_id=organisation.pk)  # what the queued task does
    figures["background_pass_seconds"] = round(time.perf_counter() - started, 2)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        overview = network_overview(membership=membership)
        figures["overview_seconds"] = round(time.perf_counter() - started, 3)
    figures["overview_state"] = overview.state
    figures["overview_queries"] = len(queries.captured_queries)
    # An ambassador's own page: how many of their connections colleagues also have (one SQL count).
    from ambassade.network.selectors import my_network

    started = time.perf_counter()
    mine = my_network(ambassador=ambassadors[0])
    figures["my_network_seconds"] = round(time.perf_counter() - started, 3)
    figures["my_network_shared"] = mine.shared_with_colleagues
    # After one more upload: the last figures are shown at once ("being updated"), a new pass is queued.
    with transaction.atomic(), patch_on_commit(queued):
        network_store(actor=None, ambassador=ambassadors[0], parsed=parsed)
    with patch_on_commit(queued):
        started = time.perf_counter()
        updating = network_overview(membership=membership)
        figures["overview_after_upload_seconds"] = round(time.perf_counter() - started, 3)
    figures["overview_after_upload_state"] = updating.state
    figures["graph_nodes"] = len(overview.nodes)
    figures["graph_links"] = len(overview.edges)
    figures["matrix_groups"] = len(overview.matrix.labels)
    assert overview.figures.distinct == totals.distinct

    for name, value in figures.items():
        print(f"{name}: {value}")
    return figures


if __name__ == "__main__":
    main()
