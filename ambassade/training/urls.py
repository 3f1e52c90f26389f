"""The training screens under /training/ (see views.py); the impact screens are in impact_urls.py."""

from django.urls import URLPattern, URLResolver, include, path

from ambassade.training import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.training_mine, name="training_mine"),
    path("sessions/<int:pk>/register/", views.training_session_register, name="training_session_register"),
    path(
        "sessions/<int:pk>/unregister/", views.training_session_unregister, name="training_session_unregister"
    ),
    path("sessions/<int:pk>/calendar.ics", views.training_session_ics, name="training_session_ics"),
    path("sessions/<int:pk>/check-in/", views.training_check_in, name="training_check_in"),
    path("manage/", views.training_programme_list, name="training_programme_list"),
    path("manage/new/", views.training_programme_new, name="training_programme_new"),
    path("manage/<int:pk>/", views.training_programme_detail, name="training_programme_detail"),
    path("manage/<int:pk>/edit/", views.training_programme_edit, name="training_programme_edit"),
    path("manage/<int:pk>/tracks/new/", views.training_track_new, name="training_track_new"),
    path("manage/<int:pk>/waves/new/", views.training_wave_new, name="training_wave_new"),
    path("tracks/<int:pk>/", views.training_track_detail, name="training_track_detail"),
    path("tracks/<int:pk>/edit/", views.training_track_edit, name="training_track_edit"),
    path("tracks/<int:pk>/sessions/new/", views.training_session_new, name="training_session_new"),
    path("sessions/<int:pk>/", views.training_session_detail, name="training_session_detail"),
    path("sessions/<int:pk>/edit/", views.training_session_edit, name="training_session_edit"),
    path("sessions/<int:pk>/cancel/", views.training_session_cancel, name="training_session_cancel"),
    path("sessions/<int:pk>/qr.svg", views.training_session_qr, name="training_session_qr"),
    path(
        "sessions/<int:pk>/attendance/import/",
        views.training_attendance_import,
        name="training_attendance_import",
    ),
    path("registrations/<int:pk>/attendance/", views.training_attendance_set, name="training_attendance_set"),
    path("waves/<int:pk>/", views.training_wave_detail, name="training_wave_detail"),
    path("waves/<int:pk>/edit/", views.training_wave_edit, name="training_wave_edit"),
    path("waves/<int:pk>/send/", views.training_wave_send, name="training_wave_send"),
    path("", include("ambassade.training.impact_urls")),
]
