from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.common import CommonMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.http import escape_leading_slashes
from django.utils.translation import gettext as _

from firesvc.core.api_errors import api_error_response, is_api_request


class PortalLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user chose another language with the switch.

    Unlike Django's middleware, the browser's Accept-Language is ignored: a government
    portal speaks its own language first, whatever the terminal's settings are.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PortalCommonMiddleware(CommonMiddleware):
    """Django's ``CommonMiddleware``, except that under ``/api/`` a path without its trailing slash is answered
    in JSON, like every answer of the API (issue 23 §3): a GET (or HEAD, OPTIONS) gets the same permanent
    redirect with ``{"detail": ..., "code": "redirect", "location": ...}``; a POST, PUT, PATCH or DELETE,
    whose body a redirect would lose, gets a 404 ``{"code": "trailing_slash", "location": ...}`` naming the
    right address (instead of Django's RuntimeError in DEBUG). HTML pages keep Django's behaviour."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code == 404 and is_api_request(request) and self.should_redirect_with_slash(request):
            location = escape_leading_slashes(request.get_full_path(force_append_slash=True))
            if request.method in ("GET", "HEAD", "OPTIONS"):
                response = api_error_response(
                    301, _("This address ends with a slash: %(url)s") % {"url": location}, "redirect",
                    location=location)
                response["Location"] = location
            else:
                response = api_error_response(
                    404, _("Send this request to the address with a trailing slash: %(url)s") % {"url": location},
                    "trailing_slash", location=location)
            response.headers["Content-Length"] = str(len(response.content))
            return response
        return super().process_response(request, response)
