"""The inbox screens under /inbox/ (see views.py)."""

from django.urls import URLPattern, path

from ambassade.inbox import views

urlpatterns: list[URLPattern] = [
    path("", views.inbox_list, name="inbox_list"),
    path("<int:pk>/", views.inbox_conversation, name="inbox_conversation"),
    path("<int:pk>/assign/", views.inbox_assign, name="inbox_assign"),
    path("<int:pk>/status/", views.inbox_status, name="inbox_status"),
    path("<int:pk>/reply/", views.inbox_reply, name="inbox_reply"),
    path("<int:pk>/record/", views.inbox_record, name="inbox_record"),
    path("<int:pk>/note/", views.inbox_note, name="inbox_note"),
    path("<int:pk>/faq/", views.inbox_faq_propose, name="inbox_faq_propose"),
    path("metrics/", views.inbox_metrics, name="inbox_metrics"),
    path("canned/", views.inbox_canned_list, name="inbox_canned_list"),
    path("canned/new/", views.inbox_canned_new, name="inbox_canned_new"),
    path("canned/<int:pk>/", views.inbox_canned_edit, name="inbox_canned_edit"),
    path("canned/<int:pk>/delete/", views.inbox_canned_delete, name="inbox_canned_delete"),
    path("faq/", views.inbox_faq_list, name="inbox_faq_list"),
    path("faq/new/", views.inbox_faq_new, name="inbox_faq_new"),
    path("faq/<int:pk>/", views.inbox_faq_edit, name="inbox_faq_edit"),
    path("faq/<int:pk>/submit/", views.inbox_faq_submit, name="inbox_faq_submit"),
    path("faq/<int:pk>/publish/", views.inbox_faq_publish, name="inbox_faq_publish"),
    path("faq/<int:pk>/unpublish/", views.inbox_faq_unpublish, name="inbox_faq_unpublish"),
    path("faq/<int:pk>/delete/", views.inbox_faq_delete, name="inbox_faq_delete"),
]
