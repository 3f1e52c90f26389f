from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def mail(smtp_inbox: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The SMTP inbox; background e-mails (queued for after the commit) are sent at once: the test's
    transaction is never committed."""
    from ambassade.core import tasks

    monkeypatch.setattr(tasks.Task, "enqueue", lambda self, **kwargs: self._dispatch(kwargs))
    return smtp_inbox
