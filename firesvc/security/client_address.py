"""The client's address, the one that every rate limit counts (the public forms, sign-in, the API token).

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each of which appends the address it received the
request from to ``X-Forwarded-For`` (nginx: ``proxy_set_header X-Forwarded-For
$proxy_add_x_forwarded_for``), the client is the N-th address from the right of that header:
the right-most N-1 were written by our own proxies, anything further left was typed by the
client and could be anything. Without a proxy (the default, 0) the header is ignored, so nobody
can choose their own address; behind one, each resident gets their own bucket instead of
everyone sharing the proxy's.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_address(request: HttpRequest) -> str | None:
    """The address the request came from, as far as our own proxies vouch for it; ``None`` if unknown.

    Also django-axes' ``AXES_CLIENT_IP_CALLABLE``, so that sign-in locks count the same address.
    """
    meta = getattr(request, "META", None) or {}
    remote = meta.get("REMOTE_ADDR") or None
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0 or not meta.get("HTTP_X_FORWARDED_FOR"):
        return remote
    # ipware counts the proxies *listed in the header* (ours minus the last one, whose address is
    # REMOTE_ADDR). Not strict: extra entries on the left are the client's own and are skipped,
    # and an unparsable one there must not make us fall back to the proxy's address.
    try:
        address, _routable = get_client_ip(request, proxy_order="left-most", proxy_count=proxies - 1,
                                           request_header_order=["HTTP_X_FORWARDED_FOR"], strict=False)
    except ValueError:  # a header that cannot be parsed at all
        return remote
    return address or remote
