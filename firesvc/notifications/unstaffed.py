"""The words for the administrators when no unit of a chain has anyone of the roles a notice is for.

An escalation must never reach nobody: a notice for the approvers (or the discipline supervisors) of a
unit's chain goes to the administrators when not one unit of the chain has an active holder of those
roles, and they read why and what to do (give the chain someone with the role) before the notice itself.
One pair of msgids per set of roles, kept here so that every app says it alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from firesvc.accounts.models import OrgUnit
from firesvc.accounts.roles import Role

_WORDS: dict[frozenset[str], tuple[Promise, Promise]] = {
    frozenset({Role.APPROVER}): (
        _("No approver for %(unit)s: %(title)s"),
        _("No unit of the chain of %(unit)s has an active approver; give one of them an approver. %(body)s"),
    ),
    frozenset({Role.SUPERVISOR}): (
        _("No discipline supervisor for %(unit)s: %(title)s"),
        _("No unit of the chain of %(unit)s has an active discipline supervisor; give one of them a discipline "
          "supervisor. %(body)s"),
    ),
    frozenset({Role.APPROVER, Role.SUPERVISOR}): (
        _("No approver or discipline supervisor for %(unit)s: %(title)s"),
        _("No unit of the chain of %(unit)s has an active approver or discipline supervisor; give one of them "
          "an approver or a discipline supervisor. %(body)s"),
    ),
}


# Told as the nearest unit above one whose own holders are missing: why this unit hears of it.
_CLIMBED: dict[frozenset[str], tuple[Promise, Promise]] = {
    frozenset({Role.APPROVER}): (
        _("%(title)s (%(unit)s has no approver)"),
        _("%(unit)s has no active approver: you are told as the nearest unit above it. %(body)s"),
    ),
}


def climbed_words(*, roles: Iterable[str], unit: OrgUnit, title: str, body: str) -> tuple[str, str]:
    """The title and body of a notice meant for the holders of ``roles`` in ``unit``, told instead to those of
    the nearest unit above it that has some: the notice's words, with why they hear of it."""
    title_words, body_words = _CLIMBED[frozenset(str(role) for role in roles)]
    return (str(title_words) % {"unit": unit.name, "title": title},
            str(body_words) % {"unit": unit.name, "body": body})


def _words(roles: Iterable[str]) -> tuple[Promise, Promise]:
    return _WORDS[frozenset(str(role) for role in roles)]


def nobody_in_chain_words(*, roles: Iterable[str], unit: OrgUnit, title: str, body: str) -> tuple[str, str]:
    """The title and body for the administrators of a notice (``title``, ``body``) meant for the holders of
    ``roles`` in ``unit``'s chain, none of whom exists: the notice's words, prefixed with why they are told."""
    title_words, body_words = _words(roles)
    return (str(title_words) % {"unit": unit.name, "title": title},
            str(body_words) % {"unit": unit.full_name, "body": body})


def _template(words: Promise, unit: str, key: str, text: Promise) -> str:
    return str(words) % {"unit": unit, key: str(text)}


_lazy_template = lazy(_template, str)


def nobody_in_chain_templates(*, roles: Iterable[str], title: Promise, body: Promise) -> tuple[Promise, Promise]:
    """The same words as ``nobody_in_chain_words`` for a rule of the notification matrix, whose title and body
    are filled in later from the event's words: the unit left as ``%(unit)s`` (its name) in the title and
    ``%(unit_full)s`` (its full name) in the body, which the matrix's context must give."""
    title_words, body_words = _words(roles)
    return (_lazy_template(title_words, "%(unit)s", "title", title),
            _lazy_template(body_words, "%(unit_full)s", "body", body))
