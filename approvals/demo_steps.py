"""The approvals' steps of ``manage.py seed_demo`` (their order among the other apps' steps)."""

from approvals.demo import seed_applications, seed_consultations
from approvals.demo_appointments import seed_appointments
from approvals.demo_decisions import seed_decisions
from approvals.demo_review import seed_review_and_parallel
from approvals.demo_reviews import seed_reviews
from firesvc.core.demo_steps import DemoStep, register

register(
    DemoStep(100, seed_applications),
    DemoStep(110, seed_consultations),
    DemoStep(120, seed_appointments),
    DemoStep(130, seed_review_and_parallel),  # A6–A8, A10: reviews, decisions, a parallel case
    DemoStep(135, seed_decisions),  # a signed approval and refusal of every matter, single and parallel
    DemoStep(137, seed_reviews),  # 好差评 of the decided cases, with bad reviews at each step of their follow-up
)
