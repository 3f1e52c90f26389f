"""Personal data of the introductions (see ambassade/core/personal_data.py).

The introducer is a Person: their export lists the introductions they made (offer, date, status); their
erasure unlinks them (introducer set to NULL) and empties the few words they wrote about how they know
the contact. The contact's data is not theirs: it stays, following its own retention.

The contact is a candidate, not a Person: found by e-mail address, their introductions are exported and
erased with their applications (careers' candidate_data_export / candidate_data_erase, through
`candidate_data_holders`). The do-not-introduce list holds only a keyed hash of an address, kept at the
person's own request.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from ambassade.careers.applications import CandidateDataHolder, candidate_data_holders
from ambassade.core import personal_data
from ambassade.orgs.models import Membership, Person
from ambassade.referrals.introductions import contact_data_erase, contact_data_export
from ambassade.referrals.models import DoNotIntroduce, Introduction


def _made_export(person: Person) -> list[dict[str, Any]]:
    made = Introduction.objects.filter(introducer=person).select_related("offer").order_by("created_at", "pk")
    return [
        {
            "offer": introduction.offer.reference if introduction.offer else None,
            "created_at": introduction.created_at.isoformat(),
            "via": introduction.via,
            "status": introduction.status,
            "relationship": introduction.relationship,
            "relationship_note": introduction.relationship_note,
            "credited": introduction.credited,
        }
        for introduction in made
    ]


def _user_id(person: Person) -> int | None:
    return Membership.objects.filter(person=person).values_list("user_id", flat=True).first()


def _made_erase(person: Person) -> int:
    count = Introduction.objects.filter(introducer=person).update(introducer=None, relationship_note="")
    user_id = _user_id(person)
    if user_id is not None:  # the introductions they thanked others for keep the thanks, not the name
        count += Introduction.objects.filter(Q(thanked_by_id=user_id)).update(thanked_by=None)
    return count


# Before the account (900) and the person record (1000).
personal_data.register(Introduction, export=_made_export, erase=_made_erase, order=55)
personal_data.exempt(
    DoNotIntroduce,
    reason="A keyed hash of an address, with no link to anyone; kept at the person's own request.",
)
_holder = CandidateDataHolder(export=contact_data_export, erase=contact_data_erase)
if _holder not in candidate_data_holders:
    candidate_data_holders.append(_holder)
