"""The training screens under /training/ (see views.py); the impact screens are in impact_urls.py."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("ambassade.training.impact_urls")),
]
