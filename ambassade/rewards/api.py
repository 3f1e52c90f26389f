"""The rewards API (/api/v1/rewards/) and the ledger of the person asking (/api/v1/me/points/)."""

from ninja import Router

router = Router(tags=["rewards"])
