"""The recruiters' pipeline, under /applications/."""

from django.urls import path

from ambassade.careers import application_views as views

urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("offers/<int:pk>/", views.application_board, name="application_board"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/stage/", views.application_stage, name="application_stage"),
    path("<int:pk>/notes/", views.application_note, name="application_note"),
    path("<int:pk>/cv/", views.application_cv, name="application_cv"),
]
