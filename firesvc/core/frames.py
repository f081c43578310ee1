"""Template fragments whose words are fixed, rendered once per process and language ("frames").

A busy page whose body is mostly translated labels (the worklist's headings, buttons and links)
spent more time in ``{% translate %}`` and ``{% url %}`` on every request than on its own rows. A
frame is such a fragment rendered once, with a marker where each per-request value goes; a request
then only joins the frame's pieces with its values. The fragment's template must depend on nothing
but the language and the URL prefix: no ``request``, ``user``, ``csrf_token`` or ``messages`` in it.
Values given to ``fill`` are put in as they are, so they must be escaped HTML already.
"""

from __future__ import annotations

import functools
import re

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

_MARK = "\x00frame:{}\x00"
_MARKED = re.compile("\x00frame:([a-z_]+)\x00")


def fill(template_name: str, **values: str) -> SafeString:
    """The fragment ``template_name`` with ``values`` (escaped HTML) where the template prints them."""
    pieces = _frame(template_name, tuple(sorted(values)), get_language(), get_script_prefix())
    # pieces alternate: text, slot name, text, slot name, ..., text
    return mark_safe("".join(  # noqa: S308  (the frame's text is the template's output; values are escaped)
        piece if n % 2 == 0 else values[piece] for n, piece in enumerate(pieces)))


@functools.lru_cache(maxsize=128)
def _frame(template_name: str, slots: tuple[str, ...], language: str, script_prefix: str) -> tuple[str, ...]:
    """The fragment rendered with a marker for each slot, split at the markers (``language`` and
    ``script_prefix`` are the active ones: part of the key, not read here)."""
    markers = {slot: mark_safe(_MARK.format(slot)) for slot in slots}  # noqa: S308  (fixed text)
    html = render_to_string(template_name, markers)
    pieces = tuple(_MARKED.split(html))
    unprinted = set(slots) - set(pieces[1::2])
    if unprinted:  # a misspelt value's name would otherwise be dropped without a word
        raise ValueError(f"{template_name} does not print {', '.join(sorted(unprinted))}")
    return pieces


def forget() -> None:
    """Drop every rendered frame (a template or translation changed: tests, a reload)."""
    _frame.cache_clear()
