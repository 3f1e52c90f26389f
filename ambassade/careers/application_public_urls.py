"""Applying on a career site. Included in public_urls.site_patterns, so these pages answer both under
/careers/<entity-slug>/ and at the root of an entity's own host name."""

from django.urls import path

from ambassade.careers import application_public_views as views

urlpatterns = [
    path("apply/", views.application_spontaneous, name="application_spontaneous"),
    path("apply/thanks/", views.application_spontaneous_thanks, name="application_spontaneous_thanks"),
    path("apply/<int:pk>/", views.application_apply, name="application_apply"),
    path("apply/<int:pk>/thanks/", views.application_thanks, name="application_thanks"),
]
