"""Writes of the network app: consent, upload (replace), withdrawal and deletion. Audited without content."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassade.ambassadors.models import Ambassador
from ambassade.core.audit import Actor, audit_record
from ambassade.core.models import AuditEvent
from ambassade.network.connections import ParsedNetwork, connections_parse
from ambassade.network.figures import figures_request
from ambassade.network.models import ConnectionHash, NetworkConsent, NetworkSnapshot

# Bump when the consent text (templates/network/_consent_text.html) changes: older consents must be renewed.
NETWORK_CONSENT_VERSION = "2026-11"
INSERT_ROWS = 5000
UPLOADS_PER_DAY = 5


def network_consent_give(*, actor: Actor, ambassador: Ambassador, language: str) -> NetworkConsent:
    consent, _created = NetworkConsent.objects.update_or_create(
        ambassador=ambassador,
        defaults={"text_version": NETWORK_CONSENT_VERSION, "language": language, "given_at": timezone.now()},
    )
    audit_record(
        actor=actor,
        action="network.consent_given",
        organisation=ambassador.organisation,
        target=ambassador,
        changes={"text_version": NETWORK_CONSENT_VERSION},
    )
    return consent


def has_current_consent(ambassador: Ambassador) -> bool:
    return NetworkConsent.objects.filter(ambassador=ambassador, text_version=NETWORK_CONSENT_VERSION).exists()


def network_upload(*, actor: Actor, ambassador: Ambassador, data: bytes) -> NetworkSnapshot:
    """Parse the file in memory and replace what was kept of the previous upload, all or nothing."""
    if not ambassador.is_enrolled:
        raise ValidationError(_("Only enrolled ambassadors can upload their network."), code="not_enrolled")
    if not has_current_consent(ambassador):
        raise ValidationError(_("Please agree to the text above before uploading."), code="no_consent")
    recent = AuditEvent.objects.filter(
        action="network.uploaded",
        target_type=Ambassador._meta.label_lower,
        target_id=str(ambassador.pk),
        created_at__gte=timezone.now() - timedelta(days=1),
    ).count()
    if recent >= UPLOADS_PER_DAY:
        # Each upload tells, rounded, how many of its connections colleagues also have: many uploads of
        # slightly different files would tell more.
        raise ValidationError(
            _(
                "You have uploaded your network %(count)s times in the last 24 hours: please try again "
                "tomorrow."
            ),
            code="too_many_uploads",
            params={"count": recent},
        )
    parsed = connections_parse(data, organisation_id=ambassador.organisation_id)
    return network_store(actor=actor, ambassador=ambassador, parsed=parsed)


def network_store(*, actor: Actor, ambassador: Ambassador, parsed: ParsedNetwork) -> NetworkSnapshot:
    with transaction.atomic():
        ConnectionHash.objects.filter(ambassador=ambassador).delete()
        hashes_insert(
            (ambassador.organisation_id, ambassador.pk, digest) for digest in sorted(parsed.digests)
        )
        snapshot, _created = NetworkSnapshot.objects.update_or_create(
            ambassador=ambassador,
            defaults={
                "organisation_id": ambassador.organisation_id,
                "uploaded_at": timezone.now(),
                "connections": parsed.connections,
                "hashes": len(parsed.digests),
                "by_company": parsed.by_company,
                "by_category": parsed.by_category,
                "by_year": parsed.by_year,
            },
        )
        audit_record(
            actor=actor,
            action="network.uploaded",
            organisation=ambassador.organisation,
            target=ambassador,
            changes={"connections": parsed.connections, "hashes": len(parsed.digests)},
        )
        figures_request(organisation_id=ambassador.organisation_id)
    return snapshot


def hashes_insert(rows: Iterable[tuple[int, int, bytes]]) -> int:
    """Insert (organisation id, ambassador id, digest) rows: tens of thousands per upload, so COPY on
    PostgreSQL and a prepared statement per batch of INSERT_ROWS on SQLite, many times faster than
    bulk_create's model instances."""
    table = connection.ops.quote_name(ConnectionHash._meta.db_table)
    count = 0
    iterator = iter(rows)
    columns = f"INSERT INTO {table} (organisation_id, ambassador_id, digest) VALUES "  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: PostgreSQL's fastest way in
            with cursor.copy(f"COPY {table} (organisation_id, ambassador_id, digest) FROM STDIN") as copy:
                for row in iterator:
                    copy.write_row(row)
                    count += 1
            return count
        while batch := list(islice(iterator, INSERT_ROWS)):
            cursor.executemany(columns + "(%s, %s, %s)", batch)
            count += len(batch)
    return count


def network_delete(*, actor: Actor, ambassador: Ambassador, reason: str) -> int:
    """Delete the snapshot and the hashes (and the consent); `reason`: withdrawn, left or erased."""
    with transaction.atomic():
        hashes, _detail = ConnectionHash.objects.filter(ambassador=ambassador).delete()
        snapshots, _detail = NetworkSnapshot.objects.filter(ambassador=ambassador).delete()
        consents, _detail = NetworkConsent.objects.filter(ambassador=ambassador).delete()
        if hashes or snapshots or consents:
            audit_record(
                actor=actor,
                action="network.deleted",
                organisation=ambassador.organisation,
                target=ambassador,
                changes={"reason": reason, "hashes": hashes},
            )
            figures_request(organisation_id=ambassador.organisation_id)
    return hashes + snapshots + consents


def network_consent_withdraw(*, actor: Actor, ambassador: Ambassador) -> int:
    return network_delete(actor=actor, ambassador=ambassador, reason="withdrawn")
