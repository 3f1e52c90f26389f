"""How long the demo organisation's yearly review takes: its figures, its HTML, its PDF.

    .venv/bin/python bench/review.py [--runs 3] [--lang fr|en]

Loads the demo (`load_demo`) into a throw-away SQLite database in a temporary directory, then, for the
last twelve months of the demo organisation, times (median of --runs runs after a warm-up run):
reading every section (`review_build`), rendering the self-contained HTML (`review_html`) and rendering
the PDF with WeasyPrint (`review_pdf`), and reports the sizes and page count. Prints the figures, then,
as the last line, one JSON object with them.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


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


def _timed(function: Any, runs: int) -> tuple[float, Any]:
    function()  # warm-up: templates, fonts
    durations, result = [], None
    for _run in range(runs):
        started = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - started)
    return round(statistics.median(durations), 3), result


def _run(args: argparse.Namespace) -> dict[str, Any]:
    from pypdf import PdfReader

    from ambassade.demo.generate import demo_load
    from ambassade.reviews.content import review_build
    from ambassade.reviews.render import review_html, review_pdf
    from ambassade.reviews.services import default_period, organisation_today

    started = time.perf_counter()
    organisation = demo_load().organisation
    load_seconds = round(time.perf_counter() - started, 1)
    start, end = default_period(organisation_today(organisation))

    def build() -> Any:
        return review_build(organisation=organisation, entity=None, start=start, end=end, language=args.lang)

    figures_seconds, document = _timed(build, args.runs)
    html_seconds, html = _timed(lambda: review_html(document), args.runs)
    pdf_seconds, pdf = _timed(lambda: review_pdf(html), args.runs)
    return {
        "demo_load_seconds": load_seconds,
        "period": f"{start}..{end}",
        "language": args.lang,
        "sections": [section.key for section in document.sections],
        "figures_seconds": figures_seconds,
        "html_render_seconds": html_seconds,
        "html_seconds": round(figures_seconds + html_seconds, 3),
        "pdf_render_seconds": pdf_seconds,
        "pdf_seconds": round(figures_seconds + html_seconds + pdf_seconds, 3),
        "html_kb": round(len(html.encode()) / 1024, 1),
        "pdf_kb": round(len(pdf) / 1024, 1),
        "pdf_pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "runs": args.runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", choices=["fr", "en"], default="fr")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ambassade-bench-") as directory:
        _setup_django(Path(directory))
        figures = _run(args)
    for key, value in figures.items():
        print(f"{key}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
