"""Recording a request to /r/<code>: classify it through the pipeline, then one INSERT."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest

from ambassade.links.models import Click
from ambassade.links.pipeline import Visit, classify
from ambassade.links.targets import LinkTarget
from ambassade.links.visitors import client_ip, salt_day, salt_for, user_agent, visitor_hash


def click_record(*, request: HttpRequest, target: LinkTarget, now: datetime) -> Click:
    """Store the click (human, or dropped with its reason). It is committed before the redirect is
    answered, so that every 302 a visitor receives has its click recorded, even if the worker dies."""
    ip, agent = client_ip(request), user_agent(request)
    salt = salt_for(salt_day(now), create=True)
    assert salt is not None
    visitor = visitor_hash(salt=salt, link_id=target.link_id, ip=ip, agent=agent)
    visit = Visit(request=request, target=target, now=now, ip=ip, agent=agent, visitor=visitor)
    reason = classify(visit)
    return Click.objects.create(link_id=target.link_id, occurred_at=now, visitor=visitor, reason=reason)
