from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "ambassade.referrals"
    label = "referrals"
    verbose_name = "social referral"

    def ready(self) -> None:
        from ambassade.referrals import receivers  # noqa: F401  (careers' application signals)
