"""Which external channels a notification goes through: a pure function of plain values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from firesvc.notifications.enums import URGENT_KINDS, Channel


def default_channels(kind: str) -> tuple[str, ...]:
    """E-mail for every kind; a text message as well for urgent kinds (``URGENT_KINDS``)."""
    if kind in URGENT_KINDS:
        return (Channel.EMAIL, Channel.SMS)
    return (Channel.EMAIL,)


def delivery_routes(
    *,
    kind: str,
    channels: Sequence[str] | None,
    email_enabled: bool,
    sms_enabled: bool,
    muted_kinds: Iterable[str],
    email: str,
    phone: str,
    active: bool = True,
) -> list[tuple[str, str]]:
    """The (channel, address) pairs to deliver to, in channel order.

    ``channels`` is the caller's wish (``None``: ``default_channels(kind)``); the recipient's
    preferences and addresses then take channels away, never add one. A muted kind and an
    inactive account get no e-mail or text message at all (the inbox row is kept).
    """
    wanted = default_channels(kind) if channels is None else tuple(channels)
    unknown = set(wanted) - set(Channel.values)
    if unknown:
        raise ValueError(f"Unknown notification channel(s): {sorted(unknown)}")
    if not active or kind in set(muted_kinds):
        return []
    routes: list[tuple[str, str]] = []
    email, phone = (email or "").strip(), (phone or "").strip()
    if Channel.EMAIL in wanted and email_enabled and email:
        routes.append((Channel.EMAIL.value, email))
    if Channel.SMS in wanted and sms_enabled and phone:
        routes.append((Channel.SMS.value, phone))
    return routes
