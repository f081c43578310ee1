"""The world of the access matrix (docs/access-matrix.md): the demo data set, the people of every column
and one record of every kind that a URL names, with the path each table row requests.

The demo (``seed_demo``, as the crawl tests use it) gives records in every state at 铁西大队 (brigade A,
``sy-tx``); this module adds what the demo keeps elsewhere or lacks (a grid manager, a duty officer,
a patrol team, a citizen question and a hazard report at 铁西; a site inspection with a photo; an
officer named in the integrity report) and the people of the columns that the demo has no user for.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from approvals.models import Application, ApplicationMaterial, Appointment, IntakeNotice, Matter
from approvals.models_review import ClockNotice, Decision, EarlyIntervention, InspectionPhoto, ParallelCase, Review
from approvals.services.technical_review import inspection_schedule
from enterprises.enums import AccountStatus
from enterprises.models import (
    Enterprise,
    EnterpriseAccount,
    Forum,
    ServiceMeasure,
    Suggestion,
    TrainingRequest,
    TrainingSession,
    Visit,
)
from enterprises.safety.models import (
    Hazard,
    HazardAttachment,
    KeyUnitMeasure,
    KeyUnitMeasureRecord,
    ResponsibilityLetter,
)
from feedback.enums import ComplaintKind, TeamKind
from feedback.hazard_reports.models import HazardPhoto
from feedback.hazard_reports.photos import ProcessedPhoto
from feedback.hazard_reports.services.reports import hazard_report_submit
from feedback.models import Complaint, EnforcementAct, PatrolTeam, ReturnVisit
from feedback.services.citizen_questions import question_ask
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import STAFF_ROLES, Role
from firesvc.notifications.models import Notification
from firesvc.reviews.models import FollowUp
from tests.factories import EnterpriseFactory, UserFactory, enterprise_user, staff

QUERY = "?"  # a route's key for the query string
WRONG_TOKEN = "not-the-token-0123456789abcdefghij"

# Column key -> how the table in docs/access-matrix.md heads it.
COLUMNS: dict[str, str] = {
    "anonymous": "anonymous",
    "clerk": "clerk",
    "reviewer": "reviewer",
    "approver": "approver",
    "supervisor": "supervisor",
    "grid_manager": "grid manager",
    "duty_officer": "duty officer",
    "enterprise_own": "enterprise (own)",
    "enterprise_other": "enterprise (other)",
    "enterprise_pending": "enterprise (pending)",
    "admin": "admin",
    "other_brigade": "staff of another brigade",
    "supervisor_of_unit": "supervisor of the unit",
    "supervisor_named": "supervisor named",
}


def jpeg(color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, format="JPEG")
    return out.getvalue()


@dataclass
class World:
    users: dict[str, User | None]
    objects: dict[str, Any]
    # Object label -> the enterprise it belongs to (None: it belongs to no enterprise).
    enterprises: dict[str, Enterprise | None]
    owner_users: dict[int, User] = field(default_factory=dict)
    # Enterprise pk -> a user whose claim on it staff have not verified yet.
    pending_users: dict[int, User] = field(default_factory=dict)

    def user_for(self, column: str, label: str) -> User | None:
        """The user of ``column`` for a row about object ``label``."""
        by_enterprise = {"enterprise_own": self.owner_users, "enterprise_pending": self.pending_users}
        if column in by_enterprise:
            enterprise = self.enterprises.get(label)
            return by_enterprise[column][enterprise.pk] if enterprise is not None else self.users[column]
        return self.users[column]


def _owner_user(enterprise: Enterprise) -> User:
    account = (EnterpriseAccount.objects.filter(enterprise=enterprise, status=AccountStatus.VERIFIED)
               .select_related("user").distinct().order_by("pk").first())
    return account.user if account else enterprise_user(enterprise, username=f"owner{enterprise.pk}")


def _pending_user(enterprise: Enterprise) -> User:
    """A claimant of ``enterprise`` whose binding staff have not verified (anyone may claim a published code)."""
    return enterprise_user(enterprise, status=AccountStatus.PENDING, username=f"pending{enterprise.pk}")


def _report_with_a_rechecked_hazard(unit: dict[str, OrgUnit], duty: Any, reviewer: Any, enterprise: Enterprise,
                                    owner: Any) -> HazardAttachment:
    """A report passed to fire supervision, whose hazard was ordered, rectified and re-checked with a photo."""
    from enterprises.safety.services.checks import Upload
    from enterprises.safety.services.hazards import hazard_recheck, rectification_order_issue, rectification_respond
    from feedback.hazard_reports.enums import DispatchTarget
    from feedback.hazard_reports.services.reports import hazard_report_acknowledge, hazard_report_dispatch

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(png, format="PNG")
    report = hazard_report_submit(category="electrical", subdistrict=unit["sy-tx-s1"], community=unit["sy-tx-s1-c1"],
                                  address="兴华北街10号", description="电线裸露")
    hazard_report_acknowledge(report=report, actor=duty)
    report = hazard_report_dispatch(report=report, actor=duty, target=DispatchTarget.FIRE_SUPERVISION)
    rectification_order_issue(hazard=Hazard.objects.get(pk=report.hazard_id), requirements="更换电线",
                              rectify_workdays=3, actor=reviewer, enterprise=enterprise)
    rectification_respond(hazard=Hazard.objects.get(pk=report.hazard_id), note="已更换",
                          files=[Upload("a.png", png.getvalue())], actor=owner)
    hazard_recheck(hazard=Hazard.objects.get(pk=report.hazard_id), passed=True, note="合格", actor=reviewer,
                   photos=[Upload("after.png", png.getvalue())])
    return HazardAttachment.objects.get(hazard_id=report.hazard_id, kind="recheck")


def build_world() -> World:
    call_command("seed_demo", stdout=io.StringIO())
    unit = {code: OrgUnit.objects.get(code=code) for code in ("sy", "sy-tx", "sy-tx-s1", "sy-tx-s1-c1",
                                                              "sy-tx-s1-c1-g1", "jz-gt")}
    by_name = {u.username: u for u in User.objects.filter(username__in=[
        "clerk", "reviewer", "approver", "supervisor", "admin", "ent_a"])}
    named = staff(Role.SUPERVISOR, unit["sy"], username="sup_named", full_name="钱监督")
    users: dict[str, User | None] = {
        "anonymous": None,
        "clerk": by_name["clerk"],
        "reviewer": by_name["reviewer"],
        "approver": by_name["approver"],
        "supervisor": by_name["supervisor"],
        "grid_manager": staff(Role.GRID_MANAGER, unit["sy-tx-s1-c1-g1"], username="grid_tx"),
        "duty_officer": staff(Role.DUTY_OFFICER, unit["sy-tx-s1"], username="duty_tx"),
        "enterprise_own": by_name["ent_a"],
        "enterprise_other": enterprise_user(EnterpriseFactory(brigade=unit["sy-tx"], name="铁西旁观者有限公司"),
                                            username="ent_other"),
        "admin": by_name["admin"],
        # Every staff role at once, in another detachment's brigade: a leak through any role's path shows.
        "other_brigade": UserFactory(roles=list(STAFF_ROLES), unit=unit["jz-gt"], username="outsider"),
        "supervisor_of_unit": staff(Role.SUPERVISOR, unit["sy-tx"], username="sup_tx"),
        "supervisor_named": named,
    }
    ent_a = EnterpriseAccount.objects.get(user=by_name["ent_a"]).enterprise
    tx = unit["sy-tx"]

    # --- approvals: the demo's cases of ent_a, plus a draft and a submitted case -----------------
    from tests.approvals.conftest import make_draft, make_submitted

    filing = {"applicant": by_name["ent_a"], "enterprise": ent_a}
    draft = make_draft(filing)
    # 窗口代办: a draft the clerk files at the window on ent_a's behalf (staff in scope see it, unlike ``draft``).
    window_draft = make_draft({"applicant": by_name["clerk"], "enterprise": ent_a})
    submitted = make_submitted(filing)
    under_review = (Application.objects.filter(enterprise=ent_a, brigade=tx, review__isnull=False, status="accepted",
                                               parallel_as_acceptance__isnull=True,
                                               parallel_as_pre_opening__isnull=True)
                    .distinct().order_by("pk").first())
    review = Review.objects.get(application=under_review)
    inspection = inspection_schedule(actor=review.reviewer or by_name["approver"], application=under_review,
                                     on=timezone.localdate() + timedelta(days=3),
                                     inspectors=[by_name["reviewer"], by_name["approver"]], rest_day_confirmed=True)
    photo = InspectionPhoto(inspection=inspection, content_type="image/jpeg", size=1, uploaded_by=by_name["reviewer"])
    photo.file.save("photo.jpg", ContentFile(jpeg()), save=False)
    photo.save()
    decision = Decision.objects.filter(application__brigade=tx, signed_at__isnull=False).order_by("pk").first()
    parallel = ParallelCase.objects.filter(acceptance__brigade=tx).order_by("pk").first()

    # --- feedback at 铁西: patrol team, citizen question, hazard report with a photo ---------------
    team = PatrolTeam.objects.create(name="兴华街道巡消机动队", kind=TeamKind.values[0], unit=unit["sy-tx-s1"])
    question = question_ask(question="楼道里能停电动车吗？", community=unit["sy-tx-s1-c1"])
    report = hazard_report_submit(
        category="blocked_exit", subdistrict=unit["sy-tx-s1"], community=unit["sy-tx-s1-c1"],
        grid=unit["sy-tx-s1-c1-g1"], address="兴华北街8号", description="楼道堆满杂物",
        photos=[ProcessedPhoto(data=jpeg("blue"), width=40, height=30)])
    integrity = Complaint.objects.filter(unit=tx, kind=ComplaintKind.INTEGRITY).order_by("pk").first()
    integrity.subject_officers.add(named)
    act = EnforcementAct.objects.filter(unit=tx, enterprise=ent_a).order_by("pk").first()
    key_unit = (Enterprise.objects.filter(brigade=tx, is_key_unit=True, responsibility_letters__isnull=False,
                                          key_unit_measures__evidence__gt="")
                .distinct().order_by("pk").first())
    ordered = Hazard.objects.filter(unit=tx, enterprise=ent_a, order__isnull=False).order_by("pk").first()
    recheck_photo = _report_with_a_rechecked_hazard(unit, users["duty_officer"], by_name["reviewer"], ent_a,
                                                    by_name["ent_a"])
    # A hazard of 和平 (a sibling brigade under the same detachment) entered under the 铁西 reviewer's name,
    # as the demo's imported ledger is: it stays 和平's, hidden from 铁西 staff and the reviewer himself.
    hp = OrgUnit.objects.get(code="sy-hp")
    sibling_hazard = Hazard.objects.create(
        unit=hp, enterprise=Enterprise.objects.filter(brigade=hp).order_by("pk").first(),
        source="inspection", description="疏散通道堆放杂物", address="和平区南京北街1号",
        recorded_by=by_name["reviewer"], reported_by=by_name["reviewer"])

    objects: dict[str, Any] = {
        "enterprise": ent_a,
        "brigade A": tx,
        "pending account": EnterpriseAccount.objects.filter(status=AccountStatus.PENDING,
                                                            enterprise__brigade=tx).order_by("pk").first(),
        "service measure": ServiceMeasure.objects.current().order_by("pk").first(),
        "training request": TrainingRequest.objects.filter(enterprise=ent_a, status="requested").order_by("pk").first(),
        "training session": TrainingSession.objects.filter(unit=tx).order_by("pk").first(),
        "visit": Visit.objects.filter(enterprise=ent_a).order_by("pk").first(),
        "forum": Forum.objects.filter(unit=tx).order_by("pk").first(),
        "suggestion": Suggestion.objects.filter(enterprise=ent_a).order_by("pk").first(),
        "matter": Matter.objects.get(code="acceptance"),
        "application": under_review,
        "draft": draft,
        "window draft": window_draft,
        "drafted application": Application.objects.filter(brigade=tx, review__status="drafted").order_by("pk").first(),
        "submitted application": submitted,
        "material": ApplicationMaterial.objects.filter(application=under_review).order_by("pk").first(),
        "intake notice": IntakeNotice.objects.filter(application=under_review).order_by("pk").first(),
        "appointment": Appointment.objects.filter(user=by_name["ent_a"]).order_by("pk").first(),
        "inspection": inspection,
        "inspection photo": photo,
        "decision": decision,
        "clock notice": ClockNotice.objects.filter(application__brigade=tx).order_by("pk").first(),
        "parallel case": parallel,
        "early intervention": EarlyIntervention.objects.filter(brigade=tx).order_by("pk").first(),
        "patrol team": team,
        "citizen question": question,
        "act": act,
        "receipt": act.receipt,
        "return visit": ReturnVisit.objects.filter(act__unit=tx).order_by("pk").first(),
        "complaint": Complaint.objects.filter(unit=tx, kind=ComplaintKind.COMPLAINT).order_by("pk").first(),
        "integrity report": integrity,
        "hazard report": report,
        "community poster": unit["sy-tx-s1-c1"],
        "hazard report photo": HazardPhoto.objects.get(report=report),
        "hazard report re-check photo": recheck_photo,
        "hazard": ordered,
        "hazard of 和平区大队": sibling_hazard,
        "hazard attachment": HazardAttachment.objects.filter(hazard=ordered).order_by("pk").first(),
        "key unit": key_unit,
        "key unit measure": KeyUnitMeasure.objects.order_by("pk").first(),
        "measure evidence": KeyUnitMeasureRecord.objects.filter(enterprise=key_unit).exclude(evidence="")
        .order_by("pk").first(),
        "responsibility letter": ResponsibilityLetter.objects.filter(enterprise=key_unit).order_by("pk").first(),
        "notification": Notification.objects.filter(recipient=by_name["ent_a"]).order_by("pk").first(),
        # 好差评 (approvals.demo_reviews): a decided case of ent_a and a bad review waiting for its visit.
        "decided application": Application.objects.filter(applicant=by_name["ent_a"], brigade=tx, status="approved")
        .order_by("pk").first(),
        "bad-review follow-up": FollowUp.objects.filter(unit=tx, status="visit_due").order_by("pk").first(),
    }
    objects["rating code"] = objects["decided application"]
    objects["question rating link"] = objects["citizen question"]
    missing = [label for label, obj in objects.items() if obj is None]
    assert not missing, f"the demo no longer has: {missing}"
    objects["decision"].application.refresh_from_db()

    def enterprise_of(label: str, obj: Any) -> Enterprise | None:
        if isinstance(obj, Enterprise):
            return obj if label in ("enterprise", "key unit") else None
        for path in ("enterprise", "application.enterprise", "acceptance.enterprise",
                     "inspection.application.enterprise", "act.enterprise", "hazard.enterprise"):
            value: Any = obj
            for part in path.split("."):
                value = getattr(value, part, None)
            if isinstance(value, Enterprise):
                return value
        return None

    enterprises = {label: enterprise_of(label, obj) for label, obj in objects.items()}
    enterprises["measure evidence"] = enterprises["responsibility letter"] = key_unit
    enterprises["appointment"] = ent_a
    world = World(users=users, objects=objects, enterprises=enterprises)
    owned = {e for e in enterprises.values() if e is not None} | {ent_a}
    world.owner_users = {e.pk: _owner_user(e) for e in owned}
    world.owner_users[ent_a.pk] = by_name["ent_a"]
    # Made once the objects are chosen, so the demo's own pending account stays the "pending account" row's.
    world.pending_users = {e.pk: _pending_user(e) for e in owned}
    users["enterprise_pending"] = world.pending_users[ent_a.pk]
    return world


# --- the path each table row requests ---------------------------------------------------------

Route = Callable[[Any, World], dict[str, Any]]


def _pk(obj: Any, world: World) -> dict[str, Any]:
    return {"pk": obj.pk}


def _code_of_hazard(hazard_id: int) -> str:
    from feedback.hazard_reports.models import HazardReport

    return HazardReport.objects.get(hazard_id=hazard_id).tracking_code


def _requirement(obj: Any, world: World) -> dict[str, Any]:
    item = obj.required_items.order_by("requirement__order", "pk").first()
    return {"pk": obj.pk, "requirement_id": item.requirement_id}


def _parallel_code(obj: Any, world: World) -> dict[str, Any]:
    from approvals.services.parallel import material_key

    item = obj.acceptance.required_items.select_related("requirement").order_by("requirement__order", "pk").first()
    return {"pk": obj.pk, "code": material_key(obj.acceptance.matter.code, item.requirement.code)}


def _rating_token(obj: Any) -> str:
    from firesvc.reviews.registry import kind
    from firesvc.reviews.services import window_token

    return window_token(kind=kind("application"), case=obj, stage="completion")


def _rater_token(obj: Any) -> str:
    from firesvc.reviews.registry import kind
    from firesvc.reviews.services import rater_token

    return rater_token(kind=kind("citizen_question"), case=obj, stage="completion")


def _blank_form(obj: Any, world: World) -> dict[str, Any]:
    from approvals.views.public import has_blank_form

    requirement = next(r for r in obj.requirements.order_by("order", "pk") if has_blank_form(r))
    return {"code": obj.code, "requirement_code": requirement.code}


ROUTES: dict[tuple[str, str], Route] = {
    # enterprises
    ("enterprises:detail", "enterprise"): _pk,
    ("enterprises:edit", "enterprise"): _pk,
    ("enterprises:account_decide", "pending account"): lambda o, w: {"pk": o.pk, "decision": "verify"},
    ("enterprises:measure", "service measure"): _pk,
    ("enterprises:training_schedule", "training request"): _pk,
    ("enterprises:training_decline", "training request"): _pk,
    ("enterprises:training_session", "training session"): _pk,
    ("enterprises:visit_detail", "visit"): _pk,
    ("enterprises:visit_cancel", "visit"): _pk,
    ("enterprises:visit_record", "enterprise"): _pk,
    ("enterprises:visit_plan", "enterprise"): _pk,
    ("enterprises:timeline", "enterprise"): _pk,
    ("enterprises:forum_detail", "forum"): _pk,
    ("enterprises:suggestion_detail", "suggestion"): _pk,
    ("enterprises:suggestion_act", "suggestion"): lambda o, w: {"pk": o.pk, "action": "accept"},
    ("enterprises:suggestion_mine", "suggestion"): _pk,
    # approvals: filing and intake
    ("approvals:new", "matter"): lambda o, w: {"code": o.code},
    ("approvals:application", "application"): _pk,
    ("approvals:timeline", "application"): _pk,
    ("approvals:application", "draft"): _pk,
    ("approvals:application", "window draft"): _pk,
    ("approvals:edit", "draft"): _pk,
    ("approvals:edit", "window draft"): _pk,
    ("approvals:upload", "draft"): _requirement,
    ("approvals:upload", "window draft"): _requirement,
    ("approvals:green_channel", "application"): _pk,
    ("approvals:submit", "draft"): _pk,
    ("approvals:submit", "window draft"): _pk,
    ("approvals:withdraw", "submitted application"): _pk,
    ("approvals:supplement_report", "application"): _pk,
    ("approvals:intake", "submitted application"): _pk,
    ("approvals:material_file", "material"): _pk,
    ("approvals:guide_pdf", "matter"): lambda o, w: {"code": o.code},
    ("approvals:guide", "matter"): lambda o, w: {"code": o.code},
    ("approvals:form_pack", "matter"): lambda o, w: {"code": o.code},
    ("approvals:blank_form", "matter"): _blank_form,
    ("approvals:notice_pdf", "intake notice"): _pk,
    ("approvals:verify_notice", "intake notice"): lambda o, w: {"token": o.verification_token},
    ("approvals:verify_notice", "intake notice, wrong token"): lambda o, w: {"token": WRONG_TOKEN},
    ("approvals:appointment_move", "appointment"): _pk,
    ("approvals:appointment_cancel", "appointment"): _pk,
    ("approvals:appointment_mark", "appointment"): _pk,
    # approvals: review and decisions
    ("approvals:review_assign", "application"): _pk,
    ("approvals:review_notes", "application"): _pk,
    ("approvals:inspection_schedule", "application"): _pk,
    ("approvals:inspection_record", "inspection"): _pk,
    ("approvals:inspection_cancel", "inspection"): _pk,
    ("approvals:inspection_photo", "inspection photo"): _pk,
    ("approvals:decision_draft", "application"): _pk,
    ("approvals:decision_send_back", "application"): _pk,
    ("approvals:decision_sign", "application"): _pk,
    ("approvals:decision_sign", "drafted application"): _pk,
    ("approvals:decision_preview", "drafted application"): _pk,
    ("approvals:track_pause", "application"): _pk,
    ("approvals:track_resume", "application"): _pk,
    ("approvals:track_extend", "application"): _pk,
    ("approvals:decision_pdf", "decision"): _pk,
    ("approvals:verify_decision", "decision"): lambda o, w: {"token": o.verification_token},
    ("approvals:verify_decision", "decision, wrong token"): lambda o, w: {"token": WRONG_TOKEN},
    ("approvals:clock_notice_pdf", "clock notice"): _pk,
    ("approvals:verify_clock_notice", "clock notice"): lambda o, w: {"token": o.verification_token},
    ("approvals:verify_clock_notice", "clock notice, wrong token"): lambda o, w: {"token": WRONG_TOKEN},
    ("approvals:parallel_case", "parallel case"): _pk,
    ("approvals:parallel_upload", "parallel case"): _parallel_code,
    ("approvals:parallel_submit", "parallel case"): _pk,
    ("approvals:parallel_intake", "parallel case"): _pk,
    ("approvals:parallel_withdraw", "parallel case"): _pk,
    ("approvals:parallel_notice_pdf", "parallel case"): _pk,
    ("approvals:early_intervention_link", "early intervention"): _pk,
    # feedback: patrols, questions, supervision loop
    ("feedback:patrol_team", "patrol team"): _pk,
    ("feedback:question_answer", "citizen question"): _pk,
    ("feedback:question", "citizen question"): lambda o, w: {"token": o.token},
    ("feedback:question", "citizen question, wrong token"): lambda o, w: {"token": WRONG_TOKEN},
    ("feedback:act", "act"): _pk,
    ("feedback:act_seal_up_decline", "act"): _pk,
    ("feedback:receipt_pdf", "act"): _pk,
    ("feedback:receipt_paper", "act"): _pk,
    ("feedback:receipt_public", "receipt"): lambda o, w: {"pk": o.pk, "token": o.token},
    ("feedback:receipt_public", "receipt, wrong token"): lambda o, w: {"pk": o.pk, "token": WRONG_TOKEN},
    ("feedback:visit", "return visit"): _pk,
    ("feedback:receipt_review", "receipt"): _pk,
    ("feedback:visit_review", "return visit"): _pk,
    ("feedback:complaint", "complaint"): _pk,
    ("feedback:complaint", "integrity report"): _pk,
    ("feedback:complaint_track", "complaint"): lambda o, w: {"pk": o.pk, "token": o.token},
    ("feedback:complaint_track", "complaint, wrong token"): lambda o, w: {"pk": o.pk, "token": WRONG_TOKEN},
    ("feedback:complaint_track", "integrity report"): lambda o, w: {"pk": o.pk, "token": o.token},
    ("feedback:complaint_track", "integrity report, wrong token"): lambda o, w: {"pk": o.pk, "token": WRONG_TOKEN},
    # citizen hazard reports and Open311
    ("hazard_reports:track", "hazard report"): lambda o, w: {"code": o.tracking_code},
    ("hazard_reports:track", "hazard report, wrong code"): lambda o, w: {"code": "wrong-code-1"},
    ("hazard_reports:photo_public", "hazard report photo"): lambda o, w: {"code": o.report.tracking_code, "pk": o.pk},
    ("hazard_reports:photo_public", "hazard report photo, wrong code"): lambda o, w: {"code": "wrong-code-1",
                                                                                      "pk": o.pk},
    ("hazard_reports:recheck_photo_public", "hazard report re-check photo"): lambda o, w: {
        "code": _code_of_hazard(o.hazard_id), "pk": o.pk},
    ("hazard_reports:recheck_photo_public", "hazard report re-check photo, wrong code"): lambda o, w: {
        "code": "wrong-code-1", "pk": o.pk},
    ("hazard_reports:poster", "community poster"): _pk,
    ("hazard_reports:poster", "community poster, its sub-district"): lambda o, w: {"pk": o.parent_id},
    ("hazard_reports:detail", "hazard report"): _pk,
    ("hazard_reports:acknowledge", "hazard report"): _pk,
    ("hazard_reports:dispatch", "hazard report"): _pk,
    ("hazard_reports:verify", "hazard report"): _pk,
    ("hazard_reports:close", "hazard report"): _pk,
    ("hazard_reports:link", "hazard report"): _pk,
    ("hazard_reports:unlink", "hazard report"): _pk,
    ("hazard_reports:photo_staff", "hazard report photo"): _pk,
    ("open311:service", "service code"): lambda o, w: {"code": "blocked_exit", "fmt": "json"},
    ("open311:request", "hazard report"): lambda o, w: {"request_id": str(o.pk), "fmt": "json"},
    ("open311:token", "hazard report"): lambda o, w: {"token_id": o.tracking_code, "fmt": "json"},
    ("open311:token", "hazard report, wrong code"): lambda o, w: {"token_id": "wrong-code-1", "fmt": "json"},
    # safety: hazards, rectification orders, key units
    ("safety:hazard", "hazard"): _pk,
    ("safety:hazard_major", "hazard"): _pk,
    ("safety:hazard_government_report", "hazard"): _pk,
    ("safety:hazard_order", "hazard"): _pk,
    ("safety:hazard_recheck", "hazard"): _pk,
    ("safety:hazard_photo", "hazard"): _pk,
    ("safety:order_pdf", "hazard"): _pk,
    ("safety:verify_order", "hazard"): lambda o, w: {"token": o.order.verification_token},
    ("safety:verify_order", "hazard, wrong token"): lambda o, w: {"token": WRONG_TOKEN},
    ("safety:hazard", "hazard of 和平区大队"): _pk,
    ("safety:hazard_major", "hazard of 和平区大队"): _pk,
    ("safety:hazard_government_report", "hazard of 和平区大队"): _pk,
    ("safety:hazard_order", "hazard of 和平区大队"): _pk,
    ("safety:hazard_recheck", "hazard of 和平区大队"): _pk,
    ("safety:hazard_photo", "hazard of 和平区大队"): _pk,
    ("safety:attachment", "hazard attachment"): _pk,
    ("safety:my_order", "hazard"): _pk,
    ("safety:key_unit", "key unit"): _pk,
    ("safety:key_unit_designate", "key unit"): _pk,
    ("safety:key_unit_undesignate", "key unit"): _pk,
    ("safety:key_unit_measure", "key unit measure"): lambda o, w: {"pk": w.objects["key unit"].pk, "measure_pk": o.pk},
    ("safety:key_unit_letter", "key unit"): _pk,
    ("safety:my_key_unit_evidence", "key unit measure"): lambda o, w: {"measure_pk": o.pk},
    ("safety:key_unit_file", "measure evidence"): lambda o, w: {"kind": "measure", "pk": o.pk},
    ("safety:key_unit_file", "responsibility letter"): lambda o, w: {"kind": "letter", "pk": o.pk},
    # REST API
    ("api:matter-detail", "matter"): lambda o, w: {"code": o.code},
    ("api:application-detail", "application"): _pk,
    ("api:application-materials", "draft"): _pk,
    ("api:application-notices", "application"): _pk,
    ("api:application-submit", "draft"): _pk,
    ("api:application-intake", "submitted application"): _pk,
    ("api:application-withdraw", "submitted application"): _pk,
    ("api:application-green-channel", "application"): _pk,
    # statistics: the unit is named in the query string
    ("stats:records", "brigade A's applications"): lambda o, w: {
        "key": "applications_submitted", QUERY: f"unit={w.objects['brigade A'].pk}&start=2026-01-01&end=2026-12-31"},
    # the enterprise pickers' search: the term is in the query string
    ("enterprises:choices", "enterprise search"): lambda o, w: {QUERY: f"q={w.objects['enterprise'].uscc}"},
    # 好差评
    ("reviews:rate", "decided application"): lambda o, w: {"kind_key": "application", "pk": o.pk,
                                                           "stage": "completion"},
    ("reviews:window_code", "decided application"): lambda o, w: {"kind_key": "application", "pk": o.pk,
                                                                  "stage": "completion"},
    ("reviews:window_rate", "rating code"): lambda o, w: {"token": _rating_token(o)},
    ("reviews:window_rate", "rating code, wrong token"): lambda o, w: {"token": WRONG_TOKEN},
    ("reviews:link_rate", "question rating link"): lambda o, w: {"token": _rater_token(o)},
    ("reviews:link_rate", "question rating link, wrong token"): lambda o, w: {"token": WRONG_TOKEN},
    ("reviews:follow_up", "bad-review follow-up"): _pk,
    # inbox, desks, admin
    ("notifications:open", "notification"): _pk,
    ("admin:approvals_application_change", "application"): lambda o, w: {"object_id": o.pk},
}
for _role in Role.values:
    ROUTES[("desk", f"desk {_role}")] = (lambda role: (lambda o, w: {"role": role}))(_role)

# Labels that name no record of the world (their route ignores ``obj``).
VIRTUAL_OBJECTS = {"service code", "brigade A's applications", "enterprise search",
                   *(f"desk {r}" for r in Role.values)}


def base_label(label: str) -> str:
    """``"receipt, wrong token"`` is about the receipt."""
    return label.split(",", 1)[0]


def row_path(world: World, url_name: str, label: str) -> str:
    route = ROUTES[(url_name, label)]
    obj = None if label in VIRTUAL_OBJECTS else world.objects.get(base_label(label))
    kwargs = route(obj, world)
    query = kwargs.pop(QUERY, "")
    return reverse(url_name, kwargs=kwargs) + (f"?{query}" if query else "")
