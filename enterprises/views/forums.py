"""Forums of enterprise representatives (E4): list, record, minutes, suggestions raised."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from enterprises.forms.forums import ADD_ROW, ForumForm, ForumSuggestionForm, TextForm
from enterprises.forms.parsing import add_service_error
from enterprises.models import Forum
from enterprises.services import forums as forum_services
from firesvc.core.submissions import Submission


def _staff_only(request: HttpRequest) -> None:
    if not forum_services.can_hold_forums(request.user):
        raise PermissionDenied


@login_required
def forum_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    forums = (Forum.objects.visible_to(request.user).select_related("unit")
              .annotate(enterprise_count=Count("attendees__enterprise", distinct=True),
                        suggestion_count=Count("suggestions", distinct=True)).order_by("-held_on", "-pk"))
    page = Paginator(forums, 25).get_page(request.GET.get("page"))
    return render(request, "enterprises/forums/list.html", {"page": page})


@login_required
def forum_create(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = ForumForm(request.POST or None, user=request.user)
    if request.method == "POST" and ADD_ROW in request.POST:
        form = form.with_another_row()  # without script, "add a row" comes back here
    elif request.method == "POST" and form.is_valid():
        try:
            forum = Submission.of(request).record(lambda: forum_services.forum_create(
                actor=request.user, **form.cleaned_data))
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Forum recorded."))
            return redirect("enterprises:forum_detail", pk=forum.pk)
    return render(request, "enterprises/forums/form.html", {"form": form})


@login_required
def forum_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The forum, its attendees and suggestions; POST adds a suggestion or replaces the minutes."""
    _staff_only(request)
    forum = get_object_or_404(Forum.objects.visible_to(request.user).select_related("unit", "recorded_by"), pk=pk)
    suggestion_form = ForumSuggestionForm(forum=forum)
    minutes_form = TextForm(initial={"text": forum.minutes})
    if request.method == "POST":
        try:
            if request.POST.get("form") == "minutes":
                minutes_form = TextForm(request.POST)
                if minutes_form.is_valid():
                    forum_services.forum_update_minutes(actor=request.user, forum=forum,
                                                         minutes=minutes_form.cleaned_data["text"])
                    messages.success(request, _("Minutes saved."))
                    return redirect("enterprises:forum_detail", pk=forum.pk)
            else:
                suggestion_form = ForumSuggestionForm(request.POST, forum=forum)
                if suggestion_form.is_valid():
                    suggestion = forum_services.forum_add_suggestion(actor=request.user, forum=forum,
                                                                      **suggestion_form.cleaned_data)
                    messages.success(request, _("Suggestion %(number)s recorded.") % {"number": suggestion.number})
                    return redirect("enterprises:forum_detail", pk=forum.pk)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(suggestion_form, exc)
    return render(request, "enterprises/forums/detail.html", {
        "forum": forum, "attendees": forum.attendees.select_related("enterprise"),
        "suggestions": forum.suggestions.select_related("enterprise"), "suggestion_form": suggestion_form,
        "minutes_form": minutes_form})
