"""Setting and clearing a case's green channel (绿色通道) from the case page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals.forms.green_channel import GreenChannelForm
from approvals.models import Application
from approvals.services.green_channel import application_green_channel_set, can_set_green_channel


@login_required
@require_POST
def green_channel(request: HttpRequest, pk: int) -> HttpResponse:
    application = Application.objects.visible_to(request.user).filter(pk=pk).first()
    if application is None:
        raise Http404
    if not can_set_green_channel(request.user):
        raise PermissionDenied
    form = GreenChannelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason; it is recorded and sent to the applicant."))
        return redirect(application.get_absolute_url())
    try:
        application_green_channel_set(actor=request.user, application=application, on=form.cleaned_data["on"],
                                      reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The case is now in the green channel.") if form.cleaned_data["on"]
                         else _("The case is no longer in the green channel."))
    return redirect(application.get_absolute_url())
