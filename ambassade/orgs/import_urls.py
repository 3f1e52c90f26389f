from django.urls import path

from ambassade.orgs import import_views

urlpatterns = [
    path("", import_views.people_import_list, name="people_import_list"),
    path("new/", import_views.people_import_create, name="people_import_create"),
    path("<int:pk>/", import_views.people_import_detail, name="people_import_detail"),
    path("<int:pk>/progress/", import_views.people_import_progress, name="people_import_progress"),
    path("<int:pk>/apply/", import_views.people_import_apply, name="people_import_apply"),
]
