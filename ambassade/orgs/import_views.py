from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ambassade.orgs.permissions import hr_admin_required


@hr_admin_required
def people_import_list(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/import_list.html", {})


@hr_admin_required
def people_import_create(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/import_list.html", {})
