"""Recruiters' and HR/comms screens, under /jobs/."""

from django.urls import path

from ambassade.careers import views

urlpatterns = [
    path("", views.job_offer_list, name="job_offer_list"),
    path("new/", views.job_offer_create, name="job_offer_create"),
    path("<int:pk>/", views.job_offer_detail, name="job_offer_detail"),
    path("<int:pk>/edit/", views.job_offer_edit, name="job_offer_edit"),
    path("<int:pk>/preview/", views.job_offer_preview, name="job_offer_preview"),
    path("<int:pk>/status/", views.job_offer_status, name="job_offer_status"),
    path("story/", views.employer_story_list, name="employer_story_list"),
    path("story/organisation/<str:language>/", views.employer_story_edit, name="employer_story_edit"),
    path(
        "story/entities/<int:entity_id>/<str:language>/",
        views.employer_story_edit,
        name="employer_story_override",
    ),
    path("consistency/", views.consistency, name="consistency_report"),
    path("testimonials/", views.testimonial_list, name="testimonial_list"),
    path("testimonials/new/", views.testimonial_create, name="testimonial_create"),
    path("testimonials/<int:pk>/edit/", views.testimonial_edit, name="testimonial_edit"),
    path("testimonials/<int:pk>/delete/", views.testimonial_delete, name="testimonial_delete"),
]
