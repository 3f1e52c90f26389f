from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "ambassade.reviews"
    label = "reviews"
    verbose_name = "reviews"
