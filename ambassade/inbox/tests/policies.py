"""The permission policy of the inbox URLs (see ambassade/testing/permissions.py).

The inbox is for HR admins, communication officers and recruiters; canned answers and the FAQ's review
for HR admins and communication officers; the career site's "Ask us" and FAQ pages for everybody.
"""

from __future__ import annotations

from typing import Any

from ambassade.testing.factories import World
from ambassade.testing.permissions import Rule, api_rule


def policy_conversation(world: World) -> dict[str, Any]:
    from ambassade.inbox.tests.support import ask_create

    return {"pk": ask_create(world.hq).pk}


def policy_canned(world: World) -> dict[str, Any]:
    from ambassade.inbox.tests.support import canned_create

    return {"pk": canned_create(world.organisation).pk}


def policy_faq(world: World) -> dict[str, Any]:
    from ambassade.inbox.tests.support import faq_create

    return {"pk": faq_create(world.hq, status="draft").pk}


def policy_site(world: World) -> dict[str, Any]:
    return {"entity_slug": world.hq.slug}


INBOX = "N302 A200 C200 R200 M403 E403 O200"
INBOX_OBJECT = "N302 A200 C200 R200 M403 E403 O404"
INBOX_POST = "N302 A302 C302 R302 M403 E403 O404"
EDITORS = "N302 A200 C200 R403 M403 E403 O200"
EDITORS_OBJECT = "N302 A200 C200 R403 M403 E403 O404"
EDITORS_POST = "N302 A302 C302 R403 M403 E403 O404"
# Deleted by the HR admin first: gone for the next persona.
EDITORS_DELETE = "N302 A302 C404 R403 M403 E403 O404"
PUBLIC = "N200 A200 C200 R200 M200 E200 O200"

POLICY: dict[str, Rule] = {
    "inbox_list": Rule(INBOX),
    "inbox_conversation": Rule(INBOX_OBJECT, kwargs=policy_conversation),
    "inbox_assign": Rule(
        INBOX_POST, method="post", kwargs=policy_conversation, data=lambda w: {"assignee": ""}
    ),
    "inbox_status": Rule(
        INBOX_POST, method="post", kwargs=policy_conversation, data=lambda w: {"status": "open"}
    ),
    "inbox_reply": Rule(
        INBOX_POST, method="post", kwargs=policy_conversation, data=lambda w: {"body": "Bonjour, oui."}
    ),
    "inbox_record": Rule(
        INBOX_POST,
        method="post",
        kwargs=policy_conversation,
        data=lambda w: {"body": "Répondu au téléphone."},
    ),
    "inbox_note": Rule(
        INBOX_POST, method="post", kwargs=policy_conversation, data=lambda w: {"note-body": "À suivre"}
    ),
    "inbox_faq_propose": Rule(INBOX_OBJECT, kwargs=policy_conversation),
    "inbox_metrics": Rule(INBOX),
    "inbox_canned_list": Rule(EDITORS),
    "inbox_canned_new": Rule(EDITORS),
    "inbox_canned_edit": Rule(EDITORS_OBJECT, kwargs=policy_canned),
    "inbox_canned_delete": Rule(EDITORS_DELETE, method="post", kwargs=policy_canned),
    "inbox_faq_list": Rule(EDITORS),
    "inbox_faq_new": Rule(EDITORS),
    "inbox_faq_edit": Rule(EDITORS_OBJECT, kwargs=policy_faq),
    "inbox_faq_submit": Rule(EDITORS_POST, method="post", kwargs=policy_faq),
    "inbox_faq_publish": Rule(EDITORS_POST, method="post", kwargs=policy_faq),
    "inbox_faq_unpublish": Rule(EDITORS_POST, method="post", kwargs=policy_faq),
    "inbox_faq_delete": Rule(EDITORS_DELETE, method="post", kwargs=policy_faq),
    # The career sites' pages: anyone, signed in or not.
    "inbox_ask": Rule(PUBLIC, kwargs=policy_site),
    "inbox_ask_thanks": Rule(PUBLIC, kwargs=policy_site),
    "inbox_faq_public": Rule(PUBLIC, kwargs=policy_site),
    # The API: the inbox roles; another organisation's conversation is a 404.
    "api:conversation_list": api_rule("N401 A200 C200 R200 M403 E403 O200", "get"),
    "api:conversation_detail": api_rule("N401 A200 C200 R200 M403 E403 O404", "get", policy_conversation),
    # An empty body is refused before anything else.
    "api:conversation_reply": api_rule("N401 A422 C422 R422 M422 E422 O422", "post", policy_conversation),
    "api:conversation_update": api_rule("N401 A200 C200 R200 M403 E403 O404", "patch", policy_conversation),
}
