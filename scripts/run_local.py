"""Run the portal on the embedded defaults: Django's server, a Celery worker and beat together.

Used by ``make run``. The worker runs with an embedded beat (``-B``) on the filesystem broker
in var/celery, so no Redis server is needed. Ctrl-C stops all of them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> int:
    port = os.environ.get("PORT", "8000")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "firesvc.settings.local")}
    worker = subprocess.Popen(  # noqa: S603
        [str(BIN / "celery"), "-A", "firesvc", "worker", "-B", "--loglevel", "INFO", "--concurrency", "2",
         "--schedule", str(ROOT / "var" / "celerybeat-schedule")],
        cwd=ROOT, env=env,
    )
    web = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"0.0.0.0:{port}"], cwd=ROOT, env=env,
    )
    print(f"firesvc: http://127.0.0.1:{port}/  (demo users: see README.md; Ctrl-C stops web, worker and beat)")
    try:
        while web.poll() is None and worker.poll() is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                web.wait(timeout=1)
    except KeyboardInterrupt:
        pass
    finally:
        for proc in (web, worker):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in (web, worker):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
