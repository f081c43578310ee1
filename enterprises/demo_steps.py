"""The enterprises' steps of ``manage.py seed_demo`` (their order among the other apps' steps)."""

from enterprises.demo import seed_enterprise_users, seed_enterprises
from enterprises.demo_services import seed_service_measures_and_training
from enterprises.demo_visits import seed_visits_forums_suggestions
from enterprises.safety.demo import seed_safety
from firesvc.core.demo_steps import DemoStep, register

register(
    DemoStep(50, seed_enterprises),
    DemoStep(60, seed_enterprise_users),
    DemoStep(70, seed_service_measures_and_training),
    DemoStep(80, seed_visits_forums_suggestions),  # E3–E5
    DemoStep(90, seed_safety),  # E6 hazards, E7 key units
)
