from django.urls import URLPattern, path

from ambassade.ambassadors import recognition_views as views

urlpatterns: list[URLPattern] = [
    path("", views.recognition_me, name="recognition_me"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("levels/", views.level_list, name="level_list"),
    path("levels/<int:pk>/", views.level_edit, name="level_edit"),
    path("levels/<int:pk>/delete/", views.level_delete, name="level_delete"),
    path("ambassadors/<int:pk>/points/", views.points_adjust, name="points_adjust"),
]
