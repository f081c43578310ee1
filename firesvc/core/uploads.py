"""Checking uploaded files by their content, not their name (pure functions on bytes)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _


def max_upload_bytes() -> int:
    """The upload limit of the settings (``MAX_UPLOAD_MB``), read at call time."""
    from django.conf import settings

    return int(getattr(settings, "MAX_UPLOAD_MB", 20)) * 1024 * 1024




@dataclass(frozen=True)
class SniffedType:
    content_type: str
    extension: str
    label: str


PDF = SniffedType("application/pdf", "pdf", "PDF")
JPEG = SniffedType("image/jpeg", "jpg", "JPEG")
PNG = SniffedType("image/png", "png", "PNG")
DOCX = SniffedType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word")
XLSX = SniffedType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel")
OLE = SniffedType("application/msword", "doc", "Word/Excel 97-2003")

DOCUMENT_TYPES = (PDF, JPEG, PNG, DOCX, XLSX, OLE)
IMAGE_TYPES = (JPEG, PNG)


def sniff(head: bytes, whole: bytes | None = None) -> SniffedType | None:
    """The type of a file from its first bytes (and, for zip-based office files, its directory)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            names = set(zipfile.ZipFile(io.BytesIO(whole)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return DOCX
            if any(n.startswith("xl/") for n in names):
                return XLSX
    return None


def check_upload(data: bytes, *, allowed: tuple[SniffedType, ...] = DOCUMENT_TYPES,
                 max_bytes: int | None = None) -> SniffedType:
    """The sniffed type of ``data``, or ValueError with a message the uploader can act on."""
    max_bytes = max_bytes if max_bytes is not None else max_upload_bytes()
    if not data:
        raise ValueError(_("The file is empty."))
    if len(data) > max_bytes:
        raise ValueError(_("The file is %(size).1f MB; at most %(max)d MB is accepted.") % {
            "size": len(data) / 1024 / 1024, "max": max_bytes // 1024 // 1024})
    kind = sniff(data[:16], data)
    if kind is None or kind not in allowed:
        raise ValueError(_("This file is not a %(types)s file (checked by its content, not its name).") % {
            "types": "、".join(t.label for t in allowed)})
    return kind
