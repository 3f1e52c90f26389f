"""This app's endpoints under /api/v1/ (registered in ambassade/api/api.py)."""

from ninja import Router

router = Router()
