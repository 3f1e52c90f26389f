"""The URL configuration of a request to an entity's own host name (set by CareerSiteHostMiddleware):
the career site at the root of the host, plus robots.txt. Nothing else of ambassade answers there."""

from django.urls import path

from ambassade.careers import public_views
from ambassade.careers.public_urls import site_patterns

urlpatterns = [
    *site_patterns,
    path("robots.txt", public_views.robots, name="careers_robots"),
]

# The application's 404 page has the signed-in menu, whose addresses do not exist on this host.
handler404 = "ambassade.careers.public_views.not_found"
