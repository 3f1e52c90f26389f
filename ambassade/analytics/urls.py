"""The analytics screens (see views.py)."""

from django.urls import URLPattern, path, re_path

from ambassade.analytics import views

urlpatterns: list[URLPattern] = [
    path("", views.analytics_overview, name="analytics_overview"),
    re_path(
        r"^export/(?P<chart>[a-z-]+)\.(?P<fmt>csv|xlsx)$", views.analytics_export, name="analytics_export"
    ),
    path("pages/", views.analytics_page_followers, name="analytics_page_followers"),
    path("pages/import/", views.analytics_page_followers_import, name="analytics_page_followers_import"),
    path(
        "pages/<int:pk>/delete/", views.analytics_page_follower_delete, name="analytics_page_follower_delete"
    ),
]
