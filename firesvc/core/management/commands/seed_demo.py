"""Load the demo data set (DOMAIN.md C10). Idempotent: run it as often as you like."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Each step is idempotent; later features append theirs. Order matters (people need units).
DEMO_STEPS = [
    "firesvc.accounts.demo.seed_org_tree",
    "firesvc.accounts.demo.seed_staff",
    "feedback.demo.seed_patrols_and_points",
    "feedback.hazard_reports.demo.seed_hazard_reports",
    "enterprises.demo.seed_enterprises",
    "enterprises.demo.seed_enterprise_users",
    "enterprises.demo_services.seed_service_measures_and_training",
    "enterprises.demo_visits.seed_visits_forums_suggestions",  # E3–E5
    "enterprises.safety.demo.seed_safety",  # E6 hazards, E7 key units
    "approvals.demo.seed_applications",
    "approvals.demo.seed_consultations",
    "approvals.demo_appointments.seed_appointments",
    "approvals.demo_review.seed_review_and_parallel",  # A6–A8, A10: reviews, decisions, a parallel case
    "feedback.demo_supervision.seed_supervision_loop",  # B1–B5: acts, receipts, visits, complaints
    "firesvc.stats.demo_report.seed_report_figures",  # 沈阳 since 1 June like the report (C6)
    "firesvc.stats.services.stats_rollup_recent",  # keep last: the figures of the demo records
]


class Command(BaseCommand):
    help = "Create or refresh the demo detachments (沈阳, 锦州, 朝阳), people and records."

    def handle(self, *args: Any, **options: Any) -> None:
        for dotted in DEMO_STEPS:
            step = import_string(dotted)
            with transaction.atomic():
                result = step()
            self.stdout.write(f"{dotted}: {result if isinstance(result, int) else 'ok'}")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Password of every demo user: DEMO_PASSWORD "
                                             "(default firesvc-demo)."))
