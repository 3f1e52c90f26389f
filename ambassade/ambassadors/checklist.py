"""Profile coaching: the checklist of a good profile per network, and the expertise self-assessment.

The checklist is defined here, in code, with a short how-to per item (French and English through the
catalogue); a ChecklistTick row records an item done. LinkedIn's "open to recruiters / be contacted by a
potential employer" setting is explained and the choice is the person's: its item is "I have reviewed
this setting", never "I turned it on" (or off).

Expertise (beginner / intermediate / expert) comes from a four-question self-assessment and the largest
follower count, by this rule (documented in docs/programme.md):

    score  = the sum of the four answers (each 0, 1 or 2: at most 8)
           + a follower bonus from the largest latest follower count of the person's accounts:
             under 200 → 0, 200 to 999 → 1, 1,000 to 4,999 → 2, 5,000 or more → 4
    level  = beginner up to 3, intermediate from 4 to 7, expert from 8
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ambassade.ambassadors.models import Expertise, Network


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: Promise | str
    how_to: Promise | str


_PHOTO_HOW_TO = _(
    "A recent, well-lit photo of your face, alone, looking at the camera. The programme's photo "
    "sessions are there for that."
)

CHECKLISTS: dict[str, tuple[ChecklistItem, ...]] = {
    Network.LINKEDIN: (
        ChecklistItem("photo", _("A professional photo"), _PHOTO_HOW_TO),
        ChecklistItem(
            "headline",
            _("A clear headline"),
            _(
                "Under your name: what you do and for whom, in a few words (e.g. “Project manager, "
                "digital services for citizens”), rather than only your job title."
            ),
        ),
        ChecklistItem(
            "about",
            _("An “About” section"),
            _(
                "Three or four sentences: what you work on, what you like in it, and what a candidate "
                "would find in your team. Write as you speak."
            ),
        ),
        ChecklistItem(
            "position",
            _("Your current position at the organisation"),
            _(
                "In “Experience”, add your current position and choose the organisation's own page from "
                "the list, so that your profile appears on it."
            ),
        ),
        ChecklistItem(
            "career_link",
            _("A link to the career site"),
            _(
                "Add the address of the career site to your profile (contact information or featured "
                "links): people who like your profile find the job offers in one click."
            ),
        ),
        ChecklistItem(
            "featured",
            _("Featured content"),
            _(
                "Pin one or two posts, articles or videos you are proud of, about your work or your "
                "team, in the “Featured” section."
            ),
        ),
        ChecklistItem(
            "open_to_recruiters",
            _("I have reviewed the “open to recruiters” setting"),
            _(
                "LinkedIn lets recruiters see that you are open to new opportunities, and potential "
                "employers contact you (Settings › Data privacy › Job seeking preferences). It is your "
                "choice, and it stays yours: the programme only asks that you know the setting exists "
                "and chose knowingly."
            ),
        ),
    ),
    Network.X: (
        ChecklistItem("photo", _("A profile photo"), _PHOTO_HOW_TO),
        ChecklistItem(
            "bio",
            _("A bio that says what you do"),
            _("One sentence on your work and your organisation; your opinions stay your own."),
        ),
        ChecklistItem(
            "career_link",
            _("A link to the career site"),
            _("Put the career site's address in your profile's website field."),
        ),
    ),
    Network.MASTODON: (
        ChecklistItem("photo", _("A profile photo"), _PHOTO_HOW_TO),
        ChecklistItem(
            "bio",
            _("A bio that says what you do"),
            _("One sentence on your work and your organisation; your opinions stay your own."),
        ),
        ChecklistItem(
            "career_link",
            _("A link to the career site"),
            _("Add the career site's address to your profile's extra fields (Edit profile › Extra fields)."),
        ),
        ChecklistItem(
            "discoverable",
            _("I have reviewed the discoverability settings"),
            _(
                "Mastodon lets you choose whether your profile is suggested to others and your posts "
                "appear in search (Preferences › Privacy and reach). The choice is yours."
            ),
        ),
    ),
    Network.BLUESKY: (
        ChecklistItem("photo", _("A profile photo"), _PHOTO_HOW_TO),
        ChecklistItem(
            "bio",
            _("A bio that says what you do"),
            _("One sentence on your work and your organisation; your opinions stay your own."),
        ),
        ChecklistItem(
            "career_link",
            _("A link to the career site"),
            _("Put the career site's address in your bio."),
        ),
    ),
    Network.FACEBOOK: (
        ChecklistItem("photo", _("A profile photo"), _PHOTO_HOW_TO),
        ChecklistItem(
            "workplace",
            _("Your workplace"),
            _("In “About › Work”, add the organisation; you choose who can see it."),
        ),
        ChecklistItem(
            "audience_reviewed",
            _("I have reviewed who sees my posts"),
            _(
                "Facebook mixes private and public life: check who can see your posts (Settings › "
                "Privacy) and share the programme's content publicly only if you want to."
            ),
        ),
    ),
    Network.INSTAGRAM: (
        ChecklistItem("photo", _("A profile photo"), _PHOTO_HOW_TO),
        ChecklistItem(
            "bio",
            _("A bio that says what you do"),
            _("One sentence on your work and your organisation; your opinions stay your own."),
        ),
        ChecklistItem(
            "career_link",
            _("A link to the career site"),
            _("Add the career site's address to the links of your profile."),
        ),
    ),
    Network.YOUTUBE: (
        ChecklistItem(
            "photo", _("A channel picture"), _("A recognisable picture: your face or a clear illustration.")
        ),
        ChecklistItem(
            "description",
            _("A channel description"),
            _("What your videos are about, in two or three sentences."),
        ),
        ChecklistItem(
            "career_link",
            _("A link to the career site"),
            _("Add the career site's address to your channel's links (Customise channel › Basic info)."),
        ),
    ),
}

# LinkedIn's checklist is always shown (the programme starts there); others once an account is recorded.
ALWAYS_SHOWN = (Network.LINKEDIN,)


def checklist_items(network: str) -> tuple[ChecklistItem, ...]:
    return CHECKLISTS.get(network, ())


def checklist_item_exists(network: str, key: str) -> bool:
    return any(item.key == key for item in checklist_items(network))


# --- expertise ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    key: str
    label: Promise | str
    answers: tuple[tuple[int, Promise | str], ...]  # (score, label)


ASSESSMENT: tuple[Question, ...] = (
    Question(
        "posting",
        _("How often do you post or share on professional networks?"),
        ((0, _("Rarely or never")), (1, _("A few times a month")), (2, _("Every week or more"))),
    ),
    Question(
        "profile",
        _("How complete is your main profile?"),
        (
            (0, _("I have none, or it is nearly empty")),
            (1, _("The basics: name, job, a photo")),
            (2, _("Complete: headline, about, experience, featured content")),
        ),
    ),
    Question(
        "writing",
        _("Do you write your own posts or articles?"),
        ((0, _("Never")), (1, _("Sometimes")), (2, _("Regularly"))),
    ),
    Question(
        "settings",
        _("How comfortable are you with the networks' privacy and visibility settings?"),
        ((0, _("Not at all")), (1, _("Somewhat")), (2, _("Very comfortable"))),
    ),
)

FOLLOWER_BONUS = ((5000, 4), (1000, 2), (200, 1))
INTERMEDIATE_FROM = 4
EXPERT_FROM = 8


def assessment_score(answers: dict[str, int]) -> int:
    """The sum of the valid answers (unknown questions and out-of-range answers count 0)."""
    total = 0
    for question in ASSESSMENT:
        value = answers.get(question.key)
        if isinstance(value, int) and any(score == value for score, _label in question.answers):
            total += value
    return total


def follower_bonus(followers: int | None) -> int:
    for threshold, bonus in FOLLOWER_BONUS:
        if followers is not None and followers >= threshold:
            return bonus
    return 0


def expertise_from(*, answers: dict[str, int], followers: int | None) -> str:
    score = assessment_score(answers) + follower_bonus(followers)
    if score >= EXPERT_FROM:
        return Expertise.EXPERT
    if score >= INTERMEDIATE_FROM:
        return Expertise.INTERMEDIATE
    return Expertise.BEGINNER
