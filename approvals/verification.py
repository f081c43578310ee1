"""What a printed approval document carries to be verified (C7): its QR code and its short code, and how often
the public may type one.

``verification_context`` is the kernel's (``firesvc.documents.verification``): every document that carries a
code, in this app or below it, prints the same box."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from firesvc.documents.verification import verification_context

__all__ = ["letterhead", "lookup_allowed", "notice_facts", "token_page", "verification_context"]

# Look-ups of a typed code per client address and window (seconds), as the public forms count theirs
# in the shared cache; settings may override.
DEFAULT_RATE_LIMIT = (30, 3600)
# The case lookup guesses a four-digit secret at worst: fewer tries per address.
RATE_LIMITS = {"verify-code": ("VERIFY_CODE_RATE_LIMIT", DEFAULT_RATE_LIMIT),
               "case": ("CASE_LOOKUP_RATE_LIMIT", (20, 3600))}


def lookup_allowed(address: str, *, kind: str = "verify-code") -> bool:
    """Count one look-up of ``kind`` from ``address``; False once its window's limit is passed. Kinds:
    ``verify-code`` (a document's code, ``VERIFY_CODE_RATE_LIMIT``) and ``case`` (the public case lookup,
    ``CASE_LOOKUP_RATE_LIMIT``)."""
    setting, default = RATE_LIMITS[kind]
    limit, window = getattr(settings, setting, default)
    key = f"firesvc:{kind}-rate:{address}"
    if cache.add(key, 1, window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        count = 1
    return count <= limit


def letterhead(brigade: Any) -> list[str]:
    """The issuing units from the detachment down: ["沈阳市消防救援支队", "铁西区消防救援大队"]."""
    return brigade.letterhead()


def notice_facts(notice: Any, title: Any) -> dict[str, Any]:
    """What a notice's verify page shows of it: the notice, its title and date, who issued it, for whom and for
    what (nothing personal). ``notice.application`` with its matter, enterprise and brigade."""
    application = notice.application
    return {"notice": notice, "title": title, "issued_on": timezone.localdate(notice.issued_at),
            "issuer": " ".join(letterhead(application.brigade)), "enterprise_name": application.enterprise.name,
            "project_name": application.project_name, "matter_name": application.matter.name}


def token_page(response: HttpResponse) -> HttpResponse:
    """A page opened by a document's token: the token in the address is its key, so it stays out of referrers
    and search engines."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
