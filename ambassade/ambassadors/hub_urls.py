from django.urls import URLPattern, path

from ambassade.ambassadors import hub_views as views

urlpatterns: list[URLPattern] = [
    path("", views.hub, name="hub"),
    path("<int:pk>/", views.hub_item, name="hub_item"),
    path("<int:pk>/share/", views.hub_share, name="hub_share"),
]
