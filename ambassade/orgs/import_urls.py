from django.urls import path

from ambassade.orgs import import_views

urlpatterns = [
    path("", import_views.people_import_list, name="people_import_list"),
    path("new/", import_views.people_import_create, name="people_import_create"),
]
