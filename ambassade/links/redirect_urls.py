from django.conf import settings
from django.urls import URLPattern, path

from ambassade.links import redirect_views


def redirect_patterns(*, baseline: bool) -> list[URLPattern]:
    patterns = [path("<str:code>", redirect_views.link_redirect, name="redirect")]
    if baseline:
        # `make bench-redirect`: the same trivial view as /links/-baseline, through the /r/ fast path.
        patterns.insert(0, path("-baseline", redirect_views.baseline_redirect, name="bench_baseline_fast"))
    return patterns


urlpatterns = redirect_patterns(baseline=settings.BENCH_BASELINE)
