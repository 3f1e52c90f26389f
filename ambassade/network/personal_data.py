"""Personal data of the network app (see ambassade/core/personal_data.py).

The export gives the counts and the number of hashes kept, never the hashes themselves (they are only
meaningful with the organisation's key, and listing them would add nothing the person can read).
Erasure deletes everything, before the ambassador record (order 700) it hangs on.
"""

from __future__ import annotations

from typing import Any

from ambassade.core import personal_data
from ambassade.network.figures import figures_request
from ambassade.network.models import ConnectionHash, NetworkConsent, NetworkFigures, NetworkSnapshot
from ambassade.orgs.models import Person


def _consent_export(person: Person) -> list[dict[str, Any]]:
    rows = NetworkConsent.objects.filter(ambassador__person=person).values(
        "text_version", "language", "given_at"
    )
    return [dict(row) for row in rows]


def _snapshot_export(person: Person) -> list[dict[str, Any]]:
    rows = NetworkSnapshot.objects.filter(ambassador__person=person).values(
        "uploaded_at", "connections", "hashes", "by_company", "by_category", "by_year"
    )
    return [dict(row) for row in rows]


def _hashes_export(person: Person) -> list[dict[str, Any]]:
    count = ConnectionHash.objects.filter(ambassador__person=person).count()
    return [{"keyed_hashes_of_connections": count}] if count else []


def _erase(model: Any) -> Any:
    def erase(person: Person) -> int:
        deleted = int(model.objects.filter(ambassador__person=person).delete()[0])
        if deleted and model is ConnectionHash:
            # The stored figures were computed with these hashes: computed again without them.
            figures_request(organisation_id=person.organisation_id)
        return deleted

    return erase


personal_data.register(NetworkConsent, export=_consent_export, erase=_erase(NetworkConsent), order=600)
personal_data.register(NetworkSnapshot, export=_snapshot_export, erase=_erase(NetworkSnapshot), order=600)
personal_data.register(ConnectionHash, export=_hashes_export, erase=_erase(ConnectionHash), order=600)
personal_data.exempt(
    NetworkFigures,
    reason="Counts between department groups and opted-in named ambassadors, computed again after every "
    "upload, withdrawal or erasure.",
)
