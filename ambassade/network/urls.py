"""The network screens (see views.py)."""

from django.urls import URLPattern, path

from ambassade.network import views

urlpatterns: list[URLPattern] = [
    path("", views.network_overview, name="network_overview"),
    path("progress/", views.network_overview_progress, name="network_overview_progress"),
    path("me/", views.network_me, name="network_me"),
    path("me/upload/", views.network_upload, name="network_upload"),
    path("me/withdraw/", views.network_withdraw, name="network_withdraw"),
]
