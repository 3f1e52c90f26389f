"""python manage.py import_people FILE [--dry-run] [--entity SLUG] [--partial] [--organisation SLUG]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from ambassade.orgs import importing
from ambassade.orgs.models import Entity, Organisation, PeopleImport


class Command(BaseCommand):
    help = (
        "Import people from an HR export (CSV or XLSX): check every row, then apply all the changes at once. "
        "Nothing is written when the file has errors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the HR export, CSV (UTF-8 or Windows-1252) or XLSX")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--entity", metavar="SLUG", help="limit the import (and deactivations) to one entity"
        )
        parser.add_argument(
            "--partial", action="store_true", help="do not deactivate people missing from the file"
        )
        parser.add_argument(
            "--organisation", metavar="SLUG", help="needed when there are several organisations"
        )
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            help="language of the messages (default: the site's)")  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            self._import(**options)

    def _import(self, *, file: str, dry_run: bool, entity: str | None, partial: bool, **options: Any) -> None:
        organisation = self._organisation(options["organisation"])
        scope = self._entity(organisation, entity)
        path, data = self._read(file)
        if dry_run:
            with self._progress(_("Checking")) as progress:
                plan = importing.people_import_plan(
                    organisation=organisation,
                    data=data,
                    filename=path.name,
                    entity=scope,
                    full=not partial,
                    progress=progress,
                )
            self._report(plan, applied=False)
            self._stop_on_errors([issue.text for issue in plan.issues])
            self.stdout.write(_("Dry run: nothing was written."))
            return
        people_import = importing.people_import_create(
            actor=None, organisation=organisation, upload=ContentFile(data, name=path.name), entity=scope,
            full=not partial, queue_preview=False,
        )  # fmt: skip
        self._apply(people_import)

    def _apply(self, people_import: PeopleImport) -> None:
        with self._progress(_("Checking")) as progress:
            plan = importing.people_import_preview(import_id=people_import.pk, progress=progress)
        if plan is None or plan.issues:
            self._stop_after(people_import)
        with self._progress(_("Applying")) as progress:
            plan = importing.people_import_apply(import_id=people_import.pk, progress=progress)
        if plan is None:
            self._stop_after(people_import)
        assert plan is not None
        self._report(plan, applied=True)

    def _stop_after(self, people_import: PeopleImport) -> None:
        people_import.refresh_from_db()
        summary = people_import.summary or {}
        if summary.get("counts"):
            self._report_counts(summary["counts"], applied=False)
        lines = [importing.record_text(record) for record in people_import.errors]
        if summary.get("failure"):
            lines.append(importing.record_message(summary["failure"]))
        self._stop_on_errors(lines or [people_import.get_status_display()])

    def _organisation(self, slug: str | None) -> Organisation:
        organisations = Organisation.objects.order_by("slug")
        if slug:
            found = organisations.filter(slug=slug).first()
            if found is None:
                raise CommandError(_('No organisation has the short name "%(slug)s".') % {"slug": slug})
            return found
        known = list(organisations[:2])
        if not known:
            raise CommandError(_("There is no organisation yet: create one first."))
        if len(known) > 1:
            slugs = ", ".join(organisations.values_list("slug", flat=True))
            message = _("There are several organisations: choose one with --organisation (%(slugs)s).")
            raise CommandError(message % {"slugs": slugs})
        return known[0]

    def _entity(self, organisation: Organisation, slug: str | None) -> Entity | None:
        if not slug:
            return None
        found = Entity.objects.filter(organisation=organisation, slug=slug).first()
        if found is None:
            slugs = ", ".join(organisation.entities.order_by("slug").values_list("slug", flat=True))
            message = _('No entity has the short name "%(slug)s". Known entities: %(slugs)s.')
            raise CommandError(message % {"slug": slug, "slugs": slugs})
        return found

    def _read(self, name: str) -> tuple[Path, bytes]:
        path = Path(name)
        if not path.is_file():
            raise CommandError(_('The file "%(name)s" does not exist.') % {"name": name})
        if path.stat().st_size > settings.IMPORT_MAX_BYTES:
            limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
            raise CommandError(_("The file is too large: the maximum is %(max)s MB.") % {"max": limit})
        return path, path.read_bytes()

    def _progress(self, label: str) -> _ProgressBar:
        return _ProgressBar(label, getattr(self.stderr, "_out", self.stderr))

    def _report(self, plan: importing.ImportPlan, *, applied: bool) -> None:
        if plan.encoding or plan.delimiter:
            shown = {"encoding": plan.encoding or "—", "delimiter": plan.delimiter or "—"}
            self.stdout.write(_("Read as %(encoding)s, separated by “%(delimiter)s”.") % shown)
        for warning in plan.warnings:
            self.stdout.write(_("Warning: %(message)s") % {"message": warning.text})
        self._report_counts(plan.counts, applied=applied)

    def _report_counts(self, counts: dict[str, int], *, applied: bool) -> None:
        labels = [
            ("rows", _("Rows read")),
            ("created", _("Created") if applied else _("To create")),
            ("updated", _("Updated") if applied else _("To update")),
            ("unchanged", _("Unchanged")),
            ("deactivated", _("Deactivated") if applied else _("To deactivate")),
            ("errors", _("Errors")),
        ]
        for key, label in labels:
            line = f"{label}: {counts.get(key, 0)}"
            if key == "updated" and counts.get("reactivated"):
                line += " " + _("(%(count)s reactivated)") % {"count": counts["reactivated"]}
            self.stdout.write(line)

    def _stop_on_errors(self, lines: list[str]) -> None:
        if not lines:
            return
        for line in lines:
            self.stderr.write(line)
        raise CommandError(_("The file has errors: nothing was written."))


class _ProgressBar:
    """A tqdm bar fed by the import's progress callback (done, total), drawn once the total is known."""

    def __init__(self, label: str, stream: Any) -> None:
        self.label = label
        self.stream = stream
        self.bar: tqdm[Any] | None = None

    def __enter__(self) -> importing.ProgressCallback:
        return self.update

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = tqdm(total=total, desc=self.label, unit=_("rows"), file=self.stream, leave=False)
        self.bar.update(done - self.bar.n)
