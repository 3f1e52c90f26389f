"""The demo's ambassador networks: about 60 % of the enrolled ambassadors uploaded their LinkedIn
connections. Contacts are drawn from pools (the department's, the entity's, everyone's), so colleagues of
one department share more than colleagues far apart, and the programme's distinct reach is well below
the sum of the networks. The programme's figures are computed at the end, as the background task does
after an upload. Hashes are computed directly (no CSV is written); a few ambassadors were invited
by the demo's HR admin or manager, which draws "invited" links on the graph."""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import timedelta

from django.utils import timezone

from ambassade.ambassadors.models import Ambassador
from ambassade.demo.generate import DemoContext
from ambassade.network.connections import CATEGORY_KEYS, TOP_COMPANIES, organisation_key
from ambassade.network.figures import figures_compute_now
from ambassade.network.models import NetworkConsent, NetworkSnapshot
from ambassade.network.services import NETWORK_CONSENT_VERSION, hashes_insert

UPLOAD_SHARE = 0.6
# Kept modest so that the step stays under 2 s for the demo's ~550 ambassadors (hundreds of thousands of
# hashes would only slow `make run` down).
MEDIAN_CONNECTIONS = 150
INVITED_SHARE = 0.25
POOL = {"department": 1500, "entity": 6000, "everyone": 40000}
MIX = {"department": 0.35, "entity": 0.25, "everyone": 0.40}
CATEGORY_WEIGHTS = [6, 8, 7, 12, 20, 16, 18, 13]  # in CATEGORY_KEYS order


def network_create(context: DemoContext) -> None:
    rng = context.rng
    ambassadors = list(
        Ambassador.objects.filter(organisation=context.organisation, status=Ambassador.Status.ENROLLED)
        .select_related("person")
        .order_by("pk")
    )
    if not ambassadors:
        return
    inviters = [user for name, user in sorted(context.users.items()) if name in ("admin", "manager")]
    invited = []
    for ambassador in ambassadors:
        if inviters and ambassador.invited_by_id is None and rng.random() < INVITED_SHARE:
            ambassador.invited_by = rng.choice(inviters)  # type: ignore[assignment]
            invited.append(ambassador)
    Ambassador.objects.bulk_update(invited, ["invited_by"], batch_size=500)

    # The same as connections.url_digest, from a prepared HMAC (the demo hashes ~60,000 addresses).
    keyed_base = hmac.new(organisation_key(context.organisation.pk), digestmod=hashlib.sha256)
    companies = [context.faker.company() for _index in range(60)]
    now = timezone.now()
    consents, snapshots = [], []
    hashes: list[tuple[int, int, bytes]] = []
    pools = {"department": {}, "entity": {}}  # type: dict[str, dict[object, int]]
    for ambassador in ambassadors:
        if rng.random() >= UPLOAD_SHARE:
            continue
        person = ambassador.person
        size = max(30, min(3000, int(rng.lognormvariate(math.log(MEDIAN_CONNECTIONS), 0.7))))
        contacts: set[int] = set()
        for pool, share in MIX.items():
            count = int(size * share)
            if pool == "everyone":
                base = 0
            else:
                owner = person.department_id if pool == "department" else person.entity_id
                offsets = pools[pool]
                if owner not in offsets:
                    offsets[owner] = 10_000_000 * (1 if pool == "department" else 2) + len(offsets) * 100_000
                base = offsets[owner]
            contacts.update(base + rng.randrange(POOL[pool]) for _draw in range(count))
        uploaded = now - timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 10))
        consents.append(
            NetworkConsent(
                ambassador=ambassador,
                text_version=NETWORK_CONSENT_VERSION,
                language="fr",
                given_at=uploaded - timedelta(minutes=2),
            )
        )
        total = len(contacts)
        for contact in sorted(contacts):
            keyed = keyed_base.copy()
            keyed.update(f"linkedin.com/in/demo-contact-{contact}".encode())
            hashes.append((context.organisation.pk, ambassador.pk, keyed.digest()))
        categories = dict.fromkeys(CATEGORY_KEYS, 0)
        for category in rng.choices(CATEGORY_KEYS, CATEGORY_WEIGHTS, k=total):
            categories[category] += 1
        by_company: dict[str, int] = {}
        for company in rng.choices(companies, k=total // 2):
            by_company[company] = by_company.get(company, 0) + 1
        top = sorted(by_company.items(), key=lambda pair: (-pair[1], pair[0]))[:TOP_COMPANIES]
        other = total - sum(count for _name, count in top)
        years: dict[str, int] = {}
        first_year = max(2008, now.year - rng.randint(3, 16))
        for year in rng.choices(range(first_year, now.year + 1), k=total):
            years[str(year)] = years.get(str(year), 0) + 1
        snapshots.append(
            NetworkSnapshot(
                organisation=context.organisation,
                ambassador=ambassador,
                uploaded_at=uploaded,
                connections=total,
                hashes=total,
                by_company=[[name, count] for name, count in top] + ([["", other]] if other else []),
                by_category={name: count for name, count in categories.items() if count},
                by_year=dict(sorted(years.items())),
            )
        )
    NetworkConsent.objects.bulk_create(consents, batch_size=500)
    NetworkSnapshot.objects.bulk_create(snapshots, batch_size=500)
    hashes_insert(hashes)
    # The programme's figures, so that the network page shows them at once (after an upload they are
    # computed in the background).
    figures_compute_now(organisation_id=context.organisation.pk)
