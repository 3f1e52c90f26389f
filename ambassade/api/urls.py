from django.urls import path, re_path

from ambassade.api.api import api
from ambassade.api.views import api_not_found

urlpatterns = [
    path("", api.urls),
    # Anything else under /api/v1/ is a JSON 404, never the HTML error page.
    re_path(r"^.*$", api_not_found),
]
