from django.conf import settings
from django.urls import include, path

urlpatterns = [
    path("", include("ambassade.orgs.urls")),
    path("audit/", include("ambassade.core.urls")),
    path("api/v1/", include("ambassade.api.urls")),
    path("api/tokens/", include("ambassade.api.token_urls")),
    path("jobs/", include("ambassade.careers.urls")),
    path("applications/", include("ambassade.careers.application_urls")),
    path("careers/", include("ambassade.careers.public_urls")),
    path("links/", include("ambassade.links.urls")),
    path("r/", include("ambassade.links.redirect_urls")),
    path("programme/", include("ambassade.ambassadors.urls")),
    path("content/", include("ambassade.ambassadors.content_urls")),
    path("hub/", include("ambassade.ambassadors.hub_urls")),
    path("recognition/", include("ambassade.ambassadors.recognition_urls")),
    path("referrals/", include("ambassade.referrals.urls")),
    path("referrals/manage/", include("ambassade.referrals.admin_urls")),
    path("introduction/", include("ambassade.referrals.contact_urls")),
    path("rewards/", include("ambassade.rewards.urls")),
    path("inbox/", include("ambassade.inbox.urls")),
    path("listening/", include("ambassade.listening.urls")),
    path("training/", include("ambassade.training.urls")),
    path("network/", include("ambassade.network.urls")),
    path("analytics/", include("ambassade.analytics.urls")),
    path("digest/", include("ambassade.intranet.urls")),
    path("reviews/", include("ambassade.reviews.urls")),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
