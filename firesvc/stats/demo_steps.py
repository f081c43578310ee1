"""The statistics' steps of ``manage.py seed_demo``: they run after every app's records exist."""

from firesvc.core.demo_steps import DemoStep, register
from firesvc.stats.demo_report import seed_report_figures
from firesvc.stats.services import stats_rollup_recent

register(
    DemoStep(900, seed_report_figures),  # 沈阳 since 1 June like the report (C6)
    DemoStep(1000, stats_rollup_recent),  # keep last: the figures of the demo records
)
