"""The organisation tree and the demo users come first: every other step needs them."""

from firesvc.accounts.demo import seed_org_tree, seed_staff
from firesvc.core.demo_steps import DemoStep, register

register(
    DemoStep(10, seed_org_tree),
    DemoStep(20, seed_staff),
)
