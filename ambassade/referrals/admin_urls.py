from django.urls import URLPattern, path

from ambassade.referrals import admin_views as views

urlpatterns: list[URLPattern] = [
    path("", views.referral_dashboard, name="referral_dashboard"),
    path("settings/", views.referral_settings, name="referral_settings"),
    path("held-points/", views.points_hold_list, name="points_hold_list"),
    path("held-points/<int:pk>/release/", views.points_hold_release, name="points_hold_release"),
    path("held-points/<int:pk>/refuse/", views.points_hold_refuse, name="points_hold_refuse"),
    path("payroll/", views.payroll_bonus_list, name="payroll_bonus_list"),
    path("payroll/export/", views.payroll_bonus_export, name="payroll_bonus_export"),
    path("introductions/<int:pk>/thank/", views.introduction_thank, name="introduction_thank"),
    path("leaderboard/", views.introduction_leaderboard, name="introduction_leaderboard"),
]
