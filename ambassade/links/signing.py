"""The signed `ref` parameter the redirect adds to a link's target, naming the link without a cookie.

The career site reads it back on the job page (`ref_verify`) to remember which link brought a candidate.
The value is the link's id and an HMAC of it (SECRET_KEY, a salt of its own): a visitor can copy it but
not forge one for another link. It does not expire: a candidate may apply days after the click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core import signing

if TYPE_CHECKING:
    from ambassade.links.models import TrackedLink

REF_SALT = "ambassade.links.ref"
MAX_REF_LENGTH = 200


def _signer() -> signing.Signer:
    # "." is URL-safe, so the value needs no escaping in a query string.
    return signing.Signer(salt=REF_SALT, sep=".", algorithm="sha256")


def ref_sign_id(link_id: int) -> str:
    return _signer().sign(str(link_id))


def ref_sign(link: TrackedLink) -> str:
    return ref_sign_id(link.pk)


def ref_verify(value: str) -> int | None:
    """The id of the link the value names, or None when it is malformed or tampered with."""
    if not isinstance(value, str) or not value or len(value) > MAX_REF_LENGTH:
        return None
    try:
        unsigned = _signer().unsign(value)
    except signing.BadSignature:
        return None
    if not unsigned.isascii() or not unsigned.isdigit():
        return None
    link_id = int(unsigned)
    return link_id if link_id > 0 else None
