"""The notification matrix: which audited event tells whom, through which channels, in which words.

An app declares, as data, the rules of the objects it owns (``register``): for an audit action on
a model (``"approvals.application"``, ``"application.accept"``), a recipient (a name the app
resolves to users, e.g. ``"applicant"``), the external channels wanted besides the inbox, the
notification kind (its label and switch on the preferences page) and the title and text, with
``%(name)s`` placeholders filled from the app's context of the event. One rule per model may name
the event ``"*"``: it covers every status change of the object that no rule names (so a new step
still reaches the applicant).

``dispatch`` is the one place that sends them: the notifications app registers it as a listener of
every audit event (``firesvc.audit.services.audit_listen``), so the services write their audit
event through the transition helper and the applicant is told in the same transaction, without
any service calling ``notify``. ``docs/notifications.md`` keeps the same matrix as a table, and a
test holds the two equal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation

from firesvc.notifications.enums import Channel

ANY_STATUS_CHANGE = "*"
INBOX = "inbox"

Recipients = Callable[[Any, models.Model], Iterable[Any]]


@dataclass(frozen=True)
class Rule:
    """One cell row of the matrix: ``event`` on ``model`` tells ``recipient`` (inbox and ``channels``)."""

    model: str
    event: str
    recipient: str
    channels: tuple[str, ...]
    kind: str
    title: Any
    body: Any
    # The actor is told of their own act only where it is a receipt (an applicant's withdrawal).
    tell_actor: bool = False
    # Whether an event of the action calls for the message (a recomputed clock: only when its due
    # date moved); ``None``: every one does.
    applies: Callable[[Any], bool] | None = None
    # The notification's key, with ``%(name)s`` from the words and ``%(recipient)s`` (the user's id),
    # where one message must not be written twice across events; empty: once per event and recipient.
    dedupe_key: str = ""
    # The page the message opens when it is not the subject's (``Subject.url``): ``url(obj)``.
    url: Callable[[models.Model], str] | None = None


@dataclass(frozen=True)
class Subject:
    """How a model's events are read: its recipients by name, the words' context, the page to link to.

    ``is_status_change(event)``: whether an event no rule names is a status change of the object
    (the ``"*"`` rule then applies).
    """

    model: str
    recipients: Mapping[str, Recipients]
    context: Callable[[Any, models.Model], Mapping[str, Any]]
    url: Callable[[models.Model], str]
    is_status_change: Callable[[Any], bool]


_subjects: dict[str, Subject] = {}
_rules: list[Rule] = []


def register(subject: Subject, rules: Iterable[Rule]) -> None:
    """Declare a model's recipients and rules (an app does this once, in its ``AppConfig.ready``)."""
    rules = list(rules)
    for rule in rules:
        if rule.model != subject.model:
            raise ValueError(f"Rule {rule.event!r} is for {rule.model}, not {subject.model}.")
        if rule.recipient not in subject.recipients:
            raise ValueError(f"Rule {rule.event!r} names an unknown recipient {rule.recipient!r}.")
        if not set(rule.channels) <= set(Channel.values):
            raise ValueError(f"Rule {rule.event!r} names an unknown channel in {rule.channels!r}.")
    _subjects[subject.model] = subject
    _rules[:] = [r for r in _rules if r.model != subject.model] + rules


def rules() -> list[Rule]:
    """Every registered rule (the matrix that ``docs/notifications.md`` shows)."""
    return list(_rules)


class _Words(dict):  # type: ignore[type-arg]
    """A context in which a placeholder without a value reads as nothing rather than failing."""

    def __missing__(self, key: str) -> str:
        return ""


def rules_for(*, model: str, event: Any) -> list[Rule]:
    """The rules an audit event of ``model`` triggers: those naming its action (that apply to it), else
    (for a status change) the model's ``"*"`` rules."""
    named = [r for r in _rules if r.model == model and r.event == event.action]
    if named:
        return [r for r in named if r.applies is None or r.applies(event)]
    subject = _subjects.get(model)
    if subject is None or not subject.is_status_change(event):
        return []
    return [r for r in _rules if r.model == model and r.event == ANY_STATUS_CHANGE]


def dispatch(event: Any, obj: models.Model) -> int:
    """Write the notifications of one audit event (the audit listener). Returns how many were written.

    Runs in the transaction of the event. The texts are written in the portal's language (the
    users' language: no one's inbox takes the language of whoever clicked), each at most once per
    event and recipient.
    """
    model = obj._meta.label_lower
    matching = rules_for(model=model, event=event)
    if not matching:
        return 0
    from firesvc.notifications.services import notify

    subject = _subjects[model]
    written = 0
    with translation.override(settings.LANGUAGE_CODE):
        words = _Words(subject.context(event, obj))
        url = subject.url(obj)
        for rule in matching:
            seen: set[int] = set()
            for user in subject.recipients[rule.recipient](event, obj):
                if user is None or user.pk in seen or (user.pk == event.actor_id and not rule.tell_actor):
                    continue
                seen.add(user.pk)
                # A rule's own key must name all its parts: a plain dict, so a missing one fails loudly.
                key = (rule.dedupe_key % {**words, "recipient": user.pk} if rule.dedupe_key
                       else f"audit:{event.seq}:{rule.recipient}:{user.pk}")
                notify(recipient=user, kind=rule.kind, title=(str(rule.title) % words).strip(),
                       body=(str(rule.body) % words).strip(),
                       url=rule.url(obj) if rule.url is not None else url, channels=rule.channels,
                       dedupe_key=key)
                written += 1
    return written
