"""The listening pages under /listening/ (see views.py)."""

from django.urls import URLPattern, path

from ambassade.listening import views

urlpatterns: list[URLPattern] = [
    path("", views.listening_stream, name="listening_stream"),
    path("stream/new/", views.listening_stream_new, name="listening_stream_new"),
    path("mentions/new/", views.listening_mention_new, name="listening_mention_new"),
    path("mentions/<int:pk>/label/", views.listening_mention_label, name="listening_mention_label"),
    path("sources/", views.listening_source_list, name="listening_source_list"),
    path("sources/new/", views.listening_source_new, name="listening_source_new"),
    path("sources/<int:pk>/", views.listening_source_edit, name="listening_source_edit"),
    path("sources/<int:pk>/delete/", views.listening_source_delete, name="listening_source_delete"),
    path("sources/<int:pk>/fetch/", views.listening_source_fetch, name="listening_source_fetch"),
    path("imports/table/", views.listening_import_table, name="listening_import_table"),
    path("imports/x/", views.listening_import_x, name="listening_import_x"),
    path("imports/<int:pk>/", views.listening_import_status, name="listening_import_status"),
    path("imports/<int:pk>/progress/", views.listening_import_progress, name="listening_import_progress"),
    path("insights/", views.listening_insights, name="listening_insights"),
    path("alerts/", views.listening_alert_list, name="listening_alert_list"),
    path("alerts/seen/", views.listening_alerts_seen_all, name="listening_alerts_seen_all"),
    path("alerts/<int:pk>/seen/", views.listening_alert_seen, name="listening_alert_seen"),
    path("quality/", views.listening_quality, name="listening_quality"),
    path("quality/retrain/", views.listening_quality_retrain, name="listening_quality_retrain"),
    path("themes/", views.listening_theme_list, name="listening_theme_list"),
    path("themes/new/", views.listening_theme_new, name="listening_theme_new"),
    path("themes/discover/", views.listening_themes_discover, name="listening_themes_discover"),
    path("themes/<int:pk>/", views.listening_theme_edit, name="listening_theme_edit"),
    path("themes/<int:pk>/accept/", views.listening_theme_accept, name="listening_theme_accept"),
    path("themes/<int:pk>/dismiss/", views.listening_theme_dismiss, name="listening_theme_dismiss"),
    path("settings/", views.listening_settings, name="listening_settings"),
]
