"""The inbox, opening a notification, and the preferences page. Thin views over services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from firesvc.notifications import services
from firesvc.notifications.forms import PreferenceForm
from firesvc.notifications.models import Notification
from firesvc.notifications.selectors import inbox_for, preference_for

PAGE_SIZE = 20


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(inbox_for(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page": page, "unread_only": unread_only, "query": "show=unread" if unread_only else "",
    })


@login_required
@require_http_methods(["GET", "POST"])
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to its page. Someone else's notification is a 404."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(actor=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notification_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    # Not ``request.POST or None``: a form with every box unticked posts nothing but the token.
    data = request.POST if request.method == "POST" else None
    form = PreferenceForm(data, preference=preference_for(user=request.user), staff=request.user.is_staff_member)
    if request.method == "POST" and form.is_valid():
        services.preference_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
