import pytest
from ambassade.careers.tests.factories import job_offer_create, story_create, staff_testimonial_create, png_bytes
pytestmark = pytest.mark.django_db

def test_smoke(world, client):
    story_create(world.organisation, presentation="Nous servons.", facts={"headcount": "1800"}, social_accounts={"linkedin": "https://www.linkedin.com/company/x"}, logo=png_bytes(), tagline="Servir le public")
    staff_testimonial_create(world.organisation, video_url="https://video.example/1")
    offer = job_offer_create(world.hq, salary_min=30000, salary_max=40000, category="Numérique")
    for url in ["/careers/siege/", "/careers/siege/jobs/", f"/careers/siege/jobs/{offer.pk}-x/", "/careers/siege/advice/", "/careers/siege/jobs.rss", "/careers/siege/jobs.atom", "/careers/siege/jobs.xml", "/careers/siege/sitemap.xml", f"/careers/siege/jobs/{offer.pk}-x/?lang=en"]:
        r = client.get(url)
        open("/tmp/smoke/" + url.replace("/", "_").replace("?", "_"), "wb").write(r.content)
        print(url, r.status_code, len(r.content), r.cookies)
    client.force_login(world.users["recruiter"])
    for url in ["/jobs/", "/jobs/new/", f"/jobs/{offer.pk}/", f"/jobs/{offer.pk}/edit/", f"/jobs/{offer.pk}/preview/", "/jobs/story/", "/jobs/consistency/", "/jobs/testimonials/"]:
        r = client.get(url)
        open("/tmp/smoke/" + url.replace("/", "_"), "wb").write(r.content)
        print(url, r.status_code)
