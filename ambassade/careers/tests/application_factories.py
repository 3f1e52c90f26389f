"""Builders for the applications' tests: offers, applications, and real small CV files."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime
from itertools import count
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from ambassade.careers.application_forms import form_started_token
from ambassade.careers.models import Application, JobOffer, JobOfferTranslation
from ambassade.orgs.models import Entity
from ambassade.testing.factories import World

_references = count(1)


def offer_create(entity: Entity, *, title: str = "Chargé de communication", **values: Any) -> JobOffer:
    values.setdefault("reference", f"APP-{next(_references):05d}")
    values.setdefault("contract_type", JobOffer.Contract.FULL_TIME)
    values.setdefault("status", JobOffer.Status.PUBLISHED)
    values.setdefault("published_at", timezone.now())
    values.setdefault("locations", [{"city": "Lyon", "country": "FR"}])
    offer = JobOffer.objects.create(organisation=entity.organisation, entity=entity, **values)
    JobOfferTranslation.objects.create(
        offer=offer, language="fr", title=title, description="<p>Rejoignez-nous.</p>"
    )
    JobOfferTranslation.objects.create(
        offer=offer, language="en", title=f"{title} (en)", description="<p>Join us.</p>"
    )
    return offer


def application_create(
    offer: JobOffer | None = None,
    *,
    entity: Entity | None = None,
    cv: bytes | None = None,
    created_at: datetime | None = None,
    **values: Any,
) -> Application:
    entity = entity or (offer.entity if offer else None)
    assert entity is not None
    now = created_at or timezone.now()
    values.setdefault("first_name", "Alice")
    values.setdefault("last_name", "Candidate")
    values.setdefault("email", "alice@example.net")
    values.setdefault("consent_text", "I agree.")
    values.setdefault("source_channel", "direct")
    application = Application(
        organisation=entity.organisation,
        entity=entity,
        offer=offer,
        consent_at=now,
        stage_changed_at=now,
        last_contact_at=values.pop("last_contact_at", now),
        **values,
    )
    if cv is not None:
        application.cv.save("0123456789abcdef.pdf", ContentFile(cv), save=False)
        application.cv_filename = "Alice CV.pdf"
    application.save()
    if created_at is not None:
        Application.objects.filter(pk=application.pk).update(created_at=created_at)
        application.refresh_from_db()
    return application


# --- real small files, built here -------------------------------------------------------------------


def pdf_bytes() -> bytes:
    """A valid one-page PDF with its cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,  # the content stream, below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = b"BT /F1 18 Tf 72 760 Td (Alice Candidate - CV) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + (body or b"") + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            '2006/main"><w:body><w:p><w:r><w:t>Alice Candidate</w:t></w:r></w:p></w:body></w:document>',
        )
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>')
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
    return out.getvalue()


def zip_bomb_bytes(*, expanded_mb: int = 200) -> bytes:
    """A DOCX-looking zip whose document expands to `expanded_mb` megabytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(expanded_mb):
                member.write(block)
    return out.getvalue()


def windows_executable_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"This program"


# --- the form's data ----------------------------------------------------------------------------------


def form_data(**values: Any) -> dict[str, Any]:
    """What a person sends: every required field, a form shown 10 seconds ago."""
    data: dict[str, Any] = {
        "first_name": "Alice",
        "last_name": "Candidate",
        "email": "alice@example.net",
        "phone": "+33 6 12 34 56 78",
        "message": "I would love to join.",
        "consent": "on",
        "website": "",
        "ref": "",
        "started": form_started_token(at=time.time() - 10),
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


# --- for the permission matrix (careers/tests/policies.py) -------------------------------------------


def policy_offer(world: World) -> dict[str, Any]:
    return {"pk": offer_create(world.hq).pk}


def policy_application(world: World) -> dict[str, Any]:
    return {"pk": application_create(offer_create(world.hq), cv=pdf_bytes()).pk}


def policy_public_offer(world: World) -> dict[str, Any]:
    return {"entity_slug": world.hq.slug, "pk": offer_create(world.hq).pk}


def policy_public_site(world: World) -> dict[str, Any]:
    return {"entity_slug": world.hq.slug}
