from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from firesvc.audit.selectors import events_visible_to
from firesvc.audit.vocabulary import registered_actions

PAGE_SIZE = 50


@login_required
@permission_required("audit.view_auditevent", raise_exception=True)  # supervisors and administrators
def event_list(request: HttpRequest) -> HttpResponse:
    """The audit trail within the user's scope, newest first, keyset-paginated by ``seq``."""
    events = (events_visible_to(request.user).select_related("actor", "unit", "content_type")
              .order_by("-seq"))
    action = request.GET.get("action", "").strip()
    if action:
        events = events.filter(action__startswith=action)
    before = request.GET.get("before", "")
    if before.isdigit():
        events = events.filter(seq__lt=int(before))
    page = list(events[: PAGE_SIZE + 1])
    next_before = page[PAGE_SIZE - 1].seq if len(page) > PAGE_SIZE else None
    # The filter offers the actions by their words (the code is only the option's value).
    actions = sorted(((code, str(words)) for code, words in registered_actions().items()), key=lambda a: a[1])
    return render(request, "audit/event_list.html", {
        "events": page[:PAGE_SIZE], "next_before": next_before, "action": action, "actions": actions,
    })
