from django.conf import settings
from django.urls import URLPattern, path

from ambassade.links import redirect_views


def redirect_patterns(*, baseline: bool) -> list[URLPattern]:
    patterns = [path("<str:code>", redirect_views.link_redirect, name="redirect")]
    if baseline:
        # The benchmark's reference point, mounted only when BENCH_BASELINE is true.
        patterns.insert(0, path("-baseline", redirect_views.baseline_redirect, name="redirect_baseline"))
    return patterns


urlpatterns = redirect_patterns(baseline=settings.BENCH_BASELINE)
