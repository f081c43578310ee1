"""The staff search box (issue 22 §1): one query, the records of every app that match it, grouped by kind.

The kernel knows the box and how results are shown; what an app can be searched for is a provider the
app registers in its ``search.py`` (collected by ``autodiscover_modules`` as the desks and counters are),
so that the kernel reads no app's records (DESIGN.md rule 9). A provider gets the signed-in user and the
cleaned query and returns its hits within the user's scope (the same ``visible_to`` its lists use),
best first: exact matches, then the open records (cases still being handled) before the closed ones, then
those that start with the query before those that contain it, newest first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.utils.functional import Promise

from firesvc.core.bigrams import BigramIContains

MIN_LENGTH = 2
MAX_LENGTH = 60
LIMIT = 10  # hits shown per kind

# How many of the newest matches are read to find the open ones among them (``ranked_rows``).
CANDIDATES = 100

# A query's rank of a hit: exact, starts with, contains.
EXACT, PREFIX, CONTAINS = 0, 1, 2


@dataclass(frozen=True)
class SearchQuery:
    """What was typed, cleaned, and what it looks like (so providers search only the fields it can match)."""

    text: str

    @property
    def upper(self) -> str:
        return self.text.upper()

    @property
    def is_ascii(self) -> bool:
        """No Chinese: it may be a case, order or complaint number or a credit code."""
        return self.text.isascii()

    @property
    def phone_digits(self) -> str | None:
        """The digits of a phone number (7 or more digits, with optional spaces, dashes or a leading +)."""
        if not re.fullmatch(r"\+?[\d\s-]{7,}", self.text):
            return None
        return re.sub(r"\D", "", self.text)


def clean_query(raw: str | None) -> SearchQuery | None:
    """The query to search for, or None when it is too short to search (whitespace collapsed, trimmed)."""
    text = " ".join((raw or "").split())[:MAX_LENGTH]
    return SearchQuery(text) if len(text) >= MIN_LENGTH else None


@dataclass(frozen=True)
class SearchHit:
    title: str  # the record's number, or its name where it has none
    subtitle: str  # its name, enterprise or project; its status
    url: str
    detail: str = ""


@dataclass
class SearchGroup:
    key: str
    label: str | Promise
    hits: list[SearchHit] = field(default_factory=list)
    more: bool = False  # more than the shown hits match


# provider(user=..., query=SearchQuery, limit=int) -> list of hits (at most limit + 1, best first)
SearchProvider = Callable[..., list[SearchHit]]


@dataclass(frozen=True)
class _Registration:
    key: str
    label: str | Promise
    order: int
    provider: SearchProvider


_PROVIDERS: dict[str, _Registration] = {}


def register(key: str, label: str | Promise, *, order: int) -> Callable[[SearchProvider], SearchProvider]:
    """Register the decorated function as the provider of one kind of record (``key``), shown under
    ``label`` at place ``order`` among the groups."""

    def decorator(provider: SearchProvider) -> SearchProvider:
        existing = _PROVIDERS.get(key)
        if existing is not None and existing.provider.__qualname__ != provider.__qualname__:
            raise ValueError(f"search kind {key!r} already registered")
        _PROVIDERS[key] = _Registration(key, label, order, provider)
        return provider

    return decorator


def providers() -> list[tuple[str, str | Promise, SearchProvider]]:
    return [(r.key, r.label, r.provider) for r in sorted(_PROVIDERS.values(), key=lambda r: (r.order, r.key))]


def search(*, user: Any, query: SearchQuery, limit: int = LIMIT) -> list[SearchGroup]:
    """The groups that have hits for ``query`` within ``user``'s scope, in their registered order."""
    groups = []
    for key, label, provider in providers():
        hits = provider(user=user, query=query, limit=limit)
        if hits:
            groups.append(SearchGroup(key=key, label=label, hits=hits[:limit], more=len(hits) > limit))
    return groups


def ranked_rows(queryset: QuerySet[Any], *, fields: dict[str, str], values: Sequence[str], limit: int,
                exact_only: dict[str, str] | None = None, open_filter: Q | None = None,
                bigram_fields: Collection[str] = ()) -> list[dict[str, Any]]:
    """Rows of ``queryset`` where a field of ``fields`` (field name -> the text to look for in it) holds its
    text, as ``values`` dicts, best first: rows where a field equals its text (case-insensitive); then, where
    ``open_filter`` says which records are still being handled, the open ones before the closed ones; then
    rows where a field starts with its text before rows where one contains it; newest (highest id) first.
    At most ``limit + 1`` rows (the caller shows ``limit`` and says there are more).

    Without ``open_filter``: any ``limit + 1`` rows that contain the text, without an ORDER BY, so that a
    common word stops after a page of rows instead of sorting thousands (the trigram indexes over
    ``UPPER(field)`` serve both the ``LIKE '%…%'`` and the equality). With it, any page would show the old
    closed cases of a name and miss its live ones: the newest ``CANDIDATES`` matches instead (a common word
    walks the primary key backwards and stops there, a rare one is a trigram lookup and a small sort), and
    only when those hold too few open ones, the newest open matches too. The newest closed matches are
    among the candidates whenever the page needs them. When the matches went beyond what was read, the
    exact matches, which it may have missed, come from one more query. An exact match always comes first.

    ``exact_only`` fields (a phone number) match only when equal, through their plain B-tree index: a
    phone's digits repeat across thousands of numbers, which trigrams cannot tell apart.

    ``bigram_fields``: those of ``fields`` with a bigram index (``firesvc.core.bigrams``), which finds a text
    of two characters where the trigram index cannot (天润). Without one, a rare text of two characters is
    looked for in every row of the scope.
    """
    exact, contains = Q(), Q()
    for name, text in fields.items():
        exact |= Q(**{f"{name}__iexact": text})
        contains |= Q(BigramIContains(F(name), text)) if name in bigram_fields else Q(**{f"{name}__icontains": text})
    for name, text in (exact_only or {}).items():
        exact |= Q(**{name: text})
    columns = list(dict.fromkeys(["pk", *values, *fields, *(exact_only or {})]))
    if open_filter is not None:
        queryset = queryset.annotate(search_open=ExpressionWrapper(open_filter, output_field=BooleanField()))
        columns.append("search_open")
    matching = queryset.filter(contains | (exact if exact_only else Q())).order_by()
    rows: dict[Any, dict[str, Any]] = {}
    if open_filter is None:
        read = limit + 1
        rows = {row["pk"]: row for row in matching.values(*columns)[:read]}
    else:
        read = max(CANDIDATES, 2 * (limit + 1))
        rows = {row["pk"]: row for row in matching.order_by("-pk").values(*columns)[:read]}
        if len(rows) == read and sum(row["search_open"] for row in rows.values()) <= limit:
            for row in matching.filter(open_filter).order_by("-pk").values(*columns)[: limit + 1]:
                rows.setdefault(row["pk"], row)
    if len(rows) >= read:  # more matches than were read: the exact ones may lie beyond them
        for row in queryset.filter(exact).order_by().values(*columns)[: limit + 1]:
            rows.setdefault(row["pk"], row)

    def rank(row: dict[str, Any]) -> tuple[bool, bool, int, int]:
        best = CONTAINS
        if any(row.get(name) == text for name, text in (exact_only or {}).items()):
            best = EXACT
        for name, text in fields.items():
            value = str(row.get(name) or "").upper()
            if value == text.upper():
                best = EXACT
            elif value.startswith(text.upper()):
                best = min(best, PREFIX)
        return best != EXACT, not row.get("search_open", True), best, -row["pk"]

    return sorted(rows.values(), key=rank)[: limit + 1]
