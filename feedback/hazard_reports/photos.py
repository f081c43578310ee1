"""Report photos: checked by content, re-encoded and shrunk (pure functions on bytes)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from firesvc.core.uploads import IMAGE_TYPES, check_upload

MAX_PHOTOS = 3
MAX_SIDE = 1600  # px: enough to see a blocked exit, small enough for a phone's upload


def max_photo_bytes() -> int:
    return int(getattr(settings, "HAZARD_PHOTO_MAX_MB", 10)) * 1024 * 1024


@dataclass(frozen=True)
class ProcessedPhoto:
    data: bytes
    width: int
    height: int


def process_photo(data: bytes) -> ProcessedPhoto:
    """A JPEG no larger than ``MAX_SIDE``, without EXIF (no location leaks); ValueError with a message."""
    check_upload(data, allowed=IMAGE_TYPES, max_bytes=max_photo_bytes())
    Image.MAX_IMAGE_PIXELS = 50_000_000  # a decompression bomb fails instead of filling memory
    try:
        with Image.open(io.BytesIO(data)) as image:
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=82, optimize=True)
            return ProcessedPhoto(out.getvalue(), image.width, image.height)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise ValueError(_("This photo could not be read; take it again or choose another one.")) from exc
