"""Hazard report pages: the public form and tracking page, the duty officer's live view and actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.context_processors import csrf
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from feedback.hazard_reports import abuse, selectors
from feedback.hazard_reports.enums import Channel, HazardCategory, ReportStatus
from feedback.hazard_reports.forms import (
    CloseForm,
    DispatchForm,
    LinkForm,
    LookupForm,
    RateForm,
    ReportForm,
    VerifyForm,
    initial_place_for,
    subdistrict_label,
    subdistricts_of,
)
from feedback.hazard_reports.models import HazardPhoto, HazardReport
from feedback.hazard_reports.photos import MAX_PHOTOS, max_photo_bytes, process_photo
from feedback.hazard_reports.services.reporter import (
    REVIEW_ROLES,
    can_review,
    hazard_report_rate,
    hazard_report_review_close,
)
from feedback.hazard_reports.services.reports import (
    HANDLING_ROLES,
    hazard_report_acknowledge,
    hazard_report_close,
    hazard_report_dispatch,
    hazard_report_link,
    hazard_report_submit,
    hazard_report_unlink,
    hazard_report_verify,
)
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.scoping import can_see_unit
from firesvc.core.storage import StorageFullError
from firesvc.core.submissions import Submission
from firesvc.documents.qr import qr_svg
from firesvc.security.client_address import client_address
from firesvc.security.middleware import allow_inline_preview
from firesvc.sla.selectors import clock_rule_names


def _render_form(request: HttpRequest, form: ReportForm, *, status: int = 200, refused: str = "") -> HttpResponse:
    # An empty form's fields are cached (report_form.html) under what they show: the places to choose from.
    # A form with a signed-in user's name and phone (``form.personal``) is theirs alone: never cached.
    typed = set(form.initial) - {"city", "subdistrict", "community", "grid"}
    places = None if form.is_bound or typed or form.personal else [form.initial, form.city.pk if form.city else None, *(
        list(form.fields[name].queryset.values_list("pk", "name", "parent__name"))
        for name in ("city", "subdistrict", "community", "grid"))]
    return render(request, "hazard_reports/report_form.html", {"form": form, "refused": refused, "places": places},
                  status=status)


def _typed(request: HttpRequest) -> dict[str, Any]:
    """What was typed into the report form, as a new form's initial values (the places below the city are
    dropped: they belonged to the city chosen before)."""
    kept = ("category", "city", "address", "description", "reporter_name", "reporter_phone")
    initial = {name: request.POST.get(name, "") for name in kept if request.POST.get(name, "")}
    city = initial.get("city", "")
    if not (city.isdigit() and OrgUnit.objects.filter(pk=int(city), kind=UnitKind.DETACHMENT).exists()):
        initial.pop("city", None)
    return initial


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


class _TooMany(Exception):
    """Over a rate limit as the report was about to be stored: nothing is (the transaction rolls back)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


@never_cache
def report(request: HttpRequest) -> HttpResponse:
    """The public form: no account needed; grid managers find their grid preselected. A signed-in user is
    not asked for the name and phone their account holds: the report is theirs (``reporter``), with those."""
    account = request.user
    if request.method != "POST":
        return _render_form(request, ReportForm(initial=initial_place_for(account, request.GET), account=account))
    ip = client_address(request) or "unknown"
    if _content_length(request) > MAX_PHOTOS * max_photo_bytes() + 1024 * 1024:
        # Refused before the body is read: nothing of it can be shown again, so say so plainly.
        refused = _("The report is too large. Send at most %(n)d photos of up to %(mb)d MB each.") % {
            "n": MAX_PHOTOS, "mb": max_photo_bytes() // 1024 // 1024}
        return _render_form(request, ReportForm(initial=initial_place_for(account), account=account), status=413,
                            refused=refused)
    if request.POST.get("step") == "city":
        # Without script: "Show its sub-districts" sends the form back to be shown again for the chosen
        # city, with what was typed (photos must be chosen again); nothing is filed or counted.
        return _render_form(request, ReportForm(initial=_typed(request), account=account))
    form = ReportForm(request.POST, request.FILES, account=account)
    # The address limit is for residents: a signed-in member of staff (a grid manager on patrol) answers for
    # his reports by his account, and may share the address of a community's Wi-Fi or a carrier's NAT.
    staff = bool(getattr(account, "is_authenticated", False) and account.is_staff_member)
    counted_ip = "" if staff else ip
    if form.is_bot:  # looks accepted (until the address's limit); nothing is stored
        verdict = abuse.hit("ip", counted_ip)
        if not verdict.allowed:
            return _too_many(request, form, verdict.retry_after)
        messages.success(request, _("Thank you, your report has been received."))
        return redirect("hazard_reports:report")
    verdict = abuse.peek("ip", counted_ip)  # an address over its limit is refused before any work
    if not verdict.allowed:
        return _too_many(request, form, verdict.retry_after)
    if not form.is_valid():  # refused for its errors: nothing stored, nothing counted
        return _render_form(request, form, status=400)
    data = form.cleaned_data
    photos = []
    for upload in form.uploaded_photos():
        try:
            photos.append(process_photo(upload.read()))
        except ValueError as exc:
            form.add_error("photos", f"{upload.name}: {exc}")
    if form.errors:
        return _render_form(request, form, status=400)
    # A phone typed in is counted; an account's own is not (the account answers for its reports, and a grid
    # manager on patrol may send more in a day than a resident's limit).
    phone = "" if form.account_phone else "".join(ch for ch in data["reporter_phone"] if ch.isdigit())

    def store() -> HazardReport:
        # Counted only when the report is about to be stored (not a second click of the same form), and
        # before it is: a flood is refused.
        for kind, value in (("ip", counted_ip), ("phone", phone)):
            refused = abuse.hit(kind, value)
            if not refused.allowed:
                raise _TooMany(refused.retry_after)
        return hazard_report_submit(
            category=data["category"], subdistrict=data["subdistrict"], community=data["community"],
            grid=data["grid"], address=data["address"], description=data["description"],
            latitude=data["latitude"], longitude=data["longitude"], reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"], photos=photos, actor=request.user,
            channel=Channel.STAFF if staff else Channel.WEB, client_ip=ip if ip != "unknown" else None,
        )

    try:
        row = Submission.of(request).record(store)
    except _TooMany as exc:
        return _too_many(request, form, exc.retry_after)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_form(request, form, status=400)
    except StorageFullError:
        # Nothing was stored (the report rolled back with its photos): the form comes back as typed.
        form.add_error("photos", _("The server could not store the photos, so the report was not sent. "
                                   "Send it again without photos, or try again later. If there is a fire, "
                                   "call 119 now."))
        return _render_form(request, form, status=503)
    messages.success(request, _("Your report has been received. Note down your tracking code %(code)s: with it you "
                                "can follow the report at any time.") % {"code": row.tracking_code})
    return redirect(row.get_tracking_url())


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The reports the signed-in user sent (a grid manager's own reports), newest first, each linked to its
    tracking page."""
    page = Paginator(selectors.reports_by(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "hazard_reports/mine.html", {"page": page})


@require_GET
def places(request: HttpRequest) -> JsonResponse:
    """Sub-districts of a city, communities of a sub-district or grids of a community, for the chained
    selects."""
    parent = request.GET.get("parent", "")
    if not parent.isdigit():
        return JsonResponse({"error": _("parent must be a unit id.")}, status=400)
    city = OrgUnit.objects.filter(pk=int(parent), kind=UnitKind.DETACHMENT).first()
    if city is not None:  # a city's sub-districts, with their district beside each name
        return JsonResponse({"places": [{"id": unit.pk, "name": subdistrict_label(unit)}
                                        for unit in subdistricts_of(city)]})
    rows = OrgUnit.objects.filter(parent_id=int(parent), kind__in=[UnitKind.COMMUNITY, UnitKind.GRID]) \
        .order_by("path").values("id", "name")
    return JsonResponse({"places": list(rows)})


@require_GET
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable QR poster of a community or grid (十分钟消防便民服务圈): its code opens the report form
    with the place already chosen (``?place=``). Public, like the poster on the notice board."""
    unit = get_object_or_404(OrgUnit.objects.select_related("parent__parent"), pk=pk,
                             kind__in=[UnitKind.COMMUNITY, UnitKind.GRID])
    subdistrict = unit.ancestor_of_kind(UnitKind.SUBDISTRICT)
    if subdistrict is not None:
        subdistrict = OrgUnit.objects.select_related("parent").get(pk=subdistrict.pk)
    link = request.build_absolute_uri(f"{reverse('hazard_reports:report')}?place={unit.pk}")
    return render(request, "hazard_reports/poster.html", {
        "unit": unit, "subdistrict": subdistrict_label(subdistrict) if subdistrict else "", "link": link,
        "qr": qr_svg(link)})


@never_cache
def track(request: HttpRequest, code: str) -> HttpResponse:
    """The reporter's page: the steps, what followed in fire supervision, and the rating once closed. Each
    reporter follows their own report, its own steps and its own reply, even when the duty officer links it
    to an earlier report of the same hazard; a report folded into an earlier one by the former rule shows what
    was done on that one instead (``folded``)."""
    row = selectors.report_for_code(code, HazardReport.objects.select_related("subdistrict", "community", "grid",
                                                                              "duplicate_of"))
    if row is None:
        raise Http404
    if row.tracking_code != code:  # typed with small letters or look-alikes: to the report's own address
        return redirect(row.get_tracking_url())
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hazard_report_rate(report=row, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you for your rating."))
        return redirect(row.get_tracking_url())
    response = render(request, "hazard_reports/track.html", {
        "report": row, "steps": selectors.public_steps(row), "awaiting": selectors.acknowledgement_due(row),
        "photos": row.photos.all(), "team": selectors.covering_team(row),
        "chain": selectors.public_chain(row), "folded": selectors.folded_handling(row), "rate_form": form,
        "can_rate": row.status == ReportStatus.CLOSED and row.rated_at is None,
    }, status=400 if form.errors else 200)
    response["Referrer-Policy"] = "same-origin"  # the code must not leak to other sites (no-referrer breaks CSRF)
    return response


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """Find a report by its tracking code. Every sent code gets a redirect after one query (to the report, or
    back here with a message), so the answer does not tell a known code from an unknown one by its timing;
    attempts are counted per client address like the report form's."""
    form = LookupForm(request.POST or None)
    if request.method == "POST":
        verdict = abuse.hit("lookup", client_address(request) or "unknown")
        if not verdict.allowed:
            response = render(request, "hazard_reports/lookup.html", {"form": form, "refused": _(
                "Too many look-ups from here. Please try again in %(minutes)d minutes.") % {
                "minutes": max(1, verdict.retry_after // 60)}}, status=429)
            response["Retry-After"] = str(verdict.retry_after)
            return response
        if form.is_valid():
            row = selectors.report_for_code(form.cleaned_data["code"])
            if row is not None:
                return redirect(row.get_tracking_url())
            messages.error(request, _("No report has this tracking code. Check it: it is the last part of the "
                                      "address you were shown after sending the report."))
            return redirect("hazard_reports:lookup")
    return render(request, "hazard_reports/lookup.html", {"form": form}, status=400 if form.errors else 200)


def recheck_photo_public(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A photo of the re-check of the hazard recorded from the report, to whoever holds its tracking code."""
    report = get_object_or_404(HazardReport, tracking_code=code)
    attachment = selectors.recheck_photo(report, pk)
    if attachment is None or attachment.content_type not in ("image/jpeg", "image/png"):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return allow_inline_preview(response)  # a re-check's photo, JPEG or PNG as checked above: shown, not saved


def _photo_response(photo: HazardPhoto) -> FileResponse:
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    # Re-encoded as JPEG by the server (``process_photo``): tapped, it is shown, not saved.
    return allow_inline_preview(response)


def photo_public(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """A photo, to whoever holds the report's tracking code."""
    return _photo_response(get_object_or_404(HazardPhoto, pk=pk, report__tracking_code=code))


@login_required
def photo_staff(request: HttpRequest, pk: int) -> FileResponse:
    """A photo, to whoever may open the report (a handler in scope): not to every member of staff."""
    _handler_only(request, also=REVIEW_ROLES)
    photo = get_object_or_404(HazardPhoto.objects.select_related("report"), pk=pk)
    if not can_see_unit(request.user, photo.report.subdistrict_id) or not request.user.is_staff_member:
        raise Http404
    return _photo_response(photo)


def _handler_only(request: HttpRequest, also: tuple[str, ...] = ()) -> None:
    """Handlers of reports; ``also``: the supervisors who review a report its reporter rated dissatisfied."""
    user: Any = request.user
    if not (user.is_administrator or user.has_role(*HANDLING_ROLES, *also)):
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

    Rendered without the request: the fragment prints only what ``_duty_context`` gives and the CSRF
    token of its forms, so the context processors (the menu, the unread count's query) would be work
    for nothing on every poll."""
    _handler_only(request)
    return HttpResponse(render_to_string("hazard_reports/_duty_rows.html", {**_duty_context(request), **csrf(request)}))


def _duty_context(request: HttpRequest) -> dict[str, Any]:
    """What the page and its live fragment print: both go through here, so they show the same rows."""
    now = timezone.now()
    categories = dict(HazardCategory.choices)
    statuses = dict(ReportStatus.choices)
    rows = []
    for row in selectors.duty_rows(request.user):
        left = selectors.seconds_left(row, now)
        rows.append({
            "row": row,
            # What the clock's cell prints: the minutes left (as {% widthratio %} rounds them), -1 once overdue.
            "minutes_left": None if left is None else (-1 if left < 0 else round(left / 60)),
            "due_at_ms": int(row.ack_due_at.timestamp() * 1000) if left is not None and row.ack_due_at else None,
            # A value outside the choices prints as stored, as ``get_FOO_display`` does.
            "category": categories.get(row.category, row.category), "status": statuses.get(row.status, row.status),
        })
    return {"rows": rows, "rows_key": [(entry["row"], entry["minutes_left"]) for entry in rows],
            "server_now_ms": int(now.timestamp() * 1000), "closed": selectors.recently_closed(request.user)}


@login_required
@never_cache
def duty_new_count(request: HttpRequest) -> JsonResponse:
    """How many reports wait for acknowledgement, and the newest one's id: the duty screen polls this to
    announce new reports (title and sound) while it is open."""
    _handler_only(request)
    return JsonResponse(selectors.new_reports_summary(request.user))


@login_required
def detail(request: HttpRequest, pk: int, forms: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    _handler_only(request, also=REVIEW_ROLES)
    row = get_object_or_404(HazardReport.objects.visible_to(request.user)
                            .select_related("subdistrict", "community", "grid", "duplicate_of",
                                            "suggested_duplicate_of", "acknowledged_by", "escalated_to"),
                            pk=pk)
    clocks = selectors.clocks_of(row)
    can_handle = request.user.is_administrator or request.user.has_role(*HANDLING_ROLES)
    context = {
        "report": row, "photos": row.photos.all(), "clocks": clocks, "clock_names": clock_rule_names(clocks),
        "clock_cards": selectors.clock_cards(row, clocks),
        "team": selectors.covering_team(row), "duplicates": row.duplicates.all(),
        "seconds_left": selectors.seconds_left(row),
        "dispatch_form": DispatchForm(), "verify_form": VerifyForm(), "close_form": CloseForm(),
        "can_handle": can_handle, "back": _back_link(request.user, can_handle),
        "can_review": can_review(request.user, row),
        "link_form": LinkForm(initial={"original": row.suggested_duplicate_of_id}),
        **(forms or {}),
    }
    return render(request, "hazard_reports/detail.html", context, status=status)


def _back_link(user: Any, can_handle: bool) -> tuple[str, str]:
    """Where the report's page leads back to, and its words: a page the viewer may open. The duty list for
    those who handle reports; the supervisor review (where a report rated dissatisfied waits) for a
    supervisor sent here by its message; else the viewer's desk."""
    if can_handle:
        return reverse("hazard_reports:duty"), _("Hazard reports on duty")
    if user.has_role(*REVIEW_ROLES):
        return reverse("feedback:review_queue"), _("Supervisor review")
    return reverse("home"), _("My desk")


def _act(request: HttpRequest, pk: int, form_class: Any, form_name: str, action: Any,
         also: tuple[str, ...] = ()) -> HttpResponse:
    _handler_only(request, also=also)
    row = get_object_or_404(HazardReport.objects.visible_to(request.user), pk=pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return detail(request, pk, forms={form_name: form}, status=400)
    try:
        done = action(row, form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
            return redirect(row.get_absolute_url())
        form.add_error(None, exc)
        return detail(request, pk, forms={form_name: form}, status=400)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, done)
    return redirect(row.get_absolute_url())


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    def command(row: HazardReport, data: dict[str, Any]) -> str:
        hazard_report_acknowledge(report=row, actor=request.user)
        return _("Report #%(number)s acknowledged.") % {"number": row.pk}
    return _act(request, pk, None, "", command)


@login_required
@require_POST
def dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    def command(row: HazardReport, data: dict[str, Any]) -> str:
        done = hazard_report_dispatch(report=row, actor=request.user, target=data["target"], note=data["note"])
        return _("Handed to: %(target)s.") % {"target": done.get_dispatch_target_display()}
    return _act(request, pk, DispatchForm, "dispatch_form", command)


@login_required
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    def command(row: HazardReport, data: dict[str, Any]) -> str:
        done = hazard_report_verify(report=row, actor=request.user, outcome=data["outcome"], note=data["note"])
        return _("The result of the check is recorded: %(outcome)s.") % {
            "outcome": done.get_verification_outcome_display()}
    return _act(request, pk, VerifyForm, "verify_form", command)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close with a reply; a report reopened by a dissatisfied rating is closed by a supervisor's review."""
    def command(row: HazardReport, data: dict[str, Any]) -> str:
        if row.status == ReportStatus.REOPENED:
            hazard_report_review_close(report=row, actor=request.user, note=data["reply"])
            return _("Review of report #%(number)s concluded; it is closed again.") % {"number": row.pk}
        hazard_report_close(report=row, actor=request.user, reply=data["reply"])
        return _("Report #%(number)s closed.") % {"number": row.pk}
    return _act(request, pk, CloseForm, "close_form", command, also=REVIEW_ROLES)


@login_required
@require_POST
def link(request: HttpRequest, pk: int) -> HttpResponse:
    """The duty officer links the report to an earlier one of the same hazard (it stays its own report)."""
    def command(row: HazardReport, data: dict[str, Any]) -> str:
        done = hazard_report_link(report=row, actor=request.user, original=HazardReport.objects.visible_to(
            request.user).filter(pk=data["original"]).first())
        return _("Linked to the earlier report #%(number)s.") % {"number": done.duplicate_of_id}
    return _act(request, pk, LinkForm, "link_form", command)


@login_required
@require_POST
def unlink(request: HttpRequest, pk: int) -> HttpResponse:
    """The duty officer removes the link, or dismisses the suggestion: not a repeat."""
    def command(row: HazardReport, data: dict[str, Any]) -> str:
        linked = row.duplicate_of_id
        hazard_report_unlink(report=row, actor=request.user)
        if linked:
            return _("Link to the earlier report #%(number)s removed.") % {"number": linked}
        return _("Marked as not a repeat report.")
    return _act(request, pk, None, "", command)
