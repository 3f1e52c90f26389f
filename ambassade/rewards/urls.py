"""The rewards pages under /rewards/ (see views.py)."""

from django.urls import URLPattern, path

from ambassade.rewards import views

urlpatterns: list[URLPattern] = [
    path("", views.reward_catalogue, name="reward_catalogue"),
    path("<int:pk>/request/", views.reward_request_new, name="reward_request_new"),
    path("<int:pk>/photo/", views.reward_item_photo, name="reward_item_photo"),
    path("mine/", views.reward_mine, name="reward_mine"),
    path("mine/<int:pk>/cancel/", views.reward_request_cancel, name="reward_request_cancel"),
    path("items/", views.reward_item_list, name="reward_item_list"),
    path("items/new/", views.reward_item_new, name="reward_item_new"),
    path("items/<int:pk>/", views.reward_item_edit, name="reward_item_edit"),
    path("requests/", views.reward_request_list, name="reward_request_list"),
    path("requests/<int:pk>/approve/", views.reward_request_approve, name="reward_request_approve"),
    path("requests/<int:pk>/deliver/", views.reward_request_deliver, name="reward_request_deliver"),
    path("requests/<int:pk>/refuse/", views.reward_request_refuse, name="reward_request_refuse"),
]
