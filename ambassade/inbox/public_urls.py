"""The inbox's pages on each career site: "Ask us" and the FAQ. Mounted inside the career site's own
pages (careers/public_urls.py `site_patterns`), so they answer under /careers/<entity>/ and at the root
of an entity's own host name alike."""

from django.urls import URLPattern, path

from ambassade.inbox import public_views

site_patterns: list[URLPattern] = [
    path("ask/", public_views.ask, name="inbox_ask"),
    path("ask/thanks/", public_views.ask_thanks, name="inbox_ask_thanks"),
    path("faq/", public_views.faq, name="inbox_faq_public"),
]
urlpatterns = site_patterns
