"""Is the employer story the same everywhere? Per entity and channel, the facts that differ from the
organisation's (seed 002: employer information harmonised across channels).

Channels: each entity's career site (its key facts), the job-board feed (the facts copied into each
job's "about the employer" paragraph) and the social accounts the site links to. An entity overriding
a fact is a difference, shown with both values; so is a number that differs between two languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ambassade.careers.content import SOCIAL_NETWORKS, fact_label
from ambassade.careers.feeds import feed_facts
from ambassade.careers.selectors import ResolvedStory, employer_stories, employer_story_resolve
from ambassade.orgs.models import Entity, Organisation

CHANNELS = {
    "site": gettext_lazy("Career site"),
    "feed": gettext_lazy("Job-board feed"),
    "social": gettext_lazy("Social accounts"),
}


@dataclass(frozen=True)
class Difference:
    item: str
    organisation_value: str
    channel_value: str


@dataclass
class ChannelCheck:
    entity: Entity
    channel: str
    language: str
    checked: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def channel_label(self) -> str:
        return str(CHANNELS[self.channel])

    @property
    def language_label(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))


@dataclass
class ConsistencyReport:
    checks: list[ChannelCheck]
    language_gaps: list[tuple[str, str, Difference]]  # (language, other language, difference)

    @property
    def difference_count(self) -> int:
        return sum(len(check.differences) for check in self.checks) + len(self.language_gaps)


def consistency_report(*, organisation: Organisation) -> ConsistencyReport:
    languages = [code for code, _label in settings.LANGUAGES]
    checks: list[ChannelCheck] = []
    entities = list(organisation.entities.filter(is_active=True).order_by("name"))
    baselines = {
        language: employer_story_resolve(organisation=organisation, entity=None, language=language)
        for language in languages
    }
    for entity in entities:
        stories = employer_stories(organisation=organisation, entity=entity)
        for language in [code for code in entity.languages if code in languages]:
            site = employer_story_resolve(
                organisation=organisation, entity=entity, language=language, stories=stories
            )
            checks.extend(_channel_checks(entity, language, baselines[language], site))
    return ConsistencyReport(checks=checks, language_gaps=_language_gaps(baselines))


def _channel_checks(
    entity: Entity, language: str, organisation: ResolvedStory, site: ResolvedStory
) -> list[ChannelCheck]:
    social_labels = {
        key: SOCIAL_NETWORKS.get(key, key) for key in {*organisation.social_accounts, *site.social_accounts}
    }
    pairs = {
        "site": (organisation.facts, site.facts, fact_label),
        "feed": (feed_facts(organisation), feed_facts(site), fact_label),
        "social": (organisation.social_accounts, site.social_accounts, lambda key: social_labels[key]),
    }
    checks = []
    for channel, (expected, shown, label) in pairs.items():
        check = ChannelCheck(entity=entity, channel=channel, language=language)
        for key in sorted({*expected, *shown}):
            check.checked += 1
            if _normalised(expected.get(key, "")) != _normalised(shown.get(key, "")):
                check.differences.append(
                    Difference(
                        item=label(key),
                        organisation_value=expected.get(key, "") or _("(not stated)"),
                        channel_value=shown.get(key, "") or _("(not stated)"),
                    )
                )
        checks.append(check)
    return checks


def _normalised(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().rstrip("/").casefold()


def _digits(value: str) -> str | None:
    compact = re.sub(r"[\s\u202f\u00a0.,]", "", value)
    return compact if compact.isdigit() else None


def _language_gaps(baselines: dict[str, ResolvedStory]) -> list[tuple[str, str, Difference]]:
    """The organisation's numbers and social addresses must not change with the language."""
    gaps = []
    languages = list(baselines)
    for index, language in enumerate(languages):
        for other in languages[index + 1 :]:
            first, second = baselines[language], baselines[other]
            for key in sorted(set(first.facts) & set(second.facts)):
                a, b = _digits(first.facts[key]), _digits(second.facts[key])
                if a is not None and b is not None and a != b:
                    gaps.append(
                        (language, other, Difference(fact_label(key), first.facts[key], second.facts[key]))
                    )
            for key in sorted(set(first.social_accounts) & set(second.social_accounts)):
                if _normalised(first.social_accounts[key]) != _normalised(second.social_accounts[key]):
                    gaps.append(
                        (
                            language,
                            other,
                            Difference(
                                SOCIAL_NETWORKS.get(key, key),
                                first.social_accounts[key],
                                second.social_accounts[key],
                            ),
                        )
                    )
    return gaps
