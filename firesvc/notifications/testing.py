"""Delivery backends for tests that run the worker in another process.

The worker's e-mails and text messages are not visible to the test process, so these
backends append one JSON line per message to a file the test names through the
environment, and the test counts the lines:

- ``FIRESVC_TEST_SMS_FILE`` / ``FIRESVC_TEST_EMAIL_FILE``: the files to append to;
- ``FIRESVC_TEST_SMS_HOLD_FILE``: while this file exists, ``FileSmsBackend.send`` waits
  (up to ``FIRESVC_TEST_SMS_HOLD_SECONDS``, default 120) before it sends — a gateway that
  hangs, so that a test can kill the worker mid-send.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from firesvc.core.sms import BaseSmsBackend


def _append(path: str, record: dict[str, object]) -> None:
    # One write of one line on an O_APPEND file: lines from several processes do not interleave.
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()


def read_lines(path: str | Path) -> list[dict[str, object]]:
    """The records written so far (an absent file: none)."""
    p = Path(path)
    if not p.exists():
        return []
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


class FileSmsBackend(BaseSmsBackend):
    def send(self, *, phone: str, text: str) -> None:
        hold = os.environ.get("FIRESVC_TEST_SMS_HOLD_FILE")
        if hold:
            give_up_at = time.monotonic() + float(os.environ.get("FIRESVC_TEST_SMS_HOLD_SECONDS", "120"))
            while os.path.exists(hold) and time.monotonic() < give_up_at:
                time.sleep(0.05)
        _append(os.environ["FIRESVC_TEST_SMS_FILE"], {"phone": phone, "text": text, "pid": os.getpid()})


class FileEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        path = os.environ["FIRESVC_TEST_EMAIL_FILE"]
        for message in email_messages:
            _append(path, {"to": list(message.to), "subject": message.subject, "pid": os.getpid()})
        return len(email_messages)
