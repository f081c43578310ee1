"""Downloads of documents: attachments with Chinese file names that a browser never sniffs or renders."""

from __future__ import annotations

import re
import unicodedata

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# Characters that Windows, macOS or a zip tool would choke on, and control characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_filename(name: str, *, default: str = "document") -> str:
    """``name`` usable as a file name on every system, Chinese kept: no path separators or
    reserved characters, no leading dots, at most 120 characters (before the extension)."""
    name = unicodedata.normalize("NFC", name or "")
    name = _UNSAFE.sub("_", name).strip().lstrip(".").strip()
    if not name:
        return default
    stem, dot, extension = name.rpartition(".")
    if dot and stem and len(extension) <= 8:
        return f"{stem[:120].rstrip()}.{extension}"
    return name[:120].rstrip()


def attachment_response(content: bytes, filename: str, *, content_type: str, private: bool = True) -> HttpResponse:
    """``content`` as a download named ``filename`` (RFC 6266/5987 encoded).

    ``private``: the document concerns one applicant, so no shared cache may keep it.
    """
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=3600"
    return response


def pdf_response(pdf: bytes, filename: str, *, private: bool = True) -> HttpResponse:
    return attachment_response(pdf, filename, content_type="application/pdf", private=private)
