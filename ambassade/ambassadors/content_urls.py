from django.urls import URLPattern, path

from ambassade.ambassadors import content_views as views

urlpatterns: list[URLPattern] = [
    path("", views.content_list, name="content_list"),
    path("new/", views.content_create, name="content_create"),
    path("calendar/", views.content_calendar, name="content_calendar"),
    path("<int:pk>/", views.content_detail, name="content_detail"),
    path("<int:pk>/edit/", views.content_edit, name="content_edit"),
    path("<int:pk>/status/", views.content_transition, name="content_transition"),
    path("<int:pk>/image/", views.content_image, name="content_image"),
]
