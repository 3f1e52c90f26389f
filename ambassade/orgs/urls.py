from django.contrib.auth import views as auth_views
from django.urls import include, path

from ambassade.orgs import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/forgotten/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/forgotten/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/choose/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(post_reset_login=False),
        name="password_reset_confirm",
    ),
    path("password/chosen/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("language/", views.language_set, name="language_set"),
    path("setup/", views.setup, name="setup"),
    path("profile/", views.profile, name="profile"),
    path("entities/", views.entity_list, name="entity_list"),
    path("entities/new/", views.entity_create, name="entity_create"),
    path("entities/<int:pk>/edit/", views.entity_edit, name="entity_edit"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/new/", views.department_create, name="department_create"),
    path("departments/<int:pk>/", views.department_detail, name="department_detail"),
    path("departments/<int:pk>/edit/", views.department_edit, name="department_edit"),
    path("departments/<int:pk>/delete/", views.department_delete, name="department_delete"),
    path("audiences/", views.audience_list, name="audience_list"),
    path("audiences/new/", views.audience_create, name="audience_create"),
    path("audiences/<int:pk>/edit/", views.audience_edit, name="audience_edit"),
    path("audiences/<int:pk>/delete/", views.audience_delete, name="audience_delete"),
    path("people/", views.person_list, name="person_list"),
    path("people/me/", views.my_record, name="my_record"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/active/", views.person_set_active, name="person_set_active"),
    path("people/<int:pk>/access/", views.person_access, name="person_access"),
    path("people/imports/", include("ambassade.orgs.import_urls")),
]
