"""The public career sites under /careers/<entity-slug>/ (see host_urls.py for entities' own hosts)."""

from django.urls import URLPattern, URLResolver, include, path

from ambassade.careers import public_views

# One career site's pages; the same list answers at the root of an entity's own host name.
site_patterns: list[URLPattern | URLResolver] = [
    path("", public_views.home, name="careers_home"),
    path("jobs/", public_views.job_list, name="careers_job_list"),
    path("jobs/<int:pk>-<slug:title_slug>/", public_views.job_detail, name="careers_job"),
    path("advice/", public_views.advice, name="careers_advice"),
    path("jobs.rss", public_views.feed_rss, name="careers_feed_rss"),
    path("jobs.atom", public_views.feed_atom, name="careers_feed_atom"),
    path("jobs.xml", public_views.feed_jobs, name="careers_feed_jobs"),
    path("sitemap.xml", public_views.sitemap, name="careers_sitemap"),
    path("images/<str:kind>/<int:pk>/", public_views.image, name="careers_image"),
    path("", include("ambassade.careers.application_public_urls")),
    path("", include("ambassade.inbox.public_urls")),
]

urlpatterns = [path("<slug:entity_slug>/", include(site_patterns))]
