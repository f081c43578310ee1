"""The approvals' counters on the statistics dashboard (DOMAIN.md C6)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from approvals.enums import ApplicationStatus, AppointmentStatus, MatterCode, NoticeKind
from approvals.precheck import OutcomeCode
from approvals.visibility import shown_to_staff_q
from firesvc.stats.registry import Counter, Ratio, register

APPROVALS = _("Approvals")
WINDOW = _("Window service (“three ones”)")

register(
    Counter("applications_submitted", _("Applications filed"), APPROVALS, "approvals.Application",
            "submitted_at", "brigade", order=10, headline=True),
    Counter("applications_accepted", _("Applications accepted"), APPROVALS, "approvals.Application",
            "accepted_at", "brigade", order=11),
    # The report's "design reviews, completion acceptances and pre-opening inspections handled": decided
    # cases of the licence matters; a completion filing (备案) closes without a decision of the brigade.
    Counter("applications_decided", _("Design reviews, acceptances and pre-opening inspections decided"), APPROVALS,
            "approvals.Application", "closed_at", "brigade",
            condition=Q(status__in=[ApplicationStatus.APPROVED, ApplicationStatus.REJECTED])
            & ~Q(matter__code=MatterCode.COMPLETION_FILING), order=12),
    # 一次性申报服务 (A11): filed by a clerk at the window on the enterprise's behalf.
    Counter("one_time_filings", _("One-time filings at the window"), APPROVALS, "approvals.Application",
            "submitted_at", "brigade", condition=Q(filed_by_clerk__isnull=False), order=13),
    Counter("key_project_services", _("Key and livelihood projects accepted"), APPROVALS, "approvals.Application",
            "accepted_at", "brigade", condition=Q(is_key_project=True) | Q(is_livelihood_project=True), order=14),
    Counter("shortened_limit_cases", _("Accepted on a shortened (promised) limit"), APPROVALS,
            "approvals.Application", "accepted_at", "brigade",
            condition=(Q(is_key_project=True) | Q(is_livelihood_project=True)) & Q(matter__promised_days__isnull=False),
            order=14),
    # Not the enterprise's drafts it has not submitted: staff do not see them (ParallelCase.objects.visible_to).
    Counter("parallel_cases", _("Parallel approvals (并联审批) filed"), APPROVALS, "approvals.ParallelCase",
            "created_at", "brigade", condition=shown_to_staff_q("acceptance__"),
            depends_on=(("approvals.Application", "parallel_as_acceptance"),), order=14),
    Counter("early_interventions", _("Early-intervention meetings for key projects"), APPROVALS,
            "approvals.EarlyIntervention", "met_on", "brigade", order=14),
    Counter("decisions_signed", _("Decisions signed"), APPROVALS, "approvals.Decision", "signed_at",
            "application__brigade", condition=Q(signed_at__isnull=False), order=12),
    Counter("deficiency_notices", _("One-time deficiency notices"), APPROVALS, "approvals.IntakeNotice",
            "issued_at", "application__brigade", condition=Q(kind=NoticeKind.DEFICIENCY), order=15),
    Counter("no_filing_notices", _("“No filing needed” notices"), APPROVALS, "approvals.PrecheckNotice",
            "created_at", "brigade", condition=Q(outcome=OutcomeCode.NONE), order=16),
    Counter("spot_checks_drawn", _("Filings drawn for spot check"), APPROVALS, "approvals.SpotCheck",
            "decided_at", "application__brigade", condition=Q(selected=True), order=17),
    Counter("consultations", _("Consultations at the window"), WINDOW, "approvals.Consultation",
            "created_at", "unit", order=20),
    Counter("consultations_first_contact", _("Consultations resolved at first contact"), WINDOW,
            "approvals.Consultation", "created_at", "unit", condition=Q(resolved_first_contact=True), order=21),
    Ratio("consultations_first_contact_rate", _("Resolved at first contact"), WINDOW,
          "consultations_first_contact", "consultations", order=22),
    Counter("three_ones_breaches", _("“Three ones” breaches"), WINDOW, "approvals.ThreeOnesBreach",
            "created_at", "unit", order=23),
    Counter("appointments_booked", _("Window appointments booked"), WINDOW, "approvals.Appointment",
            "created_at", "slot__unit", order=24),
    Counter("appointments_no_show", _("Appointments not kept"), WINDOW, "approvals.Appointment",
            "slot__date", "slot__unit", condition=Q(status=AppointmentStatus.NO_SHOW), order=25),
)
