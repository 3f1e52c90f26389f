"""The intranet digest: admin screens under /digest/manage/, public pages under /digest/<token>/."""

from django.urls import URLPattern, path

from ambassade.intranet import public_views, views

urlpatterns: list[URLPattern] = [
    path("manage/", views.digest_list, name="intranet_digest_list"),
    path("manage/read/", views.digest_read_list, name="intranet_digest_read"),
    path("manage/new/", views.digest_create, name="intranet_digest_create"),
    path("manage/time-zone/", views.time_zone_edit, name="intranet_time_zone"),
    path("manage/<int:pk>/", views.digest_detail, name="intranet_digest"),
    path("manage/<int:pk>/delete/", views.digest_delete, name="intranet_digest_delete"),
    path("manage/<int:pk>/preview/", views.digest_preview, name="intranet_digest_preview"),
    path("manage/<int:pk>/publish/", views.digest_publish, name="intranet_digest_publish"),
    path("manage/<int:pk>/rotate/", views.digest_rotate, name="intranet_digest_rotate"),
    path("manage/<int:pk>/subscribers/", views.digest_subscribers, name="intranet_subscribers"),
    path(
        "manage/<int:pk>/subscribers/<int:subscriber>/delete/",
        views.digest_subscriber_delete,
        name="intranet_subscriber_delete",
    ),
    path("<str:token>/", public_views.latest, name="intranet_latest"),
    path("<str:token>/<int:pk>/", public_views.issue_detail, name="intranet_issue"),
    path("<str:token>/archive/", public_views.archive, name="intranet_archive"),
    path("<str:token>/rss.xml", public_views.rss, name="intranet_rss"),
    path("<str:token>/atom.xml", public_views.atom, name="intranet_atom"),
    path("<str:token>/feed.json", public_views.json_feed, name="intranet_json"),
    path("<str:token>/subscribe/", public_views.subscribe, name="intranet_subscribe"),
    path("<str:token>/confirm/<str:key>/", public_views.confirm, name="intranet_confirm"),
    path("<str:token>/unsubscribe/<str:key>/", public_views.unsubscribe, name="intranet_unsubscribe"),
]
