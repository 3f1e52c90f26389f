"""python manage.py enrich_texts FILE [--tasks lang,sentiment,intent,theme] [--tier full] [--output F]"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from ambassade.listening import nlp

TASKS = ("lang", "sentiment", "intent", "theme", "keywords")
BATCH = 64


def _bilingual(english: str, french: str) -> str:
    return f"{english} / {french}"


class Command(BaseCommand):
    help = (
        "Enrich texts as the listening pipeline does: one text per line of a UTF-8 file in, one JSON object "
        "per line out, in the same order."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="UTF-8 text file, one text per line")
        parser.add_argument(
            "--tasks",
            default="lang,sentiment,intent,theme",
            help=f"comma-separated among {', '.join(TASKS)} (default: lang,sentiment,intent,theme)",
        )
        parser.add_argument(
            "--tier",
            choices=nlp.TIERS,
            default="full",
            help="full (embeddings and heads, default) or immediate (rules only)",
        )
        parser.add_argument(
            "--output", help="write the JSON lines to this file instead of the standard output"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tasks = self._tasks(options["tasks"])
        texts = self._read(Path(options["file"]))
        output: TextIO = sys.stdout
        if options["output"]:
            try:
                output = Path(options["output"]).open("w", encoding="utf-8")  # noqa: SIM115
            except OSError as error:
                raise CommandError(
                    _bilingual(
                        f"Cannot write {options['output']}: {error.strerror}.",
                        f"Impossible d'écrire {options['output']} : {error.strerror}.",
                    )
                ) from error
        try:
            self._enrich(texts, tasks=tasks, tier=options["tier"], output=output)
        finally:
            if output is not sys.stdout:
                output.close()

    def _tasks(self, value: str) -> list[str]:
        tasks = [task.strip() for task in value.split(",") if task.strip()]
        unknown = [task for task in tasks if task not in TASKS]
        if unknown or not tasks:
            raise CommandError(
                _bilingual(
                    f"--tasks: unknown task {', '.join(unknown) or '(none)'}; "
                    f"choose among {', '.join(TASKS)}.",
                    f"--tasks : tâche inconnue {', '.join(unknown) or '(aucune)'} ; "
                    f"choisir parmi {', '.join(TASKS)}.",
                )
            )
        return tasks

    def _read(self, path: Path) -> list[str]:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _bilingual(
                    f"Cannot read {path}: {error.strerror}.", f"Impossible de lire {path} : {error.strerror}."
                )
            ) from error
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise CommandError(
                _bilingual(
                    f"{path}, line {line}: not UTF-8 text; save the file as UTF-8.",
                    f"{path}, ligne {line} : texte non UTF-8 ; enregistrez le fichier en UTF-8.",
                )
            ) from None
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return [line.rstrip("\r") for line in lines]

    def _enrich(self, texts: list[str], *, tasks: list[str], tier: str, output: TextIO) -> None:
        with tqdm(total=len(texts), unit="text", file=sys.stderr, disable=None) as progress:
            for start in range(0, len(texts), BATCH):
                batch = texts[start : start + BATCH]
                if tier == "full":
                    enriched, _embeddings = nlp.enrich_full(batch)
                else:
                    enriched = nlp.enrich_immediate(batch)
                for item in enriched:
                    output.write(json.dumps(_record(item, tasks), ensure_ascii=False) + "\n")
                progress.update(len(batch))
        output.flush()


def _record(item: nlp.Enrichment, tasks: list[str]) -> dict[str, object]:
    record: dict[str, object] = {}
    if "lang" in tasks:
        record["lang"] = item.lang
    if "sentiment" in tasks:
        record["sentiment"] = item.sentiment
    if "intent" in tasks:
        record["intent"] = item.intent
        record["is_question"] = item.is_question
    if "theme" in tasks:
        record["themes"] = item.themes
        record["keywords"] = item.keywords
    if "keywords" in tasks:
        record["keywords"] = item.keywords
    return record
