from django.conf import settings
from django.urls import URLPattern, path

from ambassade.links import redirect_views, views

urlpatterns: list[URLPattern] = [
    path("", views.link_list, name="link_list"),
    path("new/", views.link_create, name="link_create"),
    path("<int:pk>/", views.link_detail, name="link_detail"),
    path("<int:pk>/qr.svg", views.link_qr_svg, name="link_qr_svg"),
    path("<int:pk>/qr.png", views.link_qr_png, name="link_qr_png"),
    path("ambassadors/", views.link_ambassador_search, name="link_ambassador_search"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("dashboard/", views.dashboard, name="link_dashboard"),
]
if settings.BENCH_BASELINE:
    # `make bench-redirect`'s reference point: a trivial view through the whole middleware stack.
    urlpatterns.append(path("-baseline", redirect_views.baseline_redirect, name="bench_baseline"))
