"""Personal data of the listening app (see ambassade/core/personal_data.py).

Members appear as who created a source, who imported a file and who corrected a label: the export lists
those, erasure leaves the rows without anyone named (the sources keep working; the gold set keeps its
labels).

The authors of mentions are not members or people of the organisation: they are known only by a
name, a handle and a profile address. `services.mention_author_data_export/erase` (and the command
`listening_author_data`) answer their requests; mentions are also deleted after the organisation's
retention and their authors blanked sooner (ListeningSettings).
"""

from __future__ import annotations

from typing import Any

from ambassade.core import personal_data
from ambassade.listening.models import LabelCorrection, MentionImport, Source
from ambassade.orgs.models import Person


def _user_id(person: Person) -> int | None:
    return getattr(getattr(person, "membership", None), "user_id", None)


def _sources_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    rows = Source.objects.filter(created_by_id=user_id).order_by("created_at", "pk")
    return [{"created_source": row.name, "kind": row.kind, "created_at": row.created_at} for row in rows]


def _sources_erase(person: Person) -> int:
    user_id = _user_id(person)
    return Source.objects.filter(created_by_id=user_id).update(created_by=None) if user_id else 0


def _corrections_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    rows = LabelCorrection.objects.filter(corrected_by_id=user_id).order_by("created_at", "pk")
    return [
        {
            "corrected_label": row.task,
            "label": row.label,
            "previous": row.previous,
            "created_at": row.created_at,
        }
        for row in rows
    ]


def _corrections_erase(person: Person) -> int:
    user_id = _user_id(person)
    return LabelCorrection.objects.filter(corrected_by_id=user_id).update(corrected_by=None) if user_id else 0


def _imports_export(person: Person) -> list[dict[str, Any]]:
    user_id = _user_id(person)
    if user_id is None:
        return []
    rows = MentionImport.objects.filter(created_by_id=user_id).order_by("created_at", "pk")
    return [
        {
            "imported_file": row.filename,
            "kind": row.kind,
            "source_name": row.source_name,
            "status": row.status,
            "created_at": row.created_at,
        }
        for row in rows
    ]


def _imports_erase(person: Person) -> int:
    user_id = _user_id(person)
    return MentionImport.objects.filter(created_by_id=user_id).update(created_by=None) if user_id else 0


# Before the membership (900) whose user they point to.
personal_data.register(Source, export=_sources_export, erase=_sources_erase, order=60)
personal_data.register(LabelCorrection, export=_corrections_export, erase=_corrections_erase, order=60)
personal_data.register(MentionImport, export=_imports_export, erase=_imports_erase, order=60)
