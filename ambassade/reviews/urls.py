"""The reviews screens (see views.py)."""

from django.urls import URLPattern, path

from ambassade.reviews import views

urlpatterns: list[URLPattern] = [
    path("", views.review_list, name="review_list"),
    path("new/", views.review_new, name="review_new"),
    path("<int:pk>/", views.review_detail, name="review_detail"),
    path("<int:pk>/progress/", views.review_progress, name="review_progress"),
    path("<int:pk>/download/<str:kind>/", views.review_download, name="review_download"),
    path("<int:pk>/regenerate/", views.review_regenerate, name="review_regenerate"),
    path("<int:pk>/delete/", views.review_delete, name="review_delete"),
]
