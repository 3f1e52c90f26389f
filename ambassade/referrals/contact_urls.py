"""The contact's pages, behind the signed token of their e-mail (public: no sign-in)."""

from django.urls import URLPattern, path

from ambassade.referrals import contact_views as views

urlpatterns: list[URLPattern] = [
    path("<str:token>/", views.introduction_answer, name="introduction_answer"),
    path("<str:token>/decline/", views.introduction_decline, name="introduction_decline"),
    path("<str:token>/never/", views.introduction_never, name="introduction_never"),
]
