from django.urls import URLPattern, path, re_path

from ambassade.api.api import api
from ambassade.api.views import api_not_found, api_root, json_method_not_allowed

# No module-level `app_name` here: include() would take it for this module's namespace.
_patterns, _app, _namespace = api.urls
for _pattern in _patterns:
    if isinstance(_pattern, URLPattern):
        # Ninja's root answers an HTML 404; ours leads to the docs.
        callback = api_root if _pattern.name == "api-root" else _pattern.callback
        _pattern.callback = json_method_not_allowed(callback)

urlpatterns = [
    path("", (_patterns, _app, _namespace)),
    # Anything else under /api/v1/ is a JSON 404, never the HTML error page.
    re_path(r"^.*$", api_not_found),
]
