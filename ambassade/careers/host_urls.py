"""The URL configuration of a request to an entity's own host name (set by CareerSiteHostMiddleware):
the career site at the root of the host, plus robots.txt. Nothing else of ambassade answers there."""

from django.urls import path

from ambassade.careers import public_views
from ambassade.careers.public_urls import site_patterns

urlpatterns = [
    *site_patterns,
    path("robots.txt", public_views.robots, name="careers_robots"),
]
