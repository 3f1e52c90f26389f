"""The measured-impact screens of training (see impact_views.py)."""

from django.urls import URLPattern, path

from ambassade.training import impact_views

urlpatterns: list[URLPattern] = [
    path("impact/sessions/<int:pk>/", impact_views.training_impact_session, name="training_impact_session"),
    path("impact/tracks/<int:pk>/", impact_views.training_impact_track, name="training_impact_track"),
]
