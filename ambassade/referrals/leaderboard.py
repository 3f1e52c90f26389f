"""The introductions leaderboard: opt-in, like the programme's (ambassadors/recognition.py).

Only enrolled ambassadors who chose to appear (Ambassador.leaderboard_opt_in) are listed, with the
credited introductions their contacts confirmed in the period and, of those, the hires. No total for the
organisation is shown: with it, the people not listed could be worked out by subtraction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ambassade.ambassadors.models import Ambassador
from ambassade.ambassadors.recognition import DEFAULT_PERIOD, period_start
from ambassade.careers.models import Application
from ambassade.orgs.models import Organisation
from ambassade.referrals.models import Introduction


@dataclass(frozen=True)
class IntroductionLeaderRow:
    rank: int
    ambassador_id: int
    name: str
    department: str
    introductions: int  # credited, confirmed by the contact
    hires: int


def introduction_leaderboard(
    *, organisation: Organisation, period: str = DEFAULT_PERIOD, limit: int = 100
) -> list[IntroductionLeaderRow]:
    opted_in = list(
        Ambassador.objects.filter(
            organisation=organisation,
            status=Ambassador.Status.ENROLLED,
            leaderboard_opt_in=True,
            person__is_active=True,
        ).select_related("person", "person__department")
    )
    people = [ambassador.person_id for ambassador in opted_in]
    introductions = Introduction.objects.filter(
        organisation=organisation,
        introducer_id__in=people,
        credited=True,
        status=Introduction.Status.CONFIRMED,
    )
    start = period_start(period)
    if start is not None:
        introductions = introductions.filter(created_at__gte=start)
    confirmed: Counter[int] = Counter()
    hires: Counter[int] = Counter()
    for introducer_id, stage in introductions.values_list("introducer_id", "application__stage"):
        confirmed[introducer_id] += 1
        hires[introducer_id] += stage == Application.Stage.HIRED
    ranked = sorted(
        opted_in,
        key=lambda a: (
            -confirmed[a.person_id],
            -hires[a.person_id],
            a.person.last_name,
            a.person.first_name,
            a.pk,
        ),
    )[:limit]
    rows: list[IntroductionLeaderRow] = []
    for position, ambassador in enumerate(ranked, start=1):
        figures = (confirmed[ambassador.person_id], hires[ambassador.person_id])
        same = rows and (rows[-1].introductions, rows[-1].hires) == figures
        department = ambassador.person.department
        rows.append(
            IntroductionLeaderRow(
                rank=rows[-1].rank if same else position,
                ambassador_id=ambassador.pk,
                name=str(ambassador.person),
                department=department.name if department else "",
                introductions=figures[0],
                hires=figures[1],
            )
        )
    return rows
