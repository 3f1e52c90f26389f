"""Builders for the network tests: LinkedIn-like Connections.csv files and uploaded networks."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ambassade.ambassadors.models import Ambassador
from ambassade.network.connections import ParsedNetwork, normalised_profile_url, organisation_key, url_digest
from ambassade.network.services import network_store

NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or "
    'download their email address using this setting https://www.linkedin.com/psettings/privacy/email."\n'
    "\n"
)
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]


def connection_row(number: int, *, company: str = "Acme", position: str = "Engineer") -> list[str]:
    return [
        f"Prénom{number}",
        f"Nom, {number}",
        f"https://www.linkedin.com/in/contact-{number}",
        "",
        company,
        position,
        "12 Mar 2024",
    ]


def connections_csv(rows: Iterable[Sequence[str]], *, bom: bool = True, notes: str = NOTES) -> bytes:
    buffer = io.StringIO()
    buffer.write(notes)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def profile_url(number: int) -> str:
    return f"https://www.linkedin.com/in/contact-{number}"


def network_give(ambassador: Ambassador, numbers: Iterable[int]) -> None:
    """Store an upload of the connections `contact-<number>` for this ambassador (no file)."""
    key = organisation_key(ambassador.organisation_id)
    digests = {url_digest(key, normalised_profile_url(profile_url(number)) or "") for number in numbers}
    parsed = ParsedNetwork(
        connections=len(digests), digests=digests, by_category={"engineering": len(digests)}, by_year={}
    )
    network_store(actor=None, ambassador=ambassador, parsed=parsed)
