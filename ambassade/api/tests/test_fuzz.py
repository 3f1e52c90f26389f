"""Schemathesis generates requests from the OpenAPI schema: none may end in a server error."""

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


def _fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_the_test_database_open")
@schema.include(method="GET").parametrize()
@_fuzz_settings(20)
def test_generated_reads_never_get_a_server_error(case, tokens) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {tokens['admin']}"}, checks=[not_a_server_error]
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_the_test_database_open")
@schema.exclude(method="GET").parametrize()
@_fuzz_settings(5)
def test_generated_writes_of_an_hr_admin_never_get_a_server_error(case, tokens) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {tokens['admin']}"}, checks=[not_a_server_error]
    )
