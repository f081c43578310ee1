"""The feedback app's steps of ``manage.py seed_demo`` (their order among the other apps' steps)."""

from feedback.demo import seed_patrols_and_points
from feedback.demo_supervision import seed_supervision_loop
from feedback.hazard_reports.demo import seed_hazard_reports
from firesvc.core.demo_steps import DemoStep, register

register(
    DemoStep(30, seed_patrols_and_points),
    DemoStep(40, seed_hazard_reports),
    DemoStep(140, seed_supervision_loop),  # B1–B5: acts, receipts, visits, complaints (on decided cases)
)
