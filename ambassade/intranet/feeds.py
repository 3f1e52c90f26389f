"""A digest's issues as RSS 2.0, Atom and JSON Feed 1.1, at stable public addresses under its token."""

from __future__ import annotations

import json
from typing import Any

from django.template.loader import render_to_string
from django.utils import feedgenerator, translation

from ambassade.intranet.models import Digest, Issue
from ambassade.intranet.presentation import issue_context, issue_summary
from ambassade.intranet.services import public_url

FEED_ISSUES = 20


def _entries(digest: Digest, issues: list[Issue], language: str) -> list[dict[str, Any]]:
    entries = []
    for issue in issues:
        context = issue_context(issue=issue, language=language)
        url = public_url("intranet_issue", token=digest.token, pk=issue.pk) + f"?lang={language}"
        entries.append(
            {
                "id": public_url("intranet_issue", token=digest.token, pk=issue.pk),
                "url": url,
                "title": f"{context['title']} · {context['period_label']}",
                "summary": issue_summary(context),
                "html": render_to_string("intranet/_issue_body.html", {**context, "in_feed": True}),
                "published": issue.published_at,
            }
        )
    return entries


def _syndication(
    feed_class: type[feedgenerator.SyndicationFeed],
    digest: Digest,
    issues: list[Issue],
    language: str,
    name: str,
) -> str:
    with translation.override(language):
        feed_url = public_url(name, token=digest.token) + f"?lang={language}"
        feed = feed_class(
            title=digest.title,
            link=public_url("intranet_latest", token=digest.token) + f"?lang={language}",
            description=digest.title,
            language=language,
            feed_url=feed_url,
            feed_guid=public_url(name, token=digest.token),
            # Atom needs an author for the feed when its entries have none: the organisation.
            author_name=digest.organisation.name,
        )
        for entry in _entries(digest, issues, language):
            feed.add_item(
                title=entry["title"],
                link=entry["url"],
                description=entry["html"],
                pubdate=entry["published"],
                updateddate=entry["published"],  # atom:updated (required); frozen issues never change
                unique_id=entry["id"],
                unique_id_is_permalink=True,
            )
        return feed.writeString("utf-8")


def rss_feed(digest: Digest, issues: list[Issue], language: str) -> str:
    return _syndication(feedgenerator.Rss201rev2Feed, digest, issues, language, "intranet_rss")


def atom_feed(digest: Digest, issues: list[Issue], language: str) -> str:
    return _syndication(feedgenerator.Atom1Feed, digest, issues, language, "intranet_atom")


def json_feed(digest: Digest, issues: list[Issue], language: str) -> str:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    with translation.override(language):
        document = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": digest.title,
            "home_page_url": public_url("intranet_latest", token=digest.token) + f"?lang={language}",
            "feed_url": public_url("intranet_json", token=digest.token) + f"?lang={language}",
            "language": language,
            "authors": [{"name": digest.organisation.name}],
            "items": [
                {
                    "id": entry["id"],
                    "url": entry["url"],
                    "title": entry["title"],
                    "summary": entry["summary"],
                    "content_html": entry["html"],
                    "date_published": entry["published"].isoformat(),
                }
                for entry in _entries(digest, issues, language)
            ],
        }
    return json.dumps(document, ensure_ascii=False, indent=1)
