"""The programme's pages under /programme/ (see views.py)."""

from django.urls import URLPattern, path

from ambassade.ambassadors import views

urlpatterns: list[URLPattern] = [
    path("", views.programme, name="programme"),
    path("join/", views.programme_join, name="programme_join"),
    path("join/<str:token>/", views.programme_join_token, name="programme_join_token"),
    path("me/", views.programme_me, name="programme_me"),
    path("withdraw/", views.programme_withdraw, name="programme_withdraw"),
    path("invite/", views.programme_invite, name="programme_invite"),
    path("ambassadors/", views.ambassador_list, name="ambassador_list"),
    path("ambassadors/<int:pk>/", views.ambassador_detail, name="ambassador_detail"),
    path("coverage/", views.coverage, name="coverage"),
    path("settings/", views.programme_settings, name="programme_settings"),
]
