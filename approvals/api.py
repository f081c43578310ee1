"""REST API of online filing (A3, C9), mounted at /api/v1/.

Enterprise systems and the portal's own pages file and follow applications here:

- ``/matters/`` — public: the matters open for applications, their materials and time limits;
- ``/applications/`` — a verified enterprise user's applications (create, edit a draft, upload
  materials, submit, withdraw, read notices and time limits); staff read those in their scope, and
  window clerks take them in (``/applications/{id}/intake/``, the same rules as the intake page);
- ``/auth/token/`` — a token for an enterprise system, from a username and password.

Views stay thin: a serializer parses, one service in ``approvals.services.applications``
decides. What a user may see always comes from ``Application.objects.visible_to``, so an
application of someone else answers 404, never a 403 that confirms it exists. A service's
``ValidationError`` becomes a 400 with ``{"detail": ...}`` or field errors, ``PermissionDenied``
a 403.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from approvals.enums import ApplicationStatus
from approvals.models import Application, MaterialRequirement, Matter
from approvals.serializers import (
    ApplicationCreateSerializer,
    ApplicationDetailSerializer,
    ApplicationListSerializer,
    ErrorSerializer,
    GreenChannelSerializer,
    IntakeSerializer,
    MaterialSerializer,
    MaterialUploadSerializer,
    MatterSerializer,
    NoticeSerializer,
    ProjectSerializer,
    SubmitErrorSerializer,
    SubmitSerializer,
    WithdrawSerializer,
)
from approvals.services.applications import (
    INTAKE_ROLES,
    application_create,
    application_submit,
    application_update,
    material_upload,
    missing_mandatory,
)
from approvals.services.green_channel import application_green_channel_set, can_set_green_channel
from approvals.services.intake import Verdict, application_intake
from approvals.services.parallel_tracks import application_withdraw
from enterprises.enums import AccountStatus
from firesvc.core import uploads
from firesvc.core.idempotency import idempotent
from firesvc.security.client_address import client_address
from firesvc.security.spraying import address_is_throttled

# Token first: an anonymous caller gets 401 with ``WWW-Authenticate: Token``; the portal's pages use the session.
API_AUTHENTICATION = [TokenAuthentication, SessionAuthentication]


# --- errors ---------------------------------------------------------------------------------

class ServiceRejected(exceptions.APIException):
    """A service refused the command (wrong state, missing materials …): 400 with its message."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("This step is not possible now.")
    default_code = "invalid"


def api_error(exc: DjangoValidationError) -> exceptions.APIException:
    """A service's ValidationError as a 400: field errors when it names fields, else ``detail``."""
    if hasattr(exc, "error_dict"):
        errors: dict[str, Any] = {}
        for field, messages in exc.message_dict.items():
            if field == NON_FIELD_ERRORS:
                errors["detail"] = " ".join(messages)
            else:
                errors[field] = messages
        return exceptions.ValidationError(errors)
    return ServiceRejected(" ".join(exc.messages))


class ServiceErrorsMixin:
    """Turns the services' Django ValidationError into a 400 (DRF already maps PermissionDenied and Http404)."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoValidationError):
            exc = api_error(exc)
        return super().handle_exception(exc)  # type: ignore[misc]


ERRORS_400 = OpenApiResponse(ErrorSerializer, description=gettext_lazy(
    "Invalid input or a step the application's state does not allow; field errors or ``detail``."))
ERRORS_403 = OpenApiResponse(ErrorSerializer, description=gettext_lazy(
    "Not allowed: staff read only; the enterprise account must be verified."))
ERRORS_404 = OpenApiResponse(ErrorSerializer, description=gettext_lazy(
    "No such application among those visible to the caller."))


# --- access ---------------------------------------------------------------------------------

class FilingAccess(BasePermission):
    """Verified enterprise users file and follow their enterprise's applications; staff read their scope.

    The rows themselves are limited by ``Application.objects.visible_to``; this check adds what
    that queryset does not say: who may write, and that an enterprise account must be verified
    (an account waiting for verification is bound to an enterprise but not yet trusted).
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False  # 401
        if user.is_staff_member:
            if request.method in SAFE_METHODS:
                return True
            raise exceptions.PermissionDenied(
                _("Applications are filed here by enterprise users; staff have read access."))
        account = getattr(user, "enterprise_account", None)
        if account is None:
            raise exceptions.PermissionDenied(_("Your user is not bound to an enterprise."))
        if account.status == AccountStatus.REJECTED:
            raise exceptions.PermissionDenied(_("Your enterprise account was rejected; contact the brigade."))
        if not account.can_file:
            raise exceptions.PermissionDenied(
                _("Your enterprise account is not verified yet; the brigade verifies it first."))
        return True


class IntakeAccess(BasePermission):
    """Window clerks (and approvers, administrators) take applications in; the rows are their scope's."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False  # 401
        if not (user.is_staff_member and (user.is_administrator or user.has_role(*INTAKE_ROLES))):
            raise exceptions.PermissionDenied(_("Only window clerks take in applications."))
        return True


# --- matters (public) -----------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("Matters open for applications"), tags=["matters"]),
    retrieve=extend_schema(summary=gettext_lazy("One matter: required materials and time limit"), tags=["matters"],
                           responses={200: MatterSerializer, 404: ERRORS_404}),
)
class MatterViewSet(ServiceErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """The matter catalogue (A1): public, no account needed."""

    queryset = Matter.objects.filter(is_active=True).order_by("order", "code")
    serializer_class = MatterSerializer
    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]
    pagination_class = None
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"


# --- applications ---------------------------------------------------------------------------

class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)
    matter = django_filters.CharFilter(field_name="matter__code", help_text=gettext_lazy("Code of the matter."))

    class Meta:
        model = Application
        fields = ["status", "matter"]


class ApplicationPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int | None:
        # DRF quietly falls back to 20 for page_size=abc; the schema says an integer, so it is refused.
        values = request.query_params.getlist(self.page_size_query_param)
        if values and (len(values) > 1 or not values[0].strip().lstrip("-").isdigit()):
            raise exceptions.ValidationError({self.page_size_query_param: [_("Enter a whole number.")]})
        return super().get_page_size(request)


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("The caller's applications, newest first"), tags=["applications"]),
    retrieve=extend_schema(
        summary=gettext_lazy("An application: status, materials, notices and time limits"), tags=["applications"],
        responses={200: ApplicationDetailSerializer, 404: ERRORS_404}),
)
class ApplicationViewSet(ServiceErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         viewsets.GenericViewSet):
    """Online filing (A3) of the caller's verified enterprise; read access for staff in scope."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [FilingAccess]
    parser_classes = [JSONParser]
    pagination_class = ApplicationPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApplicationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Application]:
        applications = (Application.objects.visible_to(self.request.user)
                        .select_related("matter", "enterprise", "brigade").order_by("-created_at", "-pk"))
        # A completion filing's status reads by its spot check draw (status_display): joined for the list's rows.
        return applications.select_related("spot_check") if self.action == "list" else applications

    def filter_queryset(self, queryset: QuerySet[Application]) -> QuerySet[Application]:
        # The filters belong to the list; on /applications/{id}/… they would turn into surprising 404s.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return ApplicationListSerializer if self.action == "list" else ApplicationDetailSerializer

    def _detail(self, application: Application, *, code: int = status.HTTP_200_OK) -> Response:
        body = ApplicationDetailSerializer(application, context=self.get_serializer_context()).data
        headers = {"Location": body["url"]} if code == status.HTTP_201_CREATED else None
        return Response(body, status=code, headers=headers)

    @extend_schema(
        summary=gettext_lazy("Start a draft for the caller's enterprise"), tags=["applications"],
        description=gettext_lazy("The enterprise is the caller's own (from the enterprise account), never "
                                 "taken from the body. The materials required today are frozen on the draft."),
        request=ApplicationCreateSerializer,
        responses={201: ApplicationDetailSerializer, 400: ERRORS_400, 403: ERRORS_403},
    )
    @idempotent
    def create(self, request: Request) -> Response:
        form = ApplicationCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        fields = dict(form.validated_data)
        matter = fields.pop("matter")
        application = application_create(
            actor=request.user, matter=matter, enterprise=request.user.enterprise_account.enterprise, **fields)
        return self._detail(application, code=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Change the project form of a draft"), tags=["applications"],
        request=ProjectSerializer,
        responses={200: ApplicationDetailSerializer, 400: ERRORS_400, 403: ERRORS_403, 404: ERRORS_404},
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        form = ProjectSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        application = application_update(actor=request.user, application=application, **form.validated_data)
        return self._detail(application)

    @extend_schema(
        summary=gettext_lazy("Upload one required material"), tags=["applications"],
        description=gettext_lazy("multipart/form-data with the requirement's code and the file. A draft takes "
                                 "any of its materials; after a one-time notice only the listed ones. Each upload "
                                 "is a new version; the newest counts."),
        request={"multipart/form-data": MaterialUploadSerializer},
        responses={201: MaterialSerializer, 400: ERRORS_400, 403: ERRORS_403, 404: ERRORS_404},
    )
    @action(detail=True, methods=["post"], url_path="materials", parser_classes=[MultiPartParser, FormParser])
    @idempotent
    def materials(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        form = MaterialUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        code = form.validated_data["requirement"]
        requirement = MaterialRequirement.objects.filter(
            pk__in=application.required_items.values("requirement_id"), code=code).first()
        if requirement is None:
            raise exceptions.ValidationError({"requirement": [
                _("“%(code)s” is not a material of this application.") % {"code": code}]})
        upload = form.validated_data["file"]
        limit = uploads.max_upload_bytes()  # read per request from settings.MAX_UPLOAD_MB
        if upload.size > limit:
            # Refused before reading it into memory; the same message as firesvc.core.uploads.check_upload.
            raise exceptions.ValidationError({"file": [
                _("The file is %(size).1f MB; at most %(max)d MB is accepted.") % {
                    "size": upload.size / 1024 / 1024, "max": limit // 1024 // 1024}]})
        material = material_upload(actor=request.user, application=application, requirement=requirement,
                                   data=upload.read(), filename=upload.name or "")
        return Response(MaterialSerializer(material).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Submit to the window"), tags=["applications"],
        description=gettext_lazy("Sends a draft, or the supplement after a one-time notice; starts the intake "
                                 "time limit. A 400 lists the mandatory materials still missing, unless "
                                 "allow_incomplete is set."),
        request=SubmitSerializer,
        responses={200: ApplicationDetailSerializer, 400: SubmitErrorSerializer, 403: ERRORS_403, 404: ERRORS_404},
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def submit(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        form = SubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            application = application_submit(actor=request.user, application=application,
                                             allow_incomplete=form.validated_data["allow_incomplete"])
        except DjangoValidationError as exc:
            body: dict[str, Any] = {"detail": " ".join(exc.messages)}
            if application.status == ApplicationStatus.DRAFT:
                missing = missing_mandatory(application)
                if missing:
                    body["missing"] = [{"code": r.code, "name": r.name} for r in missing]
            raise ServiceRejected(body) from exc
        return self._detail(application)

    @extend_schema(
        summary=gettext_lazy("Withdraw the application"), tags=["applications"],
        request=WithdrawSerializer,
        responses={200: ApplicationDetailSerializer, 400: ERRORS_400, 403: ERRORS_403, 404: ERRORS_404},
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        form = WithdrawSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        application = application_withdraw(actor=request.user, application=application,
                                           reason=form.validated_data["reason"])
        return self._detail(application)

    @extend_schema(
        summary=gettext_lazy("Take the application in at the window"), tags=["applications"],
        description=gettext_lazy("For window clerks: a verdict on every required material, then accept, a one-time "
                                 "notice listing the faulty and missing ones, or a refusal with reasons. The same "
                                 "rules as the intake page: nothing is in order unless checked, and a mandatory "
                                 "material that was never uploaded cannot be in order."),
        request=IntakeSerializer,
        responses={201: NoticeSerializer, 400: ERRORS_400, 403: ERRORS_403, 404: ERRORS_404},
    )
    @action(detail=True, methods=["post"], permission_classes=[IntakeAccess])
    @idempotent
    def intake(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        form = IntakeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        by_code = {item.requirement.code: item.requirement_id
                   for item in application.required_items.select_related("requirement")}
        verdicts = {}
        for row in form.validated_data["materials"]:
            if row["requirement"] not in by_code:
                raise exceptions.ValidationError({"materials": [
                    _("“%(code)s” is not a material of this application.") % {"code": row["requirement"]}]})
            verdicts[by_code[row["requirement"]]] = Verdict(row["state"], row["problem"], row["fix"])
        notice = application_intake(actor=request.user, application=application,
                                    action=form.validated_data["action"], verdicts=verdicts,
                                    reasons=form.validated_data["reasons"])
        return Response(NoticeSerializer(notice, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=gettext_lazy("Put the case in the green channel or take it out (approvers)"), tags=["applications"],
        description=gettext_lazy("Staff with the approver role in the case's unit; the reason is recorded and sent "
                                 "to the applicant."),
        request=GreenChannelSerializer,
        responses={200: ApplicationDetailSerializer, 400: ERRORS_400, 403: ERRORS_403, 404: ERRORS_404},
    )
    @action(detail=True, methods=["post"], url_path="green-channel", permission_classes=[IsAuthenticated])
    @idempotent
    def green_channel(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        if not can_set_green_channel(request.user):
            raise exceptions.PermissionDenied(
                _("Only the approver can put a case in the green channel or take it out."))
        form = GreenChannelSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        application = application_green_channel_set(actor=request.user, application=application,
                                                    on=form.validated_data["green_channel"],
                                                    reason=form.validated_data["reason"])
        return self._detail(application)

    @extend_schema(
        summary=gettext_lazy("Intake notices of the application, with links to their PDFs"), tags=["applications"],
        responses={200: NoticeSerializer(many=True), 404: ERRORS_404},
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def notices(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        notices = application.notices.order_by("issued_at", "pk")
        return Response(NoticeSerializer(notices, many=True, context=self.get_serializer_context()).data)


# --- token ----------------------------------------------------------------------------------

class TokenObtainThrottle(ScopedRateThrottle):
    """Ten attempts a minute per client address: plenty for a system, too few to guess passwords.

    The rate lives here rather than in ``DEFAULT_THROTTLE_RATES`` so that the view carries its own limit.
    """

    rate = "10/min"

    def get_rate(self) -> str:
        return self.rate

    def get_ident(self, request: Request) -> str:
        # The portal's one client address (TRUSTED_PROXY_COUNT), not DRF's own reading of
        # X-Forwarded-For, which trusts whatever the client wrote there.
        return client_address(request) or "unknown"


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=gettext_lazy("Send as ``Authorization: Token <token>``."))


class BoundedAuthTokenSerializer(AuthTokenSerializer):
    """DRF's credentials, bounded as the user model stores them: a 300-character username is a field
    error here, and never reaches the sign-in throttle's columns (``axes``: 255 characters) on PostgreSQL."""

    username = serializers.CharField(label=gettext_lazy("Username"), write_only=True, max_length=150)
    password = serializers.CharField(label=gettext_lazy("Password"), style={"input_type": "password"},
                                     trim_whitespace=False, write_only=True, max_length=4096)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if address_is_throttled(self.context.get("request")):
            raise serializers.ValidationError(
                _("Too many failed sign-ins have come from your network. Please try again in %(minutes)d minutes.")
                % {"minutes": settings.SIGN_IN_ADDRESS_WINDOW_MINUTES},
                code="address_throttled")
        return super().validate(attrs)


class TokenObtainView(ObtainAuthToken):
    """``POST username, password`` → the user's API token (created on first use)."""

    serializer_class = BoundedAuthTokenSerializer

    authentication_classes: list[type] = []
    throttle_classes = [TokenObtainThrottle]
    throttle_scope = "api-token"
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        summary=gettext_lazy("Get an API token with a username and password"), tags=["auth"],
        request=BoundedAuthTokenSerializer,
        responses={200: TokenSerializer, 400: OpenApiResponse(ErrorSerializer, description=gettext_lazy(
                       "Wrong credentials, a missing field, or too many failed sign-ins from the caller's network.")),
                   429: OpenApiResponse(ErrorSerializer, description=gettext_lazy("Too many attempts."))},
        auth=[],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().post(request, *args, **kwargs)
