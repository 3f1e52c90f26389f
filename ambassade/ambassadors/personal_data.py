"""Registers the programme's personal data (each side in its own module)."""

from ambassade.ambassadors import (  # noqa: F401
    content_personal_data,
    programme_personal_data,
    recognition_personal_data,
)
