from django.urls import include, path

urlpatterns = [
    path("", include("ambassade.orgs.urls")),
    path("audit/", include("ambassade.core.urls")),
    path("api/v1/", include("ambassade.api.urls")),
]
