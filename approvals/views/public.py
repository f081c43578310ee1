"""The public side of the matter catalogue (A1, A5) and the intake notices as documents (A4, C7).

Public, no account: the catalogue, each matter's service guide (page and PDF), its blank
forms one by one and as a whole form pack ("hand out every form at once"), and the
verification page that a notice's QR code opens. Signed in: a notice's PDF, for whoever may
see its application.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from approvals.catalogue import MATTERS
from approvals.decision_texts import FILING_LAW
from approvals.enums import BuildingUse, MatterCode, NoticeKind
from approvals.forms.case_lookup import CaseLookupForm
from approvals.forms.verification import VerificationCodeForm
from approvals.hall_hours import hours_text, hours_text_zh
from approvals.models import Application, ClockNotice, IntakeNotice, MaterialRequirement, Matter, ParallelCase
from approvals.models_review import Decision
from approvals.selectors.submissions import submitted_on as submission_date
from approvals.services.case_lookup import case_lookup_attempt
from approvals.services.parallel import merged_acceptances, merged_notice_of
from approvals.services.parallel_tracks import case_of_track
from approvals.verification import letterhead, lookup_allowed, notice_facts, token_page, verification_context
from enterprises.safety.models import RectificationOrder
from feedback.hazard_reports.selectors import report_for_typed_code
from firesvc.core.uploads import sniff
from firesvc.documents import (
    absolute_url,
    attachment_response,
    pdf_response,
    qr_svg,
    qr_svg_data_uri,
    render_pdf,
    safe_filename,
)
from firesvc.reviews.selectors import satisfaction_of_matter
from firesvc.security.client_address import client_address
from firesvc.sla.models import TimeLimitRule
from firesvc.sla.services import active_rule

logger = logging.getLogger(__name__)

# Public documents are the same for everyone: keep the rendered PDF for an hour (keyed on content).
PUBLIC_PDF_CACHE_SECONDS = 3600

NOTICE_TEMPLATES = {
    NoticeKind.ACCEPTANCE: "documents/notice_acceptance.html",
    NoticeKind.DEFICIENCY: "documents/notice_deficiency.html",
    NoticeKind.REFUSAL: "documents/notice_refusal.html",
}
# The titles printed on the notices and used for their file names: official Chinese documents.
NOTICE_TITLES = {
    NoticeKind.ACCEPTANCE: "受理通知书",
    NoticeKind.DEFICIENCY: "一次性告知书",
    NoticeKind.REFUSAL: "不予受理通知书",
}

# Materials that are forms by nature (申报表, 备案表), from the catalogue data; any other material
# has a blank form only when an administrator uploads one.
_CATALOGUE_FORMS = frozenset(
    (matter["code"], material["code"]) for matter in MATTERS for material in matter["materials"] if material["has_form"]
)


# --- shared pieces -------------------------------------------------------------------------

def _time_limit(matter: Matter) -> TimeLimitRule | None:
    """The decision's limit from the active rule set, or None when the set has no such rule."""
    try:
        return active_rule(matter.rule_code)
    except ValidationError:
        return None


def _active_matter(code: str) -> Matter:
    return get_object_or_404(Matter, code=code, is_active=True)


def has_blank_form(requirement: MaterialRequirement) -> bool:
    return bool(requirement.blank_form) or (requirement.matter.code, requirement.code) in _CATALOGUE_FORMS


@dataclass(frozen=True)
class GuideMaterial:
    requirement: MaterialRequirement
    form_url: str | None  # None: the material has no blank form (a licence, a report …)

    @property
    def form_absolute_url(self) -> str | None:
        return absolute_url(self.form_url) if self.form_url else None


def _current_materials(matter: Matter) -> list[GuideMaterial]:
    """The materials an application created today needs (retired ones left out)."""
    materials = []
    for requirement in matter.requirements_on(timezone.localdate()).select_related("matter"):
        url = (reverse("approvals:blank_form", args=[matter.code, requirement.code])
               if has_blank_form(requirement) else None)
        materials.append(GuideMaterial(requirement=requirement, form_url=url))
    return materials


def _guide_context(matter: Matter) -> dict[str, Any]:
    guide_url = absolute_url(reverse("approvals:guide", args=[matter.code]))
    return {
        "matter": matter,
        "rule": _time_limit(matter),
        "materials": _current_materials(matter),
        "guide_url": guide_url,
        "pack_url": absolute_url(reverse("approvals:form_pack", args=[matter.code])),
        "hall_hours_zh": hours_text_zh(),  # the printed guide is Chinese
    }


def _guide_pdf(matter: Matter) -> bytes:
    context = _guide_context(matter)
    context["qr"] = qr_svg_data_uri(context["guide_url"])
    return render_pdf("documents/service_guide.html", context, cache_seconds=PUBLIC_PDF_CACHE_SECONDS)


def _guide_filename(matter: Matter) -> str:
    return f"{matter.name}办事指南提示单.pdf"


def _uploaded_form(requirement: MaterialRequirement) -> bytes | None:
    if not requirement.blank_form:
        return None
    try:
        with requirement.blank_form.open("rb") as handle:
            return handle.read()
    except OSError:
        # A lost upload must not break the whole form pack: hand out the generated form instead.
        logger.warning("Blank form %s of %s is missing from storage.", requirement.blank_form.name, requirement.pk)
        return None


def _blank_form_file(requirement: MaterialRequirement) -> tuple[bytes, str, str]:
    """(content, file name, content type) of a requirement's blank form: the uploaded file if
    there is one, else a form generated from the matter's project fields."""
    content = _uploaded_form(requirement)
    if content is not None:
        kind = sniff(content[:16], content)
        if kind is not None:
            return content, f"{requirement.name}.{kind.extension}", kind.content_type
        suffix = requirement.blank_form.name.rsplit(".", 1)[-1] if "." in requirement.blank_form.name else "bin"
        return content, f"{requirement.name}.{suffix}", "application/octet-stream"
    context = {
        "matter": requirement.matter, "requirement": requirement, "uses": BuildingUse.choices,
        "guide_url": absolute_url(reverse("approvals:guide", args=[requirement.matter.code])),
    }
    pdf = render_pdf("documents/blank_form.html", context, cache_seconds=PUBLIC_PDF_CACHE_SECONDS)
    return pdf, f"{requirement.name}.pdf", "application/pdf"


# --- the catalogue and service guides (A1, A5) ---------------------------------------------

@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    matters = [
        {"matter": matter, "rule": _time_limit(matter),
         "material_count": matter.requirements_on(timezone.localdate()).count()}
        for matter in Matter.objects.filter(is_active=True)
    ]
    return render(request, "approvals/public/catalogue.html", {"matters": matters})


@require_GET
def guide(request: HttpRequest, code: str) -> HttpResponse:
    context = _guide_context(_active_matter(code))
    context["qr"] = qr_svg(context["guide_url"])
    # 好差评 is public: the matter's satisfaction from its applicants' ratings (DOMAIN.md C13).
    context["satisfaction"] = satisfaction_of_matter(context["matter"].code)
    context["hall_hours"] = hours_text()
    return render(request, "approvals/public/guide.html", context)


@require_GET
def guide_pdf(request: HttpRequest, code: str) -> HttpResponse:
    matter = _active_matter(code)
    return pdf_response(_guide_pdf(matter), _guide_filename(matter), private=False)


@require_GET
def blank_form(request: HttpRequest, code: str, requirement_code: str) -> HttpResponse:
    matter = _active_matter(code)
    requirement = next((m.requirement for m in _current_materials(matter)
                        if m.requirement.code == requirement_code and m.form_url), None)
    if requirement is None:
        raise Http404("No blank form for this material.")
    content, filename, content_type = _blank_form_file(requirement)
    return attachment_response(content, filename, content_type=content_type, private=False)


@require_GET
def form_pack(request: HttpRequest, code: str) -> HttpResponse:
    """The whole form pack in one zip: the service guide and every current blank form."""
    matter = _active_matter(code)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:  # UTF-8 names: zipfile flags them
        archive.writestr(safe_filename(f"00-{_guide_filename(matter)}"), _guide_pdf(matter))
        forms = [m.requirement for m in _current_materials(matter) if m.form_url]
        for index, requirement in enumerate(forms, start=1):
            content, filename, _content_type = _blank_form_file(requirement)
            archive.writestr(safe_filename(f"{index:02d}-{filename}"), content)
    return attachment_response(buffer.getvalue(), f"{matter.name}全套表格.zip", content_type="application/zip",
                               private=False)


# --- intake notices (A4, C7) ---------------------------------------------------------------

def _filing_basis(notice: IntakeNotice) -> str:
    """What a completion filing's acceptance notice cites (the fire law's filing article and the regulation of
    the rule set in force when it was issued), as kept on the notice at issue: a later change of the rules does
    not change an issued notice. Nothing for any other matter or notice."""
    if notice.kind != NoticeKind.ACCEPTANCE or notice.application.matter.code != MatterCode.COMPLETION_FILING:
        return ""
    return notice.legal_basis or FILING_LAW


def _notice_context(notice: IntakeNotice) -> dict[str, Any]:
    application = notice.application
    # The submission this notice answers, not a later supplement's (approvals.selectors.submissions).
    submitted_on = submission_date(application, before=notice.issued_at)
    return {
        "notice": notice,
        "title": NOTICE_TITLES[notice.kind],
        "application": application,
        "matter": application.matter,
        "enterprise": application.enterprise,
        "brigade": application.brigade,
        "letterhead": letterhead(application.brigade),
        "issued_on": timezone.localdate(notice.issued_at),
        "submitted_on": submitted_on,
        "accepted_on": timezone.localdate(application.accepted_at) if application.accepted_at else None,
        # Accepted on the supplement that an earlier one-time notice asked for (§32 (五), second case).
        "after_deficiency": notice.kind == NoticeKind.ACCEPTANCE and application.notices.filter(
            kind=NoticeKind.DEFICIENCY, issued_at__lte=notice.issued_at).exclude(pk=notice.pk).exists(),
        "reasons_lines": [line.strip() for line in notice.reasons.splitlines() if line.strip()],
        "filing_basis": _filing_basis(notice),
        # A track of a parallel case is supplemented on its case's page (documents/_supplement_ways.html).
        "case": case_of_track(application),
        **verification_context(notice),
        "portal_url": absolute_url(reverse("home")),
        "lookup_url": absolute_url(reverse("approvals:case_lookup")),
        "hall_hours_zh": hours_text_zh(),
    }


@login_required
@require_GET
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A notice's PDF, for whoever may see its application (others get a 404, not a hint)."""
    visible = Application.objects.visible_to(request.user)
    account = getattr(request.user, "enterprise_account", None)
    if not request.user.is_staff_member and (account is None or not account.can_file):
        # An account waits for verification because anyone can claim a published credit code:
        # until staff verify it, it sees no notice (they carry the enterprise's project details).
        visible = visible.none()
    notice = get_object_or_404(
        IntakeNotice.objects.select_related("application__matter", "application__enterprise",
                                            "application__brigade")
        .filter(application__in=visible.values("pk")),
        pk=pk,
    )
    pdf = render_pdf(NOTICE_TEMPLATES[notice.kind], _notice_context(notice))
    return pdf_response(pdf, f"{NOTICE_TITLES[notice.kind]}-{notice.number}.pdf")


def _merged_notice_facts(case: ParallelCase, notices: list[IntakeNotice]) -> dict[str, Any]:
    """The key facts of a parallel case's merged one-time notice (approvals/documents/merged_notice.html): each
    track's notice and the acceptance of a track accepted with it, without the application numbers."""
    first = notices[0].application
    return {
        "title": NOTICE_TITLES[NoticeKind.DEFICIENCY],
        "case_number": case.number,
        "notices": [(n.application.matter.name, n.number) for n in notices],
        "accepted": [(n.application.matter.name, n.number, timezone.localdate(n.issued_at))
                     for n in merged_acceptances(case, notices)],
        "issued_on": timezone.localdate(notices[0].issued_at),
        "issuer": " ".join(letterhead(first.brigade)),
        "enterprise_name": first.enterprise.name,
        "project_name": first.project_name,
        "supplement_due": max((n.supplement_due for n in notices if n.supplement_due), default=None),
    }


@require_GET
def verify_notice(request: HttpRequest, token: str) -> HttpResponse:
    """What a notice's QR code opens: is this paper ours, and its key facts (nothing personal). A one-time notice
    issued on a parallel case's merged notice is confirmed as that merged notice (``merged_notice_of``)."""
    notice = (IntakeNotice.objects.select_related("application__matter", "application__enterprise",
                                                  "application__brigade")
              .filter(verification_token=token).first())
    merged = merged_notice_of(notice) if notice is not None else None
    if notice is None:
        response = render(request, "approvals/public/verify_unknown.html", status=404)
    elif merged:
        response = render(request, "approvals/public/verify_merged_notice.html", _merged_notice_facts(*merged))
    else:
        response = render(request, "approvals/public/verify.html", notice_facts(notice, NOTICE_TITLES[notice.kind]))
    return token_page(response)


@require_http_methods(["GET", "POST"])
def case_lookup(request: HttpRequest) -> HttpResponse:
    """办件查询: a case's status, clock and next step for its number and query code (or the contact phone's
    last four digits), without signing in. Posted, so that the code stays out of addresses and logs; a wrong
    number and a wrong code get the same answer; attempts are counted per client address
    (``CASE_LOOKUP_RATE_LIMIT``) like the other public look-ups, and failures lock the address and the
    number's phone digits for a while (``approvals.services.case_lookup``)."""
    form = CaseLookupForm(request.POST if request.method == "POST" else None)
    status, result, not_found = 200, None, False
    address = client_address(request) or "unknown"
    if form.is_bound:
        if not lookup_allowed(address, kind="case"):
            response = render(request, "approvals/public/case_lookup.html",
                              {"form": CaseLookupForm(), "refused": True}, status=429)
            response["Retry-After"] = "3600"
            return response
        # A hazard report's tracking code typed here (both are called 查询码): to the report's own page.
        report = report_for_typed_code(*(str(request.POST.get(name, "")) for name in ("number", "secret")))
        if report is not None:
            return redirect(report.get_tracking_url())
        if form.is_valid():
            answer = case_lookup_attempt(number=form.cleaned_data["number"], secret=form.cleaned_data["secret"],
                                         address=address)
            if answer.until is not None:
                return _case_lookup_locked(request, form, locked=answer.locked, until=answer.until)
            result = answer.result
            if result is None:
                status = 404
                form.add_error(None, _("No case matches this number and code. Check both against the "
                                       "acceptance notice, or call the 96119 hotline."))
                not_found = True
        else:
            status = 400
    response = render(request, "approvals/public/case_lookup.html",
                      {"form": form, "result": result, "not_found": not_found}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response


def _case_lookup_locked(request: HttpRequest, form: CaseLookupForm, *, locked: str, until: datetime) -> HttpResponse:
    """429 while the address or the number's phone digits are locked; the same words whether a case has the
    number or not. What was typed stays in the form."""
    ends = date_format(timezone.localtime(until), "Y-m-d H:i")
    if locked == "number":
        message = _("Too many wrong codes have been typed for this case number. Look it up with the query code "
                    "printed on the acceptance notice, try the phone digits again after %(time)s, or call the "
                    "96119 hotline.") % {"time": ends}
    else:
        message = _("Too many wrong case numbers or codes have been typed from your address. Try again after "
                    "%(time)s, or call the 96119 hotline.") % {"time": ends}
    response = render(request, "approvals/public/case_lookup.html", {"form": form, "locked": message}, status=429)
    response["Retry-After"] = str(max(1, int((until - timezone.now()).total_seconds())))
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """The page printed on every document: type its short code, see whether it is ours. It finds the intake
    notices, the signed decisions, the time-limit notices (中止、恢复、延长审批期限告知书) and the rectification
    orders (责令改正通知书), every document that carries a code.

    A found code opens the same page as the document's QR code; look-ups are counted per client
    address in the shared cache (``VERIFY_CODE_RATE_LIMIT``) like the other public forms.
    """
    form = VerificationCodeForm(request.GET if "code" in request.GET else None)
    status = 200
    if form.is_bound:
        if not lookup_allowed(client_address(request) or "unknown"):
            form = VerificationCodeForm()
            response = render(request, "approvals/public/verify_code.html", {"form": form, "refused": True},
                              status=429)
            response["Retry-After"] = "3600"
            return response
        if form.is_valid():
            code = form.cleaned_data["code"]
            notice = IntakeNotice.objects.filter(verification_code=code).only("verification_token").first()
            if notice is not None:
                return redirect("approvals:verify_notice", notice.verification_token)
            decision = (Decision.objects.filter(verification_code=code, signed_at__isnull=False)
                        .only("verification_token").first())
            if decision is not None:
                return redirect("approvals:verify_decision", decision.verification_token)
            clock_notice = ClockNotice.objects.filter(verification_code=code).only("verification_token").first()
            if clock_notice is not None:
                return redirect(clock_notice.get_verification_url())
            order = RectificationOrder.objects.filter(verification_code=code).only("verification_token").first()
            if order is not None:  # 责令改正通知书 (enterprises.safety): its page is the safety sub-app's
                return redirect(order.get_verification_url())
            status = 404
            form.add_error("code", _("No document issued through this portal has this verification code. Check "
                                     "the code; if it is right, do not rely on the paper and call the issuing "
                                     "brigade or the 96119 hotline."))
    response = render(request, "approvals/public/verify_code.html", {"form": form}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
