"""`python manage.py review_report --from YYYY-MM-DD --to YYYY-MM-DD --output FILE.pdf [--entity SLUG]
[--lang fr|en] [--organisation SLUG]`: write the review to a PDF file (or an HTML file when FILE ends in
.html), with a progress bar on stderr. Errors name the parameter and exit non-zero."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from ambassade.orgs.models import Entity, Organisation
from ambassade.reviews.render import PdfUnavailable
from ambassade.reviews.services import organisation_today, review_files, review_period_check

OPTIONS = {"from": "--from", "to": "--to", "entity": "--entity", "language": "--lang"}


class Command(BaseCommand):
    help = "Write the review (bilan) of a period to a PDF or HTML file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="Last day, YYYY-MM-DD.")
        parser.add_argument("--output", required=True, help="The file to write: .pdf, or .html for HTML.")
        parser.add_argument("--entity", default="", help="Only this entity (its short name).")
        parser.add_argument("--lang", default="", help="fr or en (default: the organisation's language).")
        parser.add_argument(
            "--organisation",
            default="",
            help="The organisation's short name (required when there are several).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start = self._day(options["start"], "--from")
        end = self._day(options["end"], "--to")
        if options["lang"] and options["lang"] not in ("fr", "en"):
            raise CommandError(
                _("--lang must be “fr” or “en”, not “%(value)s”.") % {"value": options["lang"]}
            )
        output = Path(options["output"])
        suffix = output.suffix.lower()
        if suffix not in (".pdf", ".html", ".htm"):
            raise CommandError(_("--output must end in .pdf or .html."))
        if not output.parent.is_dir():
            raise CommandError(
                _("--output: the folder “%(folder)s” does not exist.") % {"folder": output.parent}
            )
        organisation = self._organisation(options["organisation"])
        language = options["lang"] or organisation.default_language or "fr"
        try:
            review_period_check(start=start, end=end, today=organisation_today(organisation))
        except ValidationError as error:
            raise CommandError(self._named(error)) from error
        entity = None
        if options["entity"]:
            entity = Entity.objects.filter(organisation=organisation, slug=options["entity"]).first()
            if entity is None:
                raise CommandError(
                    _("--entity: %(organisation)s has no entity “%(slug)s”.")
                    % {"organisation": organisation.slug, "slug": options["entity"]}
                )
        with tqdm(total=100, file=self.stderr, unit="%", desc=_("Review")) as bar:

            def progress(percent: int, step: str) -> None:
                bar.set_postfix_str(str(step)[:40])
                bar.update(max(0, percent - bar.n))

            try:
                files = review_files(
                    organisation=organisation,
                    entity=entity,
                    start=start,
                    end=end,
                    language=language,
                    progress=progress,
                    pdf=suffix == ".pdf",
                )
            except PdfUnavailable as error:
                raise CommandError(
                    _("%(error)s Or write the review as HTML: --output FILE.html.") % {"error": error}
                ) from error
            bar.update(100 - bar.n)
        try:
            if files.pdf is not None:
                output.write_bytes(files.pdf)
            else:
                output.write_text(files.html, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("--output: cannot write “%(path)s” (%(error)s).") % {"path": output, "error": error}
            ) from error
        self.stdout.write(str(output))

    def _organisation(self, slug: str) -> Organisation:
        if slug:
            found = Organisation.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(_("--organisation: there is no organisation “%(slug)s”.") % {"slug": slug})
            return found
        organisations = list(Organisation.objects.order_by("pk")[:2])
        if not organisations:
            raise CommandError(_("There is no organisation yet."))
        if len(organisations) > 1:
            raise CommandError(_("--organisation is required: there are several organisations."))
        return organisations[0]

    @staticmethod
    def _day(value: str, option: str) -> date:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise CommandError(
                _("%(option)s must be a date written YYYY-MM-DD, not “%(value)s”.")
                % {"option": option, "value": value}
            ) from None

    @staticmethod
    def _named(error: ValidationError) -> str:
        return " ".join(
            f"{OPTIONS.get(name, name)}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        )
