"""Periodic jobs of the referral programme, declared by each side."""

from ambassade.referrals import crediting_periodic, introductions_periodic  # noqa: F401
