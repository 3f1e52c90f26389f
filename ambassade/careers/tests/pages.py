"""Reading rendered career-site pages the way search engines and networks do (extruct)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import extruct

EMPLOYMENT_TYPES = {
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
}
SALARY_UNITS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}


def structured_data(html: str, url: str = "http://testserver/") -> dict[str, Any]:
    return extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph"], uniform=True)


def job_postings(html: str) -> list[dict[str, Any]]:
    return [item for item in structured_data(html)["json-ld"] if item.get("@type") == "JobPosting"]


def open_graph(html: str) -> dict[str, str]:
    found = structured_data(html)["opengraph"]
    return found[0] if found else {}


def google_problems(posting: dict[str, Any]) -> list[str]:
    """Every rule of Google's job-posting guidelines we follow; an empty list means all are met."""
    problems = []
    for name in ("title", "description", "datePosted", "hiringOrganization", "validThrough", "employmentType",
                 "identifier", "directApply"):  # fmt: skip
        if not posting.get(name):
            problems.append(f"{name} missing")
    if "<" in posting.get("title", ""):
        problems.append("title holds HTML")
    if "<p>" not in posting.get("description", ""):
        problems.append("description is not HTML")
    try:
        posted = date.fromisoformat(posting.get("datePosted", ""))
        until = datetime.fromisoformat(posting.get("validThrough", ""))
        if until.date() < posted:
            problems.append("validThrough before datePosted")
    except ValueError:
        problems.append("dates are not ISO 8601")
    organisation = posting.get("hiringOrganization") or {}
    if (
        organisation.get("@type") != "Organization"
        or not organisation.get("name")
        or not organisation.get("sameAs")
    ):
        problems.append("hiringOrganization incomplete")
    if posting.get("employmentType") not in EMPLOYMENT_TYPES:
        problems.append("employmentType unknown")
    identifier = posting.get("identifier") or {}
    if (
        identifier.get("@type") != "PropertyValue"
        or not identifier.get("name")
        or not identifier.get("value")
    ):
        problems.append("identifier incomplete")
    if posting.get("directApply") is not True:
        problems.append("directApply not true")
    problems += _where_problems(posting)
    if "baseSalary" in posting:
        problems += _salary_problems(posting["baseSalary"])
    return problems


def _where_problems(posting: dict[str, Any]) -> list[str]:
    if posting.get("jobLocationType") == "TELECOMMUTE":
        countries = posting.get("applicantLocationRequirements") or []
        if not countries or any(c.get("@type") != "Country" or not c.get("name") for c in countries):
            return ["applicantLocationRequirements missing for a remote job"]
        return []
    places = posting.get("jobLocation") or []
    if not places:
        return ["jobLocation missing"]
    problems = []
    for place in places:
        address = place.get("address") or {}
        if place.get("@type") != "Place" or address.get("@type") != "PostalAddress":
            problems.append("jobLocation is not a Place with a PostalAddress")
        if not address.get("addressLocality") or not address.get("addressCountry"):
            problems.append("address without locality or country")
    return problems


def _salary_problems(salary: dict[str, Any]) -> list[str]:
    value = salary.get("value") or {}
    problems = []
    if salary.get("@type") != "MonetaryAmount" or len(salary.get("currency", "")) != 3:
        problems.append("baseSalary is not a MonetaryAmount with a currency")
    if value.get("@type") != "QuantitativeValue" or value.get("unitText") not in SALARY_UNITS:
        problems.append("baseSalary value is not a QuantitativeValue with a unit")
    if not any(key in value for key in ("value", "minValue", "maxValue")):
        problems.append("baseSalary has no amount")
    return problems
