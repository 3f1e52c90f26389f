"""The permission policy of this app's URLs (see ambassade/testing/permissions.py)."""

from ambassade.careers.tests.factories import (
    policy_job_offer,
    policy_job_page,
    policy_site,
    policy_site_image,
    policy_story_language,
    policy_story_override,
    policy_testimonial,
)
from ambassade.testing.permissions import Rule, api_rule

PUBLIC = "N200 A200 C200 R200 M200 E200 O200"
JOBS_READ = "N302 A200 C200 R200 M403 E403 O200"  # recruiters and HR admins write, comms read
JOBS_READ_OBJECT = "N302 A200 C200 R200 M403 E403 O404"
JOBS_WRITE = "N302 A200 C403 R200 M403 E403 O200"
JOBS_WRITE_OBJECT = "N302 A200 C403 R200 M403 E403 O404"
JOBS_POST = "N302 A302 C403 R302 M403 E403 O404"
STORY = "N302 A200 C200 R403 M403 E403 O200"  # HR admins and comms
STORY_OBJECT = "N302 A200 C200 R403 M403 E403 O404"

POLICY: dict[str, Rule] = {
    "job_offer_list": Rule(JOBS_READ),
    "job_offer_create": Rule(JOBS_WRITE),
    "job_offer_detail": Rule(JOBS_READ_OBJECT, kwargs=policy_job_offer),
    "job_offer_edit": Rule(JOBS_WRITE_OBJECT, kwargs=policy_job_offer),
    "job_offer_preview": Rule(JOBS_READ_OBJECT, kwargs=policy_job_offer),
    "job_offer_status": Rule(JOBS_POST, "post", policy_job_offer, lambda w: {"action": "close"}),
    "employer_story_list": Rule(STORY),
    "employer_story_edit": Rule(STORY, kwargs=policy_story_language),
    "employer_story_override": Rule(STORY_OBJECT, kwargs=policy_story_override),
    "consistency_report": Rule(STORY),
    "testimonial_list": Rule(STORY),
    "testimonial_create": Rule(STORY),
    "testimonial_edit": Rule(STORY_OBJECT, kwargs=policy_testimonial),
    # C404: the HR admin, who comes first, has just deleted it.
    "testimonial_delete": Rule("N302 A302 C404 R403 M403 E403 O404", "post", policy_testimonial),
    "careers_home": Rule(PUBLIC, kwargs=policy_site),
    "careers_job_list": Rule(PUBLIC, kwargs=policy_site),
    "careers_job": Rule(PUBLIC, kwargs=policy_job_page),
    "careers_advice": Rule(PUBLIC, kwargs=policy_site),
    "careers_feed_rss": Rule(PUBLIC, kwargs=policy_site),
    "careers_feed_atom": Rule(PUBLIC, kwargs=policy_site),
    "careers_feed_jobs": Rule(PUBLIC, kwargs=policy_site),
    "careers_sitemap": Rule(PUBLIC, kwargs=policy_site),
    "careers_image": Rule(PUBLIC, kwargs=policy_site_image),
    "api:job_list": api_rule("N401 A200 C200 R200 M200 E200 O200", "get"),
    "api:job_get": api_rule("N401 A200 C200 R200 M200 E200 O404", "get", policy_job_offer),
    "api:job_create": api_rule("N401 A422 C403 R422 M403 E403 O422", "post"),
    "api:job_update": api_rule("N401 A200 C403 R200 M403 E403 O404", "patch", policy_job_offer),
}

# --- applications (ambassade/careers/application_*.py) ---------------------------------------------
from ambassade.careers.tests.application_factories import (  # noqa: E402
    policy_application,
    policy_offer,
    policy_public_offer,
    policy_public_site,
)
from ambassade.testing.permissions import api_rule  # noqa: E402

_APPLICANTS = "N200 A200 C200 R200 M200 E200 O200"  # public career-site pages
_PIPELINE = "N302 A200 C403 R200 M403 E403 O200"
_PIPELINE_OBJECT = "N302 A200 C403 R200 M403 E403 O404"
_PIPELINE_WRITE = "N302 A302 C403 R302 M403 E403 O404"
_API_PIPELINE = "N401 A200 C403 R200 M403 E403 O200"
_API_PIPELINE_OBJECT = "N401 A200 C403 R200 M403 E403 O404"
POLICY.update(
    {
        "application_list": Rule(_PIPELINE),
        "application_board": Rule(_PIPELINE_OBJECT, kwargs=policy_offer),
        "application_detail": Rule(_PIPELINE_OBJECT, kwargs=policy_application),
        "application_stage": Rule(
            _PIPELINE_WRITE, "post", policy_application, lambda w: {"stage": "screening"}
        ),
        "application_note": Rule(_PIPELINE_WRITE, "post", policy_application, lambda w: {"text": "Called."}),
        "application_cv": Rule(_PIPELINE_OBJECT, kwargs=policy_application),
        "application_apply": Rule(_APPLICANTS, kwargs=policy_public_offer),
        "application_thanks": Rule(_APPLICANTS, kwargs=policy_public_offer),
        "application_spontaneous": Rule(_APPLICANTS, kwargs=policy_public_site),
        "application_spontaneous_thanks": Rule(_APPLICANTS, kwargs=policy_public_site),
        "api:application_list": api_rule(_API_PIPELINE, "get"),
        "api:application_get": api_rule(_API_PIPELINE_OBJECT, "get", policy_application),
        "api:application_update": api_rule(_API_PIPELINE_OBJECT, "patch", policy_application),
    }
)
