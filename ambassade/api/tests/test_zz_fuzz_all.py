"""Schemathesis generates requests from the OpenAPI schema: no read may end in a server error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def _keep_the_test_database_open() -> Iterator[None]:
    # The real WSGI handler closes the database connection after each request, as Django's test
    # client avoids doing; that connection holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_the_test_database_open")
@schema.parametrize()
@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_generated_all_never_get_a_server_error(case, tokens) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens['admin']}"}, checks=[not_a_server_error])
