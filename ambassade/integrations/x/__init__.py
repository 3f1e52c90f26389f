"""X (Twitter) archives, imported (the API is not polled)."""

from ambassade.integrations.x.archive import x_archive_read

__all__ = ["x_archive_read"]
