from django.urls import path

from ambassade.api import views

urlpatterns = [
    path("new/", views.api_token_create, name="api_token_create"),
    path("<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
