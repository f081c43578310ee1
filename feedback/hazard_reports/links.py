"""Which addresses given by others may be shown as links."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_link(url: str) -> bool:
    """Whether ``url`` may be shown as a link: an absolute http or https address with a host (never
    ``javascript:`` or ``data:``, which would run in the reader's browser)."""
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(
        ch.isspace() or ord(ch) < 32 for ch in text)
