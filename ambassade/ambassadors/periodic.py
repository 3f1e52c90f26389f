"""Declares the programme's periodic jobs (each side in its own module)."""

from ambassade.ambassadors import content_periodic, programme_periodic, recognition_periodic  # noqa: F401
