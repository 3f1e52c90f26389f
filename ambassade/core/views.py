from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ambassade.core.models import AuditEvent
from ambassade.orgs.permissions import hr_admin_required


class AuditFilterForm(forms.Form):
    action = forms.CharField(required=False, max_length=80)


@hr_admin_required
def audit_list(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    events = AuditEvent.objects.filter(organisation=membership.organisation)
    form = AuditFilterForm(request.GET)
    action = form.cleaned_data["action"] if form.is_valid() else ""
    if action:
        events = events.filter(action__startswith=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page, "action": action})
