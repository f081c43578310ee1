"""Hazard report pages: the public form and tracking page, the duty officer's live view and actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from feedback.hazard_reports import abuse, selectors
from feedback.hazard_reports.enums import Channel, HazardCategory, ReportStatus
from feedback.hazard_reports.forms import CloseForm, DispatchForm, ReportForm, VerifyForm, initial_place_for
from feedback.hazard_reports.models import HazardPhoto, HazardReport
from feedback.hazard_reports.photos import MAX_PHOTOS, max_photo_bytes, process_photo
from feedback.hazard_reports.services.reports import (
    HANDLING_ROLES,
    hazard_report_acknowledge,
    hazard_report_close,
    hazard_report_dispatch,
    hazard_report_submit,
    hazard_report_verify,
)
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.scoping import can_see_unit
from firesvc.core.storage import StorageFullError
from firesvc.security.client_address import client_address


def _render_form(request: HttpRequest, form: ReportForm, *, status: int = 200, refused: str = "") -> HttpResponse:
    context: dict[str, Any] = {"form": form, "refused": refused}
    if not form.is_bound and not form.initial:  # the blank form most visitors get
        context["fields_html"] = _blank_fields_html(form)
    return render(request, "hazard_reports/report_form.html", context, status=status)


# The blank form's fields, rendered once per language and list of sub-districts in each process: through
# crispy's templates they cost twice a whole minimal page (bench/load.py). The sub-districts are read on
# every request (the query the form makes anyway), so a unit added or renamed shows at once.
_BLANK_FIELDS: dict[tuple[str, tuple[tuple[int, str], ...]], SafeString] = {}


def _blank_fields_html(form: ReportForm) -> SafeString:
    key = (get_language(), tuple(form.fields["subdistrict"].queryset.values_list("pk", "name")))
    html = _BLANK_FIELDS.get(key)
    if html is None:
        if len(_BLANK_FIELDS) >= 16:  # old lists of sub-districts: keep the memory bounded
            _BLANK_FIELDS.clear()
        html = _BLANK_FIELDS[key] = mark_safe(render_to_string(  # noqa: S308  (a template's output)
            "hazard_reports/_report_fields.html", {"form": form}))
    return html


def _content_length(request: HttpRequest) -> int:
    value = request.META.get("CONTENT_LENGTH") or "0"
    return int(value) if value.isdigit() else 0


def _too_many(request: HttpRequest, form: ReportForm, retry_after: int) -> HttpResponse:
    minutes = max(1, retry_after // 60)
    response = _render_form(request, form, status=429, refused=_(
        "Too many reports have been sent from here. Please try again in %(minutes)d minutes. "
        "If there is a fire, call 119 now.") % {"minutes": minutes})
    response["Retry-After"] = str(retry_after)
    return response


@never_cache
def report(request: HttpRequest) -> HttpResponse:
    """The public form: no account needed; grid managers find their grid preselected."""
    if request.method != "POST":
        return _render_form(request, ReportForm(initial=initial_place_for(request.user)))
    ip = client_address(request) or "unknown"
    if _content_length(request) > MAX_PHOTOS * max_photo_bytes() + 1024 * 1024:
        # Refused before the body is read: nothing of it can be shown again, so say so plainly.
        return _render_form(request, ReportForm(initial=initial_place_for(request.user)), status=413, refused=_(
            "The report is too large. Send at most %(n)d photos of up to %(mb)d MB each.") % {
            "n": MAX_PHOTOS, "mb": max_photo_bytes() // 1024 // 1024})
    form = ReportForm(request.POST, request.FILES)
    verdict = abuse.hit("ip", ip)
    if not verdict.allowed:
        return _too_many(request, form, verdict.retry_after)
    if form.is_bot:  # looks accepted; nothing is stored
        messages.success(request, _("Thank you, your report has been received."))
        return redirect("hazard_reports:report")
    if not form.is_valid():
        return _render_form(request, form, status=400)
    data = form.cleaned_data
    phone = "".join(ch for ch in data["reporter_phone"] if ch.isdigit())
    verdict = abuse.hit("phone", phone)
    if not verdict.allowed:
        return _too_many(request, form, verdict.retry_after)
    photos = []
    for upload in form.uploaded_photos():
        try:
            photos.append(process_photo(upload.read()))
        except ValueError as exc:
            form.add_error("photos", f"{upload.name}: {exc}")
    if form.errors:
        return _render_form(request, form, status=400)
    staff = getattr(request.user, "is_authenticated", False) and request.user.is_staff_member
    try:
        row = hazard_report_submit(
            category=data["category"], subdistrict=data["subdistrict"], community=data["community"],
            grid=data["grid"], address=data["address"], description=data["description"],
            latitude=data["latitude"], longitude=data["longitude"], reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"], photos=photos, actor=request.user,
            channel=Channel.STAFF if staff else Channel.WEB, client_ip=ip if ip != "unknown" else None,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_form(request, form, status=400)
    except StorageFullError:
        # Nothing was stored (the report rolled back with its photos): the form comes back as typed.
        form.add_error("photos", _("The server could not store the photos, so the report was not sent. "
                                   "Send it again without photos, or try again later. If there is a fire, "
                                   "call 119 now."))
        return _render_form(request, form, status=503)
    messages.success(request, _("Your report has been received. Keep this page's address: it is your tracking code."))
    return redirect(row.get_tracking_url())


@require_GET
def places(request: HttpRequest) -> JsonResponse:
    """Children of a sub-district (communities) or of a community (grids), for the chained selects."""
    parent = request.GET.get("parent", "")
    if not parent.isdigit():
        return JsonResponse({"error": _("parent must be a unit id.")}, status=400)
    rows = OrgUnit.objects.filter(parent_id=int(parent), kind__in=[UnitKind.COMMUNITY, UnitKind.GRID]) \
        .order_by("path").values("id", "name")
    return JsonResponse({"places": list(rows)})


@never_cache
def track(request: HttpRequest, code: str) -> HttpResponse:
    row = get_object_or_404(HazardReport.objects.select_related("subdistrict", "community", "grid", "duplicate_of"),
                            tracking_code=code)
    followed = row.duplicate_of if row.status == ReportStatus.LINKED and row.duplicate_of else row
    return render(request, "hazard_reports/track.html", {
        "report": row, "followed": followed, "steps": selectors.public_steps(followed),
        "photos": row.photos.all(), "team": selectors.covering_team(row),
    })


def _photo_response(photo: HazardPhoto) -> FileResponse:
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def photo_public(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A photo, to whoever holds the report's tracking code."""
    return _photo_response(get_object_or_404(HazardPhoto, pk=pk, report__tracking_code=code))


@login_required
def photo_staff(request: HttpRequest, pk: int) -> FileResponse:
    """A photo, to whoever may open the report (a handler in scope): not to every member of staff."""
    _handler_only(request)
    photo = get_object_or_404(HazardPhoto.objects.select_related("report"), pk=pk)
    if not can_see_unit(request.user, photo.report.subdistrict_id) or not request.user.is_staff_member:
        raise Http404
    return _photo_response(photo)


def _handler_only(request: HttpRequest) -> None:
    user: Any = request.user
    if not (user.is_administrator or user.has_role(*HANDLING_ROLES)):
        raise PermissionDenied


@login_required
def duty(request: HttpRequest) -> HttpResponse:
    """The duty officer's live view: new reports with their ten-minute countdown (refreshed by JS)."""
    _handler_only(request)
    return render(request, "hazard_reports/duty.html", _duty_context(request))


@login_required
@never_cache
def duty_live(request: HttpRequest) -> HttpResponse:
    """The fragment the live view polls every few seconds.

    Rendered without the request: the fragment prints only what ``_duty_context`` gives, so the context
    processors (the menu, the unread count's query) would be work for nothing on every poll."""
    _handler_only(request)
    return HttpResponse(render_to_string("hazard_reports/_duty_rows.html", _duty_context(request)))


def _duty_context(request: HttpRequest) -> dict[str, Any]:
    """What the page and its live fragment print: both go through here, so they show the same rows."""
    now = timezone.now()
    rows = selectors.duty_rows(request.user)
    return {"rows_html": _duty_rows_html(request, rows, now),
            "closed_html": _closed_rows_html(selectors.recently_closed(request.user))}


def _duty_rows_html(request: HttpRequest, rows: list[selectors.DutyRow], now: datetime) -> SafeString:
    """The queue's table rows, written out here with ``escape`` on every value: the fragment is polled every
    few seconds by each duty officer, and through the template engine its rows were most of its cost
    (bench/load.py, 30 open reports: 11 ms of CPU per request, 3.3 ms written here). A value outside the
    choices prints as stored, as ``get_FOO_display`` does."""
    if not rows:
        return mark_safe("")
    categories = {c.value: escape(str(c.label)) for c in HazardCategory}
    statuses = {s.value: escape(str(s.label)) for s in ReportStatus}
    escalated = f' <span class="badge text-bg-danger">{escape(_("escalated"))}</span>'
    overdue = escape(_("overdue"))
    detail_head, detail_tail = _url_around_pk("hazard_reports:detail")
    ack_head, ack_tail = _url_around_pk("hazard_reports:acknowledge")
    form_tail = ""  # the acknowledge form after the report's id in its action
    if any(row.status == ReportStatus.NEW for row in rows):
        # One token for every form on the page, as the template's {% csrf_token %} gives; a space parts the
        # inline form from the link, as the template's line break did.
        form_tail = (
            f'{ack_tail}" class="d-inline">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
            f'<button class="btn btn-sm btn-danger" data-acknowledge>{escape(_("Acknowledge"))}</button></form> ')
    open_tail = f'{detail_tail}">{escape(_("Open"))}</a>'  # the link after the report's id
    html = []
    for row in rows:
        new = row.status == ReportStatus.NEW
        left = selectors.seconds_left(row, now)
        if left is None:
            clock = ""
        elif left < 0:
            clock = f'<span class="countdown fw-bold text-danger" data-seconds-left="{left}">{overdue}</span>'
        else:  # whole minutes, rounded as {% widthratio left 60 1 %} rounds
            clock = f'<span class="countdown fw-bold" data-seconds-left="{left}">{round(left / 60)} min</span>'
        form = f'<form method="post" action="{ack_head}{row.pk}{form_tail}' if new else ""
        category = categories.get(row.category) or escape(row.category)
        status = statuses.get(row.status) or escape(row.status)
        html.append(
            f'<tr data-report="{row.pk}" class="{"table-warning" if new else ""}">'
            f"<td>{timezone.localtime(row.created_at):%H:%M}</td><td>{category}</td>"
            f'<td>{escape(row.place)}<div class="small text-muted">{escape(row.address)}</div></td>'
            f"<td>{status}{escalated if row.escalated_at else ''}</td><td>{clock}</td>"
            f'<td class="text-nowrap">{form}'
            f'<a class="btn btn-sm btn-outline-secondary" href="{detail_head}{row.pk}{open_tail}</td></tr>')
    return mark_safe("\n".join(html))  # noqa: S308  (every value above is escaped)


def _url_around_pk(name: str) -> tuple[str, str]:
    """A report URL's text before and after the report's id (escaped), to write many rows' links with
    one ``reverse``."""
    head, tail = reverse(name, args=[987654321]).split("987654321")
    return escape(head), escape(tail)


def _closed_rows_html(rows: list[selectors.ClosedRow]) -> SafeString:
    """The recently closed reports' list items, as ``_duty_rows_html`` writes the queue's rows."""
    head, tail = _url_around_pk("hazard_reports:detail")
    return mark_safe("".join(  # noqa: S308  (the address is escaped; the rest are numbers and dates)
        f'<li><a href="{head}{row.pk}{tail}">#{row.pk}</a> {escape(row.address)} · '
        f'{f"{timezone.localtime(row.closed_at):%m-%d %H:%M}" if row.closed_at else ""}</li>' for row in rows))


@login_required
def detail(request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    _handler_only(request)
    row = get_object_or_404(HazardReport.objects.visible_to(request.user)
                            .select_related("subdistrict", "community", "grid", "duplicate_of", "acknowledged_by"),
                            pk=pk)
    context = {
        "report": row, "photos": row.photos.all(), "clocks": selectors.clocks_of(row),
        "team": selectors.covering_team(row), "duplicates": row.duplicates.all(),
        "seconds_left": selectors.seconds_left(row),
        "dispatch_form": DispatchForm(), "verify_form": VerifyForm(), "close_form": CloseForm(),
        **(forms or {}),
    }
    return render(request, "hazard_reports/detail.html", context, status=status)


def _act(request: HttpRequest, pk: int, form_class: Any, form_name: str, action: Any) -> HttpResponse:
    _handler_only(request)
    row = get_object_or_404(HazardReport.objects.visible_to(request.user), pk=pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return detail(request, pk, forms={form_name: form}, status=400)
    try:
        action(row, form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
            return redirect(row.get_absolute_url())
        form.add_error(None, exc)
        return detail(request, pk, forms={form_name: form}, status=400)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("Saved."))
    return redirect(row.get_absolute_url())


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, None, "", lambda row, data: hazard_report_acknowledge(report=row, actor=request.user))


@login_required
@require_POST
def dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, DispatchForm, "dispatch_form", lambda row, data: hazard_report_dispatch(
        report=row, actor=request.user, target=data["target"], note=data["note"]))


@login_required
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, VerifyForm, "verify_form", lambda row, data: hazard_report_verify(
        report=row, actor=request.user, outcome=data["outcome"], note=data["note"]))


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, CloseForm, "close_form", lambda row, data: hazard_report_close(
        report=row, actor=request.user, reply=data["reply"]))
