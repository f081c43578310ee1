"""Demo review stage, decisions, a parallel case and an early intervention (``manage.py seed_demo``).

Idempotent: does nothing once the demo brigade has a review. Works in 铁西 (sy-tx), where the
demo clerk, reviewer and approver sit; adds a second reviewer ``reviewer2`` so that the
parallel case's two tracks can have different reviewers.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from approvals.decision_texts import INSPECTION_REQUIRED
from approvals.demo import trade_name
from approvals.enums import ApplicationStatus, DecisionOutcome
from approvals.models import Application, Review
from approvals.services.clocks import track_pause
from approvals.services.early import early_intervention_record
from approvals.services.parallel import (
    parallel_case_accept,
    parallel_case_create,
    parallel_case_submit,
    parallel_material_upload,
    shared_requirements,
)
from approvals.services.technical_review import (
    ChecklistResult,
    checklist_of,
    decision_draft,
    decision_sign,
    inspection_record,
    inspection_schedule,
    review_assign,
    review_note,
)
from enterprises.models import Enterprise
from firesvc.accounts.models import OrgUnit, User
from firesvc.accounts.roles import Role

BRIGADE = "sy-tx"
SECOND_REVIEWER = "reviewer2"  # the login name of the second reviewer
DEMO_PDF = b"%PDF-1.4\n% firesvc demo material\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _second_reviewer(brigade: OrgUnit) -> User:
    user, created = User.objects.get_or_create(username=SECOND_REVIEWER,
                                               defaults={"full_name": "周强", "unit": brigade})
    if created:
        user.email, user.phone = f"{SECOND_REVIEWER}@example.com", "13800000000"
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name=Role.REVIEWER))
    return user


def _inspect(who: Any, other: Any, application: Application, *, failed_first: bool) -> None:
    """Two officers on site; the demo inspects today, whatever day it is (the first item failed if asked)."""
    inspection = inspection_schedule(actor=who, application=application, on=timezone.localdate(),
                                     inspectors=[other], rest_day_confirmed=True)
    inspection_record(actor=who, inspection=inspection, results=[
        ChecklistResult(item.pk, passed=not (failed_first and n == 0),
                        note="现场检查不符合要求" if failed_first and n == 0 else "")
        for n, item in enumerate(checklist_of(application))])


def seed_review_and_parallel() -> int:
    """Returns the records made: reviews, a parallel case, an early intervention."""
    brigade = OrgUnit.objects.filter(code=BRIGADE).first()
    reviewer = User.objects.filter(username="reviewer").first()
    approver = User.objects.filter(username="approver").first()
    clerk = User.objects.filter(username="clerk").first()
    applicant = User.objects.filter(username="ent_a").first()
    if None in (brigade, reviewer, approver, clerk, applicant) or Review.objects.filter(
            application__brigade=brigade).exists():
        return 0
    reviewer2 = _second_reviewer(brigade)
    made = 0
    accepted = list(Application.objects.filter(brigade=brigade, status=ApplicationStatus.ACCEPTED)
                    .exclude(matter__code="completion_filing").order_by("pk"))
    # one under review with notes, one paused for expert review, one drafted, one signed
    for index, application in enumerate(accepted[:4]):
        review_assign(actor=approver, application=application, reviewer=reviewer if index % 2 == 0 else reviewer2)
        made += 1
        who = reviewer if index % 2 == 0 else reviewer2
        if index == 0:
            review_note(actor=who, application=application, notes="图纸与现场基本一致，待现场检查消防设施联动。")
        elif index == 1 and application.matter.code != "pre_opening":
            track_pause(actor=who, application=application, reason="expert_review",
                        note="采用特殊消防设计，需组织专家评审",
                        expected_until=timezone.localdate() + timedelta(days=20))
        elif index == 2:
            if application.matter.code in INSPECTION_REQUIRED:  # a draft that can be signed rests on one
                _inspect(who, reviewer2 if who == reviewer else reviewer, application, failed_first=False)
            decision_draft(actor=who, application=application, outcome=DecisionOutcome.APPROVE)
        elif index == 3:
            if application.matter.code in INSPECTION_REQUIRED:
                _inspect(who, reviewer2 if who == reviewer else reviewer, application, failed_first=True)
            decision_draft(actor=who, application=application, outcome=DecisionOutcome.REFUSE,
                           reasons="室内消火栓系统压力不足，疏散指示标志缺失。",
                           rectification_items=["更换消防水泵并复测压力", "补设疏散指示标志"])
            decision_sign(actor=approver, application=application)
    # a parallel case, both tracks accepted and assigned to different reviewers
    account = applicant.enterprise_account
    case = parallel_case_create(actor=applicant, enterprise=account.enterprise,
                                project_name=f"{trade_name(account.enterprise.name)}影城开业项目",
                                project_address=account.enterprise.address, building_area=4200, building_height=18,
                                floors=4, use="public_gathering", contact_name=account.enterprise.contact_name,
                                contact_phone=account.enterprise.contact_phone)
    for row in shared_requirements(case):
        if row["mandatory"]:
            parallel_material_upload(actor=applicant, case=case, code=row["code"], data=DEMO_PDF,
                                     filename=f"{row['name']}.pdf")
    parallel_case_submit(actor=applicant, case=case)
    parallel_case_accept(actor=clerk, case=case)
    case.refresh_from_db()
    review_assign(actor=approver, application=case.acceptance, reviewer=reviewer)
    review_assign(actor=approver, application=case.pre_opening, reviewer=reviewer2)
    made += 1
    enterprise = Enterprise.objects.filter(brigade=brigade).order_by("pk").last()
    if enterprise is not None:
        early_intervention_record(actor=approver, enterprise=enterprise,
                                  project_name="铁西区人民医院新院区（民生工程）",
                                  met_on=timezone.localdate() - timedelta(days=7), staff=[approver, reviewer],
                                  advice="建议提前确定消防车道和登高操作场地；特殊消防设计需尽早组织专家评审。")
        made += 1
    return made
