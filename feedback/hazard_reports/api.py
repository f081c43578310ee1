"""Open311 GeoReport v2 (DOMAIN.md C9) at /open311/v2/: discovery, services, requests, tokens.

Every resource answers in XML (required by the spec) and JSON, chosen by the extension. Errors
use the spec's shape — ``[{"code": 400, "description": "…"}]`` or ``<errors><error>…</error></errors>`` —
with the HTTP status in ``code``: 400 for missing or bad fields or a point outside every jurisdiction, 403
for a missing or bad ``api_key`` or a place outside the key's jurisdiction, 404 for an unknown service,
request or token. Service codes are the report
categories; a request's ``address_id`` is the code of a sub-district, community or grid; without one, the
grid (or community) containing ``lat``/``long`` takes the request.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from feedback.hazard_reports import selectors
from feedback.hazard_reports.enums import OPEN_STATUSES, URGENT_CATEGORIES, Channel, HazardCategory
from feedback.hazard_reports.links import safe_link
from feedback.hazard_reports.models import ApiKey, HazardReport
from feedback.hazard_reports.services.reports import check_coordinates, hazard_report_submit
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.accounts.selectors import place_at_point, places_are_mapped
from firesvc.core import idempotency

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-29T00:00:00+08:00"
MAX_REQUESTS = 1000
DEFAULT_DAYS = 90
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Element names of list items in XML.
_ITEM_NAMES = {"endpoints": "endpoint", "formats": "format", "attributes": "attribute", "values": "value"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


# --- rendering ---------------------------------------------------------------------------------

def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the offset (+08:00), as the spec requires."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _xml_value(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _xml_value(ET.SubElement(element, key), inner)
    elif isinstance(value, list):
        item = _ITEM_NAMES.get(element.tag, "item")
        for inner in value:
            _xml_value(ET.SubElement(element, item), inner)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = _XML_UNSAFE.sub("", str(value))  # control characters are not allowed in XML 1.0


def _render(fmt: str, data: Any, *, root: str, item: str = "", status: int = 200) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(data, safe=False, status=status, json_dumps_params={"ensure_ascii": False})
    top = ET.Element(root)
    if isinstance(data, list):
        for row in data:
            _xml_value(ET.SubElement(top, item), row)
    else:
        _xml_value(top, data)
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(top, encoding="utf-8", xml_declaration=False)
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return _render(fmt, [{"code": status, "description": description}], root="errors", item="error", status=status)


def _api(view: Any) -> Any:
    """Turn ``Open311Error`` into the spec's error document; GET/POST only."""

    @csrf_exempt
    @never_cache
    def wrapped(request: HttpRequest, *args: Any, fmt: str = "json", **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return _error(fmt, exc.status, exc.description)

    wrapped.__name__ = view.__name__
    return wrapped


# --- resources ---------------------------------------------------------------------------------

def _service(code: str) -> dict[str, Any]:
    return {
        "service_code": code, "service_name": str(HazardCategory(code).label),
        "description": str(_("Fire hazard: %(name)s. Verified within 24 hours.") if code in URGENT_CATEGORIES
                           else _("Fire hazard: %(name)s. Verified within 3 working days.")) % {
            "name": HazardCategory(code).label},
        "metadata": False, "type": "realtime", "keywords": "fire,hazard", "group": str(_("Fire safety")),
    }


def _request_row(report: HazardReport) -> dict[str, Any]:
    unit = report.grid or report.community or report.subdistrict
    return {
        "service_request_id": str(report.pk),
        "status": "open" if report.status in OPEN_STATUSES else "closed",
        "status_notes": selectors.status_notes(report),
        "service_name": report.get_category_display(),
        "service_code": report.category,
        "description": report.description,
        "agency_responsible": report.subdistrict.name,
        "service_notice": "",
        "requested_datetime": iso(report.created_at),
        "updated_datetime": iso(report.updated_at),
        "expected_datetime": iso(selectors.expected_datetime(report)),
        "address": report.address,
        "address_id": unit.code,
        "zipcode": "",
        "lat": float(report.latitude) if report.latitude is not None else None,
        "long": float(report.longitude) if report.longitude is not None else None,
        "media_url": report.media_url,
    }


@_api
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    _only(request, "GET")
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"fmt": fmt})).rsplit("/services", 1)[0]
    return _render(fmt, {
        "changeset": CHANGESET,
        "contact": str(_("Chaoyang fire service, hazard reports: call 119 in an emergency.")),
        "key_service": str(_("API keys are issued by the fire service's administrator.")),
        "endpoints": [{"specification": SPECIFICATION, "url": base, "changeset": CHANGESET, "type": "production",
                       "formats": ["text/xml", "application/json"]}],
    }, root="discovery")


@_api
def services(request: HttpRequest, *, fmt: str) -> HttpResponse:
    _only(request, "GET")
    return _render(fmt, [_service(code) for code in HazardCategory.values], root="services", item="service")


@_api
def service_definition(request: HttpRequest, code: str, *, fmt: str) -> HttpResponse:
    _only(request, "GET")
    if code not in HazardCategory.values:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    return _render(fmt, {"service_code": code, "attributes": []}, root="service_definition")


@_api
def requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post_request(request, fmt)
    _only(request, "GET")
    params = request.GET
    ids_text = params.get("service_request_id", "").strip()
    if ids_text:
        parts = [p.strip() for p in ids_text.split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            raise Open311Error(400, _("service_request_id must be a comma-separated list of request ids."))
        rows = selectors.open311_requests(ids=[int(p) for p in parts])
        return _render(fmt, [_request_row(r) for r in rows], root="service_requests", item="request")
    # GeoReport v2: service_code and status may each be a comma-separated list.
    codes = _list(params, "service_code")
    for code in codes:
        if code not in HazardCategory.values:
            raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    statuses = _list(params, "status")
    if any(status not in ("open", "closed") for status in statuses):
        raise Open311Error(400, _("status must be open or closed."))
    start, end = _date(params, "start_date"), _date(params, "end_date")
    if start and end and start > end:
        raise Open311Error(400, _("start_date must be before end_date."))
    if start is None and end is None:
        start = timezone.now() - timedelta(days=DEFAULT_DAYS)
    rows = selectors.open311_requests(service_codes=codes, start=start, end=end, statuses=statuses,
                                      limit=MAX_REQUESTS)
    return _render(fmt, [_request_row(r) for r in rows], root="service_requests", item="request")


@_api
def request_detail(request: HttpRequest, request_id: str, *, fmt: str) -> HttpResponse:
    _only(request, "GET")
    report = HazardReport.objects.select_related("subdistrict", "community", "grid").filter(
        pk=int(request_id) if request_id.isdigit() else 0).first()
    if report is None:
        raise Open311Error(404, _("Service request %(id)s was not found.") % {"id": request_id})
    return _render(fmt, [_request_row(report)], root="service_requests", item="request")


@_api
def token(request: HttpRequest, token_id: str, *, fmt: str) -> HttpResponse:
    _only(request, "GET")
    report = HazardReport.objects.filter(tracking_code=token_id).only("pk").first()
    if report is None:
        raise Open311Error(404, _("Token %(token)s was not found.") % {"token": token_id})
    return _render(fmt, [{"service_request_id": str(report.pk), "token": token_id}],
                   root="service_requests", item="request")


@_api
def not_found(request: HttpRequest, *, fmt: str = "json") -> HttpResponse:
    raise Open311Error(404, _("No such Open311 resource. Resources end in .json or .xml."))


# --- helpers -----------------------------------------------------------------------------------

def _only(request: HttpRequest, method: str) -> None:
    if request.method != method:
        raise Open311Error(405 if method else 400, _("Method %(method)s is not allowed here.") % {
            "method": request.method})


def _list(params: Any, name: str) -> list[str]:
    return [part.strip() for part in params.get(name, "").split(",") if part.strip()]


def _date(params: Any, name: str) -> datetime | None:
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        moment = parse_datetime(text.replace(" ", "+"))  # a "+" left unescaped in a query arrives as a space
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(400, _("%(name)s must be an ISO 8601 date and time, e.g. 2026-05-01T08:00:00+08:00.") % {
            "name": name})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _decimal(params: Any, name: str) -> Decimal | None:
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise Open311Error(400, _("%(name)s must be a number in decimal degrees.") % {"name": name}) from None
    if not value.is_finite():
        raise Open311Error(400, _("%(name)s must be a number in decimal degrees.") % {"name": name})
    return value.quantize(Decimal("0.000001"))


def _place(address_id: str, api_key: ApiKey, *, lat: Decimal | None, lng: Decimal | None,
           ) -> tuple[OrgUnit, OrgUnit | None, OrgUnit | None]:
    """The sub-district, community and grid of a request: its ``address_id``; else the grid (or community)
    that contains ``lat``/``long`` (``place_at_point``; while no boundary or centre is stored at all, the
    point cannot be placed and the default place takes it); else the key's default place. Refused with 403
    outside the key's jurisdiction."""
    if address_id:
        unit = OrgUnit.objects.filter(code=address_id).first()
        if unit is None:
            raise Open311Error(400, _("address_id %(id)s is not a known sub-district, community or grid.") % {
                "id": address_id})
    elif lat is not None and lng is not None and (api_key.default_unit is None or places_are_mapped()):
        unit = place_at_point(latitude=float(lat), longitude=float(lng))
        if unit is None:
            raise Open311Error(400, _("lat %(lat)s, long %(long)s lies outside every jurisdiction of this fire "
                                      "service: no grid or community is there. Give an address_id.") % {
                "lat": lat, "long": lng})
    else:
        unit = api_key.default_unit
    if unit is None:
        raise Open311Error(400, _("address_id (the code of the sub-district, community or grid) is required "
                                  "to route the request."))
    if unit.kind not in (UnitKind.SUBDISTRICT, UnitKind.COMMUNITY, UnitKind.GRID):
        raise Open311Error(400, _("address_id must be a sub-district, community or grid."))
    jurisdiction = api_key.jurisdiction_unit()
    if jurisdiction is None or not unit.is_within(jurisdiction):
        raise Open311Error(403, _("This api_key may file requests only within %(unit)s; %(place)s is outside "
                                  "it.") % {"unit": jurisdiction.name if jurisdiction else _("no jurisdiction"),
                                            "place": unit.name})
    grid = unit if unit.kind == UnitKind.GRID else None
    community = unit.ancestor_of_kind(UnitKind.COMMUNITY)
    subdistrict = unit.ancestor_of_kind(UnitKind.SUBDISTRICT)
    if subdistrict is None:  # the tree is strict, so only for a broken tree
        raise Open311Error(400, _("address_id must be a sub-district, community or grid."))
    return subdistrict, community, grid


def _media_url(params: Any) -> str:
    """The request's ``media_url``: an absolute http or https address (anything else could run in a
    browser where it is shown)."""
    text = params.get("media_url", "").strip()
    if not text:
        return ""
    if len(text) > 1000 or not safe_link(text):
        raise Open311Error(400, _("media_url must be an http or https address of at most 1000 characters."))
    return text


def _post_request(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.POST
    key = params.get("api_key", "").strip()
    api_key = ApiKey.objects.filter(key=key, is_active=True).select_related(
        "default_unit", "jurisdiction").first() if key else None
    if api_key is None:
        raise Open311Error(403, _("api_key is missing or not valid."))
    key = request.headers.get(idempotency.HEADER)
    if key is None:
        return _create_request(request, fmt, api_key)
    key = key.strip()
    problem = idempotency.key_problem(key)
    if problem is not None:
        raise Open311Error(400, problem)
    # The same Idempotency-Key from the same client (API key) with the same request answers with the first
    # answer (the report it made); with another request it is refused.
    try:
        result = idempotency.run_once(
            owner=idempotency.open311_owner(api_key.pk), key=key, fingerprint=idempotency.form_fingerprint(request),
            run=lambda: _create_request(request, fmt, api_key), answer_of=_answer)
    except idempotency.KeyReused:
        raise Open311Error(422, str(idempotency.IdempotencyKeyReused.default_detail)) from None
    return idempotency.replay_response(result) if isinstance(result, idempotency.Answer) else result


def _answer(response: HttpResponse) -> idempotency.Answer | None:
    if not 200 <= response.status_code < 300:
        return None
    return idempotency.Answer(response.status_code, response["Content-Type"], response.content.decode())


def _create_request(request: HttpRequest, fmt: str, api_key: ApiKey) -> HttpResponse:
    params = request.POST
    code = params.get("service_code", "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    if code not in HazardCategory.values:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    lat, lng = _decimal(params, "lat"), _decimal(params, "long")
    address = params.get("address_string", "").strip()
    address_id = params.get("address_id", "").strip()
    if lat is None and lng is None and not address and not address_id:
        raise Open311Error(400, _("A location is required: lat and long, address_string or address_id."))
    problems = check_coordinates(lat, lng)
    if problems:
        raise Open311Error(400, " ".join(str(p) for p in problems.values()))
    # Optional in GeoReport v2 (up to 4,000 characters); without one the report is described by its kind.
    description = params.get("description", "").strip() or str(HazardCategory(code).label)
    if len(description) > 4000 or len(address) > 200:
        raise Open311Error(400, _("description (4000) or address_string (200 characters) is too long."))
    media_url = _media_url(params)
    subdistrict, community, grid = _place(address_id, api_key, lat=lat, lng=lng)
    name = " ".join(p for p in (params.get("first_name", "").strip(), params.get("last_name", "").strip()) if p)
    try:
        report = hazard_report_submit(
            category=code, subdistrict=subdistrict, community=community, grid=grid,
            address=address or (f"{lat}, {lng}" if lat is not None else (grid or community or subdistrict).name),
            description=description, latitude=lat, longitude=lng, reporter_name=name[:60],
            reporter_phone=params.get("phone", "").strip()[:20], channel=Channel.OPEN311, api_key=api_key,
            media_url=media_url,
        )
    except ValidationError as exc:
        raise Open311Error(400, " ".join(exc.messages)) from exc
    notice = _("The duty officer acknowledges a report within ten minutes.")
    # The spec's answer has service_request_id *or* token (a token only while the id is not yet known):
    # the id is known at once here.
    return _render(fmt, [{"service_request_id": str(report.pk),
                          "service_notice": str(notice), "account_id": None}],
                   root="service_requests", item="request", status=201)
