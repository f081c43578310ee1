"""Home, role desks and error pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST

from firesvc.accounts.roles import Role
from firesvc.core.api_errors import api_error_response, is_api_request
from firesvc.core.desks import landing_for
from firesvc.core.elder import elder_mode_choose
from firesvc.core.search import MAX_LENGTH, MIN_LENGTH, clean_query
from firesvc.core.search import search as staff_search
from firesvc.core.selectors import desk_role_for, desk_summary


def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors get the public start page; signed-in users their role's desk."""
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    role = desk_role_for(request.user)
    landing = landing_for(role) if role is not None else None
    if landing is not None:  # an app's page is this role's home (the apps' ``desks.py``)
        return redirect(landing)
    if role is None:
        return render(request, "core/no_role.html", status=403)
    return redirect("desk", role=role)


@login_required
def desk(request: HttpRequest, role: str) -> HttpResponse:
    if role not in Role.values or role == Role.ENTERPRISE_USER:
        raise PermissionDenied
    if not (request.user.has_role(role) or (role == Role.ADMINISTRATOR and request.user.is_superuser)):
        raise PermissionDenied
    context = desk_summary(user=request.user, role=role)
    context["role_label"] = Role(role).label
    return render(request, "core/desk.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The staff search box's results: each app's records matching the query, grouped by kind, within the
    user's scope (``firesvc.core.search``)."""
    if not request.user.is_staff_member:
        raise PermissionDenied
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    groups = staff_search(user=request.user, query=query) if query is not None else []
    return render(request, "core/search.html", {
        "q": raw.strip()[:MAX_LENGTH], "query": query, "groups": groups, "min_length": MIN_LENGTH,
    })


@login_required
def ping(request: HttpRequest) -> HttpResponse:
    """A minimal signed-in page on the full stack (middleware, session, base template): a baseline."""
    return render(request, "core/ping.html")


ELDER_MODE_COOKIE_AGE = 365 * 24 * 3600  # a year: the reader chose it once


@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    """Switch the 长辈版 (large text, high contrast) display on (``elder=on``) or off (``elder=off``) and go back
    to the page (``next``). Kept on the account of a signed-in user (every device they sign in on) and in
    this browser's cookie, for visitors and signed-in users alike, like the language (``firesvc.core.elder``)."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    choice = request.POST.get("elder", "")
    if choice in ("on", "off"):
        elder_mode_choose(request, on=choice == "on")
    if choice == "on":
        response.set_cookie(settings.ELDER_MODE_COOKIE_NAME, "1", max_age=ELDER_MODE_COOKIE_AGE,
                            secure=request.is_secure(), httponly=True, samesite="Lax")
    elif choice == "off":
        response.delete_cookie(settings.ELDER_MODE_COOKIE_NAME, samesite="Lax")
    else:
        messages.error(request, _("Choose the large-text display or the standard display."))
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico; the icon lives in static files (resolved per request)."""
    from django.templatetags.static import static

    return redirect(static("favicon.svg"), permanent=True)


# Under /api/ every answer is JSON in the API's one error shape (firesvc.core.api_errors); pages keep HTML.

def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return api_error_response(400, _("The request cannot be read (malformed, too large or not allowed)."),
                                  "bad_request")
    return render(request, "400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return api_error_response(403, _("You do not have permission to perform this action."),
                                  "permission_denied")
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return api_error_response(404, _("There is nothing at this address of the API."), "not_found")
    return render(request, "404.html", status=404)


def _unavailable_part(exc: BaseException | None) -> str | None:
    """Which service an exception says is down ("database", "storage"), or None for a bug."""
    from django.db import InterfaceError, OperationalError

    from firesvc.core.storage import is_storage_full

    # The outage may sit below the exception that reached the handler (raised while handling it, or
    # re-raised "from" it), so the whole chain is read.
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OperationalError | InterfaceError):  # lost or refused connection, server starting/stopping
            return "database"
        if is_storage_full(exc):
            return "storage"
        exc = exc.__cause__ or exc.__context__
    return None


@requires_csrf_token
def error_500(request: HttpRequest) -> HttpResponse:
    """The error page. A service that is down (database, upload folder) is a 503 saying so, not a 500.

    Django calls this inside its ``except`` block, so ``sys.exc_info()`` is the exception, also when
    it came from a middleware before any view ran.
    """
    # No context processors that touch the database: the error may be the database itself.
    import sys

    from django.template import loader

    part = _unavailable_part(sys.exc_info()[1])
    if is_api_request(request):
        if part is None:
            return api_error_response(500, _("An error occurred on the server; it has been recorded."),
                                      "server_error")
        response = api_error_response(503, _("The service is briefly unavailable; try again in a minute."),
                                      "service_unavailable")
        response["Retry-After"] = "30"
        return response
    if part is None:
        return HttpResponse(loader.get_template("500.html").render(), status=500)
    response = HttpResponse(loader.get_template("503.html").render({"part": part}), status=503)
    response["Retry-After"] = "30"
    return response
