from django.urls import path

from ambassade.core import views

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
]
