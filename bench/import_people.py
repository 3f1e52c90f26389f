"""How long the HR people import takes: preview, apply, and re-import of the same file.

    .venv/bin/python bench/import_people.py [--rows 10000]

Runs against a throw-away SQLite database in a temporary directory (migrated first), with a generated
Windows-1252 export separated by semicolons, as French HR systems produce. Prints the figures, then, as
the last line, one JSON object with them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_NAMES = [
    "Françoise",
    "Loïc",
    "Cœur",
    "Zoé",
    "Noémie",
    "Théo",
    "Inès",
    "Jean-Noël",
    "Aurélie",
    "Éric",
    "Léa",
    "Hélène",
    "Maëlle",
    "Émile",
]
LAST_NAMES = [
    "Lefèvre",
    "Garçon",
    "Marché",
    "D'Arcy",
    "Roux",
    "Faure",
    "Lambert",
    "Bénard",
    "Chevalier",
    "Müller",
    "Nguyen",
    "Perrin",
    "Rivière",
]
JOBS = [
    "Chargé de mission",
    "Contrôleuse de gestion (budget 2 M€)",
    "Responsable communication",
    "Chef de projet œuvres & événements",
    "Développeur",
    "Technicien",
]
AUDIENCES = ["Direction générale", "Directeurs", "Encadrants", "Agents"]
ENTITIES = [("siege", "Siège"), ("nord", "Filiale Nord"), ("sud", "Filiale Sud")]
DEPARTMENTS_PER_ENTITY = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ambassade-bench-") as directory:
        _setup_django(Path(directory))
        figures = _run(args.rows)
    print(json.dumps(figures))


def _setup_django(directory: Path) -> None:
    os.environ["DATA_DIR"] = str(directory)
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["TASKS_MODE"] = "sync"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _organisation():  # type: ignore[no-untyped-def]
    from ambassade.orgs.models import Audience, Department, Entity, Organisation

    organisation = Organisation.objects.create(name="Bench", slug="bench")
    for position, name in enumerate(AUDIENCES):
        Audience.objects.create(
            organisation=organisation, name=name, slug=f"audience-{position}", position=position
        )
    for slug, name in ENTITIES:
        entity = Entity.objects.create(organisation=organisation, name=name, slug=slug)
        for number in range(DEPARTMENTS_PER_ENTITY):
            department = Department.objects.create(
                organisation=organisation,
                entity=entity,
                name=f"Service {number} {name}",
                code=f"{slug.upper()}{number:02d}",
            )
            Department.objects.filter(pk=department.pk).update(path=f"/{department.pk}/")
    return organisation


def _export(rows: int, seed: int = 42) -> bytes:
    generator = random.Random(seed)
    lines = ["Matricule;Nom;Prénom;Courriel;Entité;Code service;Public;Matricule manager;Poste;Date d'entrée"]
    for number in range(rows):
        slug, _name = ENTITIES[number % len(ENTITIES)]
        first, last = generator.choice(FIRST_NAMES), generator.choice(LAST_NAMES)
        # Most managers come earlier in the file; some later (HR exports are not sorted by hierarchy).
        manager = f"E{generator.randrange(number):06d}" if number > 10 else ""
        if number % 97 == 5 and number + 20 < rows:
            manager = f"E{number + 17:06d}"
        department = f"{slug.upper()}{generator.randrange(DEPARTMENTS_PER_ENTITY):02d}"
        started = (
            f"{generator.randint(1, 28):02d}/{generator.randint(1, 12):02d}/{generator.randint(1990, 2024)}"
        )
        email = f"p{number}@exemple.fr"
        lines.append(f"E{number:06d};{last};{first};{email};{slug};{department};{generator.choice(AUDIENCES)};"
                     f"{manager};{generator.choice(JOBS)};{started}")  # fmt: skip
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _timed_import(organisation, data: bytes, label: str) -> tuple[float, float, dict]:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ambassade.orgs.importing import people_import_apply, people_import_create, people_import_preview
    from ambassade.orgs.models import PeopleImport

    upload = SimpleUploadedFile(f"{label}.csv", data)
    people_import = people_import_create(
        actor=None, organisation=organisation, upload=upload, queue_preview=False
    )
    started = time.perf_counter()
    people_import_preview(import_id=people_import.pk)
    preview = time.perf_counter() - started
    started = time.perf_counter()
    people_import_apply(import_id=people_import.pk)
    apply = time.perf_counter() - started
    people_import = PeopleImport.objects.get(pk=people_import.pk)
    if people_import.status != PeopleImport.Status.APPLIED:
        raise SystemExit(f"{label}: the import ended {people_import.status}: {people_import.errors[:3]}")
    return preview, apply, people_import.summary["counts"]


def _run(rows: int) -> dict[str, float | int]:
    from ambassade.orgs.models import Person

    organisation = _organisation()
    data = _export(rows)
    print(
        f"people import benchmark: {rows} rows, {len(data) / 1024 / 1024:.1f} MB (Windows-1252, ';'), SQLite"
    )
    preview, apply, counts = _timed_import(organisation, data, "first")
    print(f"  first import    preview {preview:6.2f} s   apply {apply:6.2f} s   {counts}")
    again_preview, again_apply, again = _timed_import(organisation, data, "again")
    print(f"  same file again preview {again_preview:6.2f} s   apply {again_apply:6.2f} s   {again}")
    changed = data.replace("Développeur".encode("cp1252"), "Développeuse".encode("cp1252"))
    update_preview, update_apply, updated = _timed_import(organisation, changed, "changed")
    print(f"  some jobs renamed preview {update_preview:6.2f} s   apply {update_apply:6.2f} s   {updated}")
    assert Person.objects.count() == rows and again["created"] == again["updated"] == 0
    total = preview + apply
    print(f"  {rows / total:,.0f} rows per second for a first import (preview + apply)")
    return {
        "rows": rows,
        "preview_seconds": round(preview, 3),
        "apply_seconds": round(apply, 3),
        "reimport_seconds": round(again_preview + again_apply, 3),
        "update_seconds": round(update_preview + update_apply, 3),
        "updated_rows": updated["updated"],
        "rows_per_second": round(rows / total, 1),
    }


if __name__ == "__main__":
    main()
