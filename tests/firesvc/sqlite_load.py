"""One process of tests/firesvc/test_sqlite_concurrency.py: the worker's periodic tasks, or a page that writes.

Run as ``python -m tests.firesvc.sqlite_load worker|web SECONDS`` with ``DATABASE_URL`` naming a SQLite
file; prints how many rounds it made and exits 1 with the error on the first failure.
"""

from __future__ import annotations

import os
import sys
import time


def main(role: str, seconds: float, subdistrict: int, community: int) -> int:
    import django

    django.setup()
    from django.test import Client

    from approvals.tasks import deem_overdue_intakes, send_appointment_reminders
    from enterprises.safety.tasks import sweep_overdue_rectifications
    from feedback.hazard_reports.tasks import escalate_unacknowledged
    from firesvc.core.tasks import heartbeat
    from firesvc.notifications.tasks import deliver_outbox
    from firesvc.sla.tasks import sla_sweep

    periodic = [heartbeat, deliver_outbox, sla_sweep, escalate_unacknowledged, deem_overdue_intakes,
                send_appointment_reminders, sweep_overdue_rectifications]
    if role == "web":
        from django.db.models.signals import post_save

        from feedback.hazard_reports.models import HazardReport

        def slow_page(**kwargs: object) -> None:
            # A page that takes a while between its first write and its commit (a busy server): the
            # worker's transactions meet a held write lock in almost every round, not by chance.
            time.sleep(0.3)

        post_save.connect(slow_page, sender=HazardReport, weak=False)
    if role == "worker":
        import datetime

        import time_machine

        # Twenty minutes ahead: every report the pages take is already past its ten-minute promise, so
        # the escalation sweep reads and then writes (escalates) while the pages write.
        time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=20)).start()
    client = Client()
    rounds = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if role == "worker":
            for task in periodic:
                task.run()  # the task's body, as the worker runs it, without a broker
        else:
            # Each report is a transaction that reads (places, duplicates, numbering) and then writes the
            # report, its clock, its audit event and the duty officer's notifications (outbox rows the
            # worker's deliver_outbox then updates).
            response = client.post("/reports/", {
                "category": "blocked_exit", "subdistrict": subdistrict, "community": community, "grid": "",
                "address": f"友谊街{rounds}号 {os.getpid()}", "description": "楼道堆满杂物", "reporter_name": "",
                "reporter_phone": f"138{os.getpid() % 10000:04d}{rounds % 10000:04d}", "website": "",
                "latitude": "", "longitude": "",
            }, REMOTE_ADDR=f"10.{os.getpid() % 250}.{rounds // 250 % 250}.{rounds % 250}")
            if response.status_code != 302:
                print(f"report answered {response.status_code}", file=sys.stderr)
                return 1
        rounds += 1
    print(rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])))
