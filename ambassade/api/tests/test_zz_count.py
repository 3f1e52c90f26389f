import collections, time
import pytest
from ambassade.api.tests.test_fuzz import schema, _fuzz_settings, not_a_server_error, _keep_the_test_database_open  # noqa
COUNTS = collections.Counter()
T = collections.Counter()

@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_the_test_database_open")
@schema.include(method="GET").parametrize()
@_fuzz_settings(20)
def test_count(case, tokens):
    t = time.perf_counter()
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens['admin']}"}, checks=[not_a_server_error])
    COUNTS[case.operation.label] += 1
    T[case.operation.label] += time.perf_counter() - t

def teardown_module():
    print(dict(COUNTS), {k: round(v, 2) for k, v in T.items()})
