"""What a printed document carries to be verified (C7): its QR code and its short code (核验码).

A document that can be verified has a ``verification_token`` (``codes.new_verification_token``) and a
``verification_code`` (``codes.new_verification_code``), a ``printed_verification_code`` and a
``get_verification_url()``: the page its QR code opens. The short code is typed at one public page, named by
``settings.DOCUMENT_VERIFY_URL_NAME``, which finds every kind of document that carries one (the intake notices,
the time-limit notices and the decisions of the approvals, the rectification orders of the safety sub-app). The
kernel names that page by a setting, so that it imports no app and an app below the approvals can print the same box.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from firesvc.documents.links import absolute_url
from firesvc.documents.qr import qr_svg_data_uri


def verification_context(document: Any) -> dict[str, Any]:
    """The template variables of ``documents/base.html``'s verification box for ``document``: the QR code's
    address, the code and the page to type it at."""
    url = absolute_url(document.get_verification_url())
    return {"verification_url": url, "qr": qr_svg_data_uri(url),
            "verification_code": document.printed_verification_code,
            "verify_page_url": absolute_url(reverse(settings.DOCUMENT_VERIFY_URL_NAME))}
