"""The ambassador's hub: the items meant for them and one-click sharing with their own tracked link.

Only enrolled ambassadors have a hub; other members see an invitation to join (or, after withdrawing,
that the hub is closed to them). Sharing never needs a network password or token: the browser opens
the network's own share dialog, prefilled.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ambassade.ambassadors import content_selectors as selectors
from ambassade.ambassadors import content_services as services
from ambassade.ambassadors.content_forms import HubFilterForm, ShareForm
from ambassade.ambassadors.models import Ambassador, ContentItem, Network, SuggestedText
from ambassade.ambassadors.sharing import CLIPBOARD_NETWORKS, mastodon_instance
from ambassade.careers.selectors import job_offer_public_url
from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import member_required

SESSION_INSTANCE = "hub_mastodon_instance"  # the instance typed once, offered again in this session


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _not_an_ambassador(request: HttpRequest, status: int = 200) -> HttpResponse:
    context = {"status": selectors.ambassador_status(_membership(request))}
    return render(request, "ambassadors/hub/join.html", context, status=status)


def _instance(request: HttpRequest, ambassador: Ambassador) -> str:
    return selectors.ambassador_mastodon_instance(ambassador=ambassador) or request.session.get(
        SESSION_INSTANCE, ""
    )


def _cards(request: HttpRequest, ambassador: Ambassador, items: list[ContentItem]) -> list[dict[str, Any]]:
    shared = selectors.shared_networks(ambassador=ambassador, item_ids=[item.pk for item in items])
    language = get_language() or "fr"
    return [
        {
            "item": item,
            "target": item_target_url(item),
            "shared": sorted(Network(network).label for network in shared.get(item.pk, set())),
            "networks": selectors.network_choices(
                item=item, ambassador=ambassador, language=language, shared=shared.get(item.pk, set())
            ),
        }
        for item in items
    ]


def item_target_url(item: ContentItem) -> str:
    """What the item leads to: its job's page on the career site, or its address."""
    if item.job_id and item.job is not None:
        return job_offer_public_url(item.job, absolute=True)
    return item.target_url


def _context(request: HttpRequest, ambassador: Ambassador) -> dict[str, Any]:
    return {
        "ambassador": ambassador,
        "mastodon_instance": _instance(request, ambassador),
        "clipboard_networks": CLIPBOARD_NETWORKS,
        "copy_words": {
            "copied": _("Your text is in the clipboard: paste it in the %(network)s window."),
            "failed": _("Copy your text by hand: the browser refused the clipboard."),
        },
    }


@member_required
def hub(request: HttpRequest) -> HttpResponse:
    ambassador = selectors.ambassador_for_membership(_membership(request))
    if ambassador is None:
        return _not_an_ambassador(request)
    form = HubFilterForm(request.GET or None)
    kind, not_shared = "", False
    if form.is_valid():
        kind, not_shared = form.cleaned_data["kind"], form.cleaned_data["not_shared"]
    items = selectors.hub_items(ambassador=ambassador, kind=kind, not_shared=not_shared)
    context = {**_context(request, ambassador), "form": form, "cards": _cards(request, ambassador, items)}
    return render(request, "ambassadors/hub/hub.html", context)


def _item_for(request: HttpRequest, pk: int) -> tuple[Ambassador | None, ContentItem | None]:
    """The enrolled ambassador and the item; a foreign or unknown item is a 404 for everyone."""
    membership = _membership(request)
    if not selectors.hub_item_exists_in_organisation(membership=membership, pk=pk):
        raise Http404
    ambassador = selectors.ambassador_for_membership(membership)
    if ambassador is None:
        return None, None
    return ambassador, selectors.hub_item_get_for_user(ambassador=ambassador, pk=pk)


def _item_page(
    request: HttpRequest, ambassador: Ambassador, item: ContentItem, *, error: dict[str, Any] | None = None
) -> HttpResponse:
    card = _cards(request, ambassador, [item])[0]
    context = {**_context(request, ambassador), "card": card, "item": item, "error": error or {}}
    return render(request, "ambassadors/hub/item.html", context, status=400 if error else 200)


@member_required
def hub_item(request: HttpRequest, pk: int) -> HttpResponse:
    ambassador, item = _item_for(request, pk)
    if ambassador is None or item is None:
        return _not_an_ambassador(request)
    return _item_page(request, ambassador, item)


@member_required
def hub_share(request: HttpRequest, pk: int) -> HttpResponse:
    """POST from a share button (opened in a new tab): record the share, then go to the network's
    share dialog with the text and the ambassador's own link."""
    ambassador, item = _item_for(request, pk)
    if ambassador is None or item is None:
        return _not_an_ambassador(request, status=403)
    if request.method != "POST":
        return _item_page(request, ambassador, item)
    form = ShareForm(request.POST)
    if not form.is_valid():
        network = request.POST.get("network", "")
        return _item_page(
            request, ambassador, item, error={"network": network, "messages": _form_messages(form)}
        )
    data = form.cleaned_data
    network = data["network"]
    text, own_text = _chosen_text(item, network, data["text"], data["own_text"])
    instance = ""
    if network == Network.MASTODON:
        typed = mastodon_instance(data["instance"]) if data["instance"] else ""
        if data["instance"] and not typed:
            message = _("%(value)s is not a server name: enter it like mastodon.social.") % {
                "value": data["instance"]
            }
            return _item_page(request, ambassador, item, error={"network": network, "messages": [message]})
        instance = typed or _instance(request, ambassador)
    try:
        _share, url = services.share_create(
            actor=request.user,
            ambassador=ambassador,
            item=item,
            network=network,
            text=text,
            own_text=own_text,
            instance=instance,
        )
    except ValidationError as error:
        return _item_page(request, ambassador, item, error={"network": network, "messages": error.messages})
    if network == Network.MASTODON and instance:
        request.session[SESSION_INSTANCE] = instance
    return HttpResponseRedirect(url)


def _chosen_text(
    item: ContentItem, network: str, choice: str, own_text: str
) -> tuple[SuggestedText | None, str | None]:
    if choice == "own":
        return None, own_text
    text = next((t for t in item.texts.all() if str(t.pk) == choice and t.network == network), None)
    return text, None


def _form_messages(form: ShareForm) -> list[str]:
    return [
        f"{form.fields[field].label or field}: {message}"
        for field, errors in form.errors.items()
        for message in errors
    ]
