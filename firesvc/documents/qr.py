"""QR codes for documents and pages. The output depends only on the data (deterministic)."""

from __future__ import annotations

import base64
import io
from functools import lru_cache

import qrcode
import qrcode.constants
from django.utils.safestring import SafeString, mark_safe
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathImage

# M (15 %) survives a folded or lightly stained sheet and keeps a URL with a token at version 4–5.
_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M


def _code(data: str) -> qrcode.QRCode:
    if not data:
        raise ValueError("A QR code needs data.")
    code = qrcode.QRCode(error_correction=_ERROR_CORRECTION, border=2)
    code.add_data(data)
    code.make(fit=True)
    return code


@lru_cache(maxsize=256)
def _svg(data: str) -> str:
    image = _code(data).make_image(image_factory=SvgPathImage)
    return image.to_string(encoding="unicode")


def qr_svg(data: str) -> SafeString:
    """An inline ``<svg>`` element (no XML declaration) for an HTML page; size it with CSS."""
    # Safe: the markup is made by qrcode from module coordinates; ``data`` is encoded, never echoed.
    return mark_safe(_svg(data))  # noqa: S308


def qr_svg_data_uri(data: str) -> str:
    """A ``data:image/svg+xml`` URI for ``<img src>`` in a PDF: vector, sharp at any print size."""
    return "data:image/svg+xml;base64," + base64.b64encode(_svg(data).encode()).decode("ascii")


def qr_png_data_uri(data: str, *, box_size: int = 8) -> str:
    """A ``data:image/png`` URI, for consumers that cannot show SVG (e-mail clients, some viewers)."""
    buffer = io.BytesIO()
    code = _code(data)
    code.box_size = box_size
    code.make_image(image_factory=PilImage).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
