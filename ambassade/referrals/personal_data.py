"""Personal data of the referral programme, registered by each side."""

from ambassade.referrals import crediting_personal_data, introductions_personal_data  # noqa: F401
