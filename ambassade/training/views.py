"""The training screens: "My training" for every member (register, cancel, .ics, self check-in); the
programmes, tracks, sessions, waves and attendance for programme admins (HR admins, comms)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassade.orgs.models import Membership
from ambassade.orgs.permissions import member_required, roles_required
from ambassade.orgs.roles import Role
from ambassade.training import ics, selectors, services
from ambassade.training.forms import ProgrammeForm, SessionForm, SheetForm, TrackForm, WaveForm
from ambassade.training.models import Registration, Track, TrainingProgramme, TrainingSession

admin_required = roles_required(Role.HR_ADMIN, Role.COMMS)


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _flash(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- my training (every member) ---------------------------------------------------------------------


@member_required
def training_mine(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    upcoming, past = selectors.my_training(membership=membership)
    context = {
        "upcoming": upcoming,
        "past": past,
        "is_admin": selectors.is_training_admin(membership),
        "has_person": membership.person is not None,
    }
    return render(request, "training/mine.html", context)


@member_required
@require_POST
def training_session_register(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    stale = _session_in_organisation(membership, pk)
    try:  # a page opened before the session was cancelled or started: say so rather than a 404
        services.session_joinable_check(stale)
    except ValidationError as error:
        if selectors.my_registration(membership=membership, session=stale) is None and not (
            selectors.session_fits(membership=membership, session=stale)
        ):
            raise Http404 from error
        _flash(request, error)
        return redirect("training_mine")
    session = selectors.session_get_for_member(membership=membership, pk=pk)
    person = membership.person
    if person is None or not selectors.session_open_to(membership=membership, session=session):
        raise Http404
    try:
        registration = services.registration_create(actor=request.user, session=session, person=person)
    except ValidationError as error:
        _flash(request, error)
    else:
        if registration.status == Registration.Status.WAITING:
            messages.info(
                request,
                _("The session is full: you are number %(position)s on the waiting list.")
                % {"position": services.waiting_position(registration)},
            )
        else:
            messages.success(request, _("You are registered. The invitation is in your e-mail."))
    return redirect(reverse("training_mine") + f"#session-{session.pk}")


@member_required
@require_POST
def training_session_unregister(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    session = selectors.session_get_for_member(membership=membership, pk=pk)
    registration = selectors.my_registration(membership=membership, session=session)
    if registration is None:
        raise Http404
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        _flash(request, error)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(reverse("training_mine") + f"#session-{session.pk}")


@member_required
def training_session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    session = selectors.session_get_for_member(membership=membership, pk=pk)
    registration = selectors.my_registration(membership=membership, session=session)
    person = membership.person if registration is not None else None
    method = "CANCEL" if session.cancelled_at else "REQUEST"
    content = ics.session_calendar(session=session, person=person, method=method)
    response = HttpResponse(content, content_type=f"text/calendar; method={method}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics.ics_filename(session)}"'
    return response


@member_required
def training_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Self check-in: the session's QR code leads here; the signed-in person confirms they are present."""
    membership = _membership(request)
    session = _session_in_organisation(membership, pk)
    registration = selectors.my_registration(membership=membership, session=session)
    now = timezone.now()
    is_open = (
        session.cancelled_at is None and session.starts_at - services.CHECK_IN_EARLY <= now <= session.ends_at
    )
    if request.method == "POST":
        if membership.person is None:
            messages.error(request, _("Your account is not linked to a person of the organisation."))
        else:
            try:
                registration = services.self_check_in(
                    actor=request.user, session=session, person=membership.person
                )
            except ValidationError as error:
                _flash(request, error)
            else:
                messages.success(request, _("Thank you: your attendance is recorded."))
        return redirect("training_check_in", pk=session.pk)
    context = {"session": session, "registration": registration, "is_open": is_open}
    return render(request, "training/check_in.html", context)


def _session_in_organisation(membership: Membership, pk: int) -> TrainingSession:
    session = TrainingSession.objects.filter(organisation=membership.organisation, pk=pk).first()
    if session is None:
        raise Http404
    return session


# --- programmes and tracks (admins) -----------------------------------------------------------------


@admin_required
def training_programme_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programme_list(membership=_membership(request))
    return render(request, "training/programme_list.html", {"programmes": programmes})


@admin_required
def training_programme_new(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                actor=request.user, organisation=membership.organisation, values=form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Programme created."))
            return redirect("training_programme_detail", pk=programme.pk)
    return render(request, "training/programme_form.html", {"form": form, "programme": None})


@admin_required
def training_programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    programme = selectors.programme_get_for_user(membership=membership, pk=pk)
    initial = {name: getattr(programme, name) for name in services.PROGRAMME_FIELDS}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(actor=request.user, programme=programme, values=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("training_programme_detail", pk=programme.pk)
    return render(request, "training/programme_form.html", {"form": form, "programme": programme})


@admin_required
def training_programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    programme = selectors.programme_get_for_user(membership=membership, pk=pk)
    tracks = programme.tracks.select_related("audience")
    sessions = selectors.with_counts(
        TrainingSession.objects.filter(track__programme=programme).select_related("track", "organisation")
    ).order_by("starts_at", "pk")
    waves = programme.waves.prefetch_related("audiences", "entities", "departments")
    context = {
        "programme": programme,
        "tracks": tracks,
        "sessions": sessions,
        "waves": waves,
        "now": timezone.now(),
    }
    return render(request, "training/programme_detail.html", context)


@admin_required
def training_track_new(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    programme = selectors.programme_get_for_user(membership=membership, pk=pk)
    form = TrackForm(request.POST or None, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            track = services.track_create(actor=request.user, programme=programme, values=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Track created."))
            return redirect("training_track_detail", pk=track.pk)
    return render(request, "training/track_form.html", {"form": form, "programme": programme, "track": None})


@admin_required
def training_track_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    track = selectors.track_get_for_user(membership=membership, pk=pk)
    initial = {name: getattr(track, name) for name in services.TRACK_FIELDS}
    form = TrackForm(request.POST or None, organisation=membership.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.track_update(actor=request.user, track=track, values=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Track saved."))
            return redirect("training_track_detail", pk=track.pk)
    context = {"form": form, "programme": track.programme, "track": track}
    return render(request, "training/track_form.html", context)


@admin_required
def training_track_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    track = selectors.track_get_for_user(membership=membership, pk=pk)
    sessions = selectors.with_counts(track.sessions.select_related("track", "organisation")).order_by(
        "starts_at", "pk"
    )
    return render(request, "training/track_detail.html", {"track": track, "sessions": sessions})


# --- sessions (admins) ------------------------------------------------------------------------------


@admin_required
def training_session_new(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    track: Track = selectors.track_get_for_user(membership=membership, pk=pk)
    form = SessionForm(request.POST or None, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(actor=request.user, track=track, values=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Session created."))
            return redirect("training_session_detail", pk=session.pk)
    return render(request, "training/session_form.html", {"form": form, "track": track, "session": None})


@admin_required
def training_session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    session = selectors.session_get_for_admin(membership=membership, pk=pk)
    form = SessionForm(
        request.POST or None, organisation=membership.organisation, initial=SessionForm.initial_for(session)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(actor=request.user, session=session, values=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Session saved."))
            return redirect("training_session_detail", pk=session.pk)
    return render(
        request, "training/session_form.html", {"form": form, "track": session.track, "session": session}
    )


@admin_required
def training_session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    session = selectors.session_get_for_admin(membership=membership, pk=pk)
    check_in_url = settings.SITE_URL + reverse("training_check_in", kwargs={"pk": session.pk})
    context = {
        "session": session,
        "registrations": selectors.session_registrations(session=session),
        "sheet_form": SheetForm(),
        "check_in_url": check_in_url,
        "attendance_choices": Registration.Attendance.choices,
        "attendance_open": services.attendance_open(session),
        "report": None,
    }
    return render(request, "training/session_detail.html", context)


@admin_required
@require_POST
def training_session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    session = selectors.session_get_for_admin(membership=membership, pk=pk)
    services.session_cancel(actor=request.user, session=session)
    messages.success(request, _("Session cancelled: the people registered are told by e-mail."))
    return redirect("training_session_detail", pk=session.pk)


@admin_required
def training_session_qr(request: HttpRequest, pk: int) -> HttpResponse:
    import segno

    membership = _membership(request)
    session = selectors.session_get_for_admin(membership=membership, pk=pk)
    url = settings.SITE_URL + reverse("training_check_in", kwargs={"pk": session.pk})
    qr = segno.make(url, error="m")
    return HttpResponse(qr.svg_inline(scale=6, border=2), content_type="image/svg+xml")


@admin_required
@require_POST
def training_attendance_set(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    registration = selectors.registration_get_for_admin(membership=membership, pk=pk)
    value = request.POST.get("attendance", "")
    try:
        registration = services.attendance_set(
            actor=request.user,
            registration=registration,
            attendance=value,
            source=Registration.AttendanceSource.MANUAL,
        )
    except ValidationError as error:
        if request.headers.get("HX-Request"):
            return HttpResponse(" ".join(error.messages), status=400)
        _flash(request, error)
    if request.headers.get("HX-Request"):
        context = {"registration": registration, "attendance_choices": Registration.Attendance.choices}
        return render(request, "training/_attendance.html", context)
    return redirect(
        reverse("training_session_detail", kwargs={"pk": registration.session_id}) + "#attendance"
    )


@admin_required
@require_POST
def training_attendance_import(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    session = selectors.session_get_for_admin(membership=membership, pk=pk)
    form = SheetForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        report = services.attendance_sheet_import(
            actor=request.user, session=session, data=upload.read(), filename=upload.name
        )
        if not report.errors:
            messages.success(
                request,
                _(
                    "Sign-in sheet imported: %(present)s present, %(absent)s absent, "
                    "%(walk_ins)s not registered."
                )
                % {"present": report.present, "absent": report.absent, "walk_ins": report.walk_ins},
            )
            if not report.unknown:
                return redirect(reverse("training_session_detail", kwargs={"pk": session.pk}) + "#attendance")
        session = selectors.session_get_for_admin(membership=membership, pk=pk)
    check_in_url = settings.SITE_URL + reverse("training_check_in", kwargs={"pk": session.pk})
    context = {
        "session": session,
        "registrations": selectors.session_registrations(session=session),
        "sheet_form": form,
        "check_in_url": check_in_url,
        "attendance_choices": Registration.Attendance.choices,
        "attendance_open": services.attendance_open(session),
        "report": report,
    }
    return render(
        request, "training/session_detail.html", context, status=200 if report and not report.errors else 400
    )


# --- waves (admins) ---------------------------------------------------------------------------------


def _wave_initial(wave: Any) -> dict[str, Any]:
    initial = {name: getattr(wave, name) for name in services.WAVE_FIELDS}
    if wave.send_at:
        initial["send_at"] = timezone.localtime(wave.send_at, selectors_zone(wave)).strftime("%Y-%m-%dT%H:%M")
    for name in ("audiences", "entities", "departments"):
        initial[name] = list(getattr(wave, name).all())
    return initial


def selectors_zone(wave: Any) -> Any:
    from ambassade.orgs.models import organisation_zone

    return organisation_zone(wave.programme.organisation)


@admin_required
def training_wave_new(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    programme: TrainingProgramme = selectors.programme_get_for_user(membership=membership, pk=pk)
    form = WaveForm(
        request.POST or None,
        organisation=membership.organisation,
        initial={"position": programme.waves.count() + 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.wave_create(actor=request.user, programme=programme, values=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("training_wave_detail", pk=wave.pk)
    return render(request, "training/wave_form.html", {"form": form, "programme": programme, "wave": None})


@admin_required
def training_wave_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    wave = selectors.wave_get_for_user(membership=membership, pk=pk)
    if wave.sent_at is not None:
        messages.error(request, _("This wave has been sent: it can no longer be changed."))
        return redirect("training_wave_detail", pk=wave.pk)
    form = WaveForm(request.POST or None, organisation=membership.organisation, initial=_wave_initial(wave))
    if request.method == "POST" and form.is_valid():
        try:
            services.wave_update(actor=request.user, wave=wave, values=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("training_wave_detail", pk=wave.pk)
    return render(
        request, "training/wave_form.html", {"form": form, "programme": wave.programme, "wave": wave}
    )


@admin_required
def training_wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The wave's preview: how many people, and who."""
    membership = _membership(request)
    wave = selectors.wave_get_for_user(membership=membership, pk=pk)
    people = (
        services.wave_people(wave=wave)
        .select_related("department", "audience")
        .order_by("last_name", "first_name")
    )
    invited = set(wave.invitations.filter(sent_at__isnull=False).values_list("person_id", flat=True))
    context = {
        "wave": wave,
        "count": people.count(),
        "people": people[:500],
        "invited": invited,
        "invited_count": len(invited),
        "remaining": services.wave_not_yet_emailed(wave=wave).count() if wave.sent_at else 0,
    }
    return render(request, "training/wave_detail.html", context)


@admin_required
@require_POST
def training_wave_send(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request)
    wave = selectors.wave_get_for_user(membership=membership, pk=pk)
    services.wave_send(actor=request.user, wave=wave)
    messages.success(request, _("The wave is being sent: each person gets one e-mail."))
    return redirect("training_wave_detail", pk=wave.pk)
