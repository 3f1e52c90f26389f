from django.urls import URLPattern, path

from ambassade.referrals import views

urlpatterns: list[URLPattern] = [
    path("introduce/", views.introduction_new, name="introduction_new"),
    path("introductions/", views.introduction_mine, name="introduction_mine"),
    path("introductions/<int:pk>/", views.introduction_detail, name="introduction_detail"),
    path("introductions/<int:pk>/resend/", views.introduction_resend, name="introduction_resend"),
]
