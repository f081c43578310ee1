"""Serializers of the filing API (A3, C9): what enterprises send and what they read back.

Input serializers only parse and validate; the services in ``approvals.services.applications``
decide. Output serializers read models and the plain data of ``firesvc.sla.selectors``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from approvals import decision_texts
from approvals.enums import (
    ApplicationStatus,
    DecisionKind,
    DecisionOutcome,
    MaterialStatus,
    MatterCode,
    NoticeKind,
)
from approvals.models import Application, ApplicationMaterial, Decision, IntakeNotice, MaterialRequirement, Matter
from approvals.selectors.filing import clock_step_name
from approvals.services.applications import PROJECT_FIELDS, current_materials, missing_mandatory
from approvals.status_words import status_label
from firesvc.core.api_errors import ErrorSerializer
from firesvc.sla.enums import Card, ClockStatus, LimitUnit, PauseReason
from firesvc.sla.selectors import ClockView, clock_view, clocks_for_owner
from firesvc.sla.services import active_rule

# --- errors (documentation only: firesvc.core.api_errors produces them) ----------------------


class MissingMaterialSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class SubmitErrorSerializer(ErrorSerializer):
    missing = MissingMaterialSerializer(many=True, required=False,
                                        help_text=gettext_lazy("Mandatory materials not uploaded yet."))


def optional_url(viewname: str, args: list[Any], request: Any = None) -> str | None:
    """An absolute link to a page of the portal, or None while that page is not installed.

    Resolved per call, not at import: the document views (notice PDFs, blank forms) live in
    another part of the portal, and the API must keep working with or without them.
    """
    try:
        path = reverse(viewname, args=args)
    except NoReverseMatch:
        return None
    return request.build_absolute_uri(path) if request is not None else path


# --- matters (public) ----------------------------------------------------------------------


class RequirementSerializer(serializers.ModelSerializer):
    blank_form_url = serializers.SerializerMethodField(help_text=gettext_lazy(
        "The blank form to fill in, where the matter provides one."))

    class Meta:
        model = MaterialRequirement
        fields = ["code", "name", "description", "is_mandatory", "blank_form_url"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_blank_form_url(self, requirement: MaterialRequirement) -> str | None:
        link = optional_url("approvals:blank_form", [requirement.matter.code, requirement.code],
                            self.context.get("request"))
        if link is None:
            return None
        # Installed with the route above; it knows which materials are forms (uploaded or from the catalogue).
        from approvals.views.public import has_blank_form

        return link if has_blank_form(requirement) else None


class TimeLimitSerializer(serializers.Serializer):
    rule = serializers.CharField(source="code")
    name = serializers.CharField()
    limit = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=LimitUnit.choices)
    unit_label = serializers.CharField(source="get_unit_display")
    extension_max = serializers.IntegerField()
    legal_basis = serializers.CharField()


class MatterSerializer(serializers.ModelSerializer):
    time_limit = serializers.SerializerMethodField(
        help_text=gettext_lazy("The statutory limit of the decision in the active rule set."))
    requirements = serializers.SerializerMethodField(
        help_text=gettext_lazy("The materials a new application has to provide."))
    guide_pdf_url = serializers.SerializerMethodField(help_text=gettext_lazy("The printable service guide."))
    form_pack_url = serializers.SerializerMethodField(help_text=gettext_lazy("Every blank form in one download."))

    class Meta:
        model = Matter
        fields = ["code", "name", "description", "legal_basis", "process", "fee", "window", "phone",
                  "promised_days", "time_limit", "requirements", "guide_pdf_url", "form_pack_url"]

    @extend_schema_field(TimeLimitSerializer(allow_null=True))
    def get_time_limit(self, matter: Matter) -> dict[str, Any] | None:
        try:
            rule = active_rule(matter.rule_code)
        except DjangoValidationError:
            return None  # an administrator is switching rule sets: show the matter without a limit
        return TimeLimitSerializer(rule).data

    @extend_schema_field(RequirementSerializer(many=True))
    def get_requirements(self, matter: Matter) -> list[dict[str, Any]]:
        requirements = matter.requirements_on(timezone.localdate()).select_related("matter")
        return RequirementSerializer(requirements, many=True, context=self.context).data

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_guide_pdf_url(self, matter: Matter) -> str | None:
        return optional_url("approvals:guide_pdf", [matter.code], self.context.get("request"))

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_form_pack_url(self, matter: Matter) -> str | None:
        return optional_url("approvals:form_pack", [matter.code], self.context.get("request"))


# --- applications: input ---------------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    """The project form (A3); field rules come from the model, plus sane ranges for the numbers."""

    # Numbers in the schema (a decimal string is accepted too); the read side answers with strings.
    building_area = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"),
                                             coerce_to_string=False, label=gettext_lazy("building area (m²)"))
    building_height = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=Decimal("0"),
                                               coerce_to_string=False, label=gettext_lazy("building height (m)"))

    class Meta:
        model = Application
        fields = list(PROJECT_FIELDS)
        extra_kwargs = {"description": {"max_length": 4000}}  # a TextField: bound what one request may store


class ApplicationCreateSerializer(ProjectSerializer):
    matter = serializers.SlugRelatedField(
        slug_field="code", queryset=Matter.objects.all(),
        help_text=gettext_lazy("Code of the matter, see /api/v1/matters/."),
        error_messages={"does_not_exist": gettext_lazy("There is no matter with the code “{value}”.")},
    )

    class Meta(ProjectSerializer.Meta):
        fields = ["matter", *PROJECT_FIELDS]

    def validate_matter(self, matter: Matter) -> Matter:
        if not matter.is_active:
            raise serializers.ValidationError(
                _("%(matter)s is not open for applications.") % {"matter": matter.name})
        return matter


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """A file part of a multipart request: binary in the schema (a plain FileField would show as a URL)."""


class MaterialUploadSerializer(serializers.Serializer):
    requirement = serializers.SlugField(max_length=40, help_text=gettext_lazy(
        "Code of the required material, as listed in the application's materials."))
    file = UploadField(max_length=200, help_text=gettext_lazy(
        "PDF, JPEG, PNG, Word or Excel; checked by its content, not its name."))


class SubmitSerializer(serializers.Serializer):
    allow_incomplete = serializers.BooleanField(required=False, default=False, help_text=gettext_lazy(
        "Submit a draft without some mandatory materials on purpose: the window then lists everything "
        "to supplement in one notice."))


class IntakeMaterialSerializer(serializers.Serializer):
    requirement = serializers.SlugField(max_length=40, help_text=gettext_lazy("Code of the required material."))
    state = serializers.ChoiceField(choices=[("ok", gettext_lazy("in order")), ("faulty", gettext_lazy("faulty")),
                                             ("missing", gettext_lazy("missing")),
                                             ("na", gettext_lazy("not applicable"))], help_text=gettext_lazy(
        "The clerk's verdict; a material left out stays unchecked, and accepting or a notice needs every one."))
    problem = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    fix = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class IntakeSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[("accept", gettext_lazy("Accept (受理)")),
                                              ("notice", gettext_lazy("Issue the one-time notice")),
                                              ("refuse", gettext_lazy("Do not accept"))])
    materials = IntakeMaterialSerializer(many=True, required=False, default=list)
    reasons = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                    help_text=gettext_lazy("For a refusal: the reasons the applicant receives."))


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class GreenChannelSerializer(serializers.Serializer):
    green_channel = serializers.BooleanField(
        help_text=gettext_lazy("true: put the case in the green channel (绿色通道); false: take it out."))
    reason = serializers.CharField(max_length=300, help_text=gettext_lazy("Recorded and sent to the applicant."))


# --- applications: output --------------------------------------------------------------------


class MaterialSerializer(serializers.ModelSerializer):
    requirement = serializers.CharField(source="requirement.code")
    file_name = serializers.CharField(source="original_name")
    review_status = serializers.ChoiceField(source="status", choices=MaterialStatus.choices)
    review_status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = ApplicationMaterial
        fields = ["requirement", "version", "file_name", "content_type", "size", "sha256", "review_status",
                  "review_status_display", "uploaded_at"]


class RequiredMaterialSerializer(serializers.Serializer):
    code = serializers.CharField(source="requirement.code")
    name = serializers.CharField(source="requirement.name")
    description = serializers.CharField(source="requirement.description")
    is_mandatory = serializers.BooleanField(source="requirement.is_mandatory")
    uploaded = serializers.BooleanField()
    current = MaterialSerializer(allow_null=True, help_text=gettext_lazy("The newest uploaded version."))


class NoticeItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    problem = serializers.CharField()
    fix = serializers.CharField()


class NoticeSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=NoticeKind.choices)
    kind_display = serializers.CharField(source="get_kind_display")
    items = serializers.SerializerMethodField(help_text=gettext_lazy(
        "For a one-time deficiency notice: every material to supplement."))
    pdf_url = serializers.SerializerMethodField(help_text=gettext_lazy(
        "The printable notice; absent while the document service is unavailable."))

    class Meta:
        model = IntakeNotice
        fields = ["number", "kind", "kind_display", "issued_at", "due_date", "supplement_due", "items", "reasons",
                  "pdf_url"]

    @extend_schema_field(NoticeItemSerializer(many=True))
    def get_items(self, notice: IntakeNotice) -> list[dict[str, str]]:
        return [{"code": str(i.get("code", "")), "name": str(i.get("name", "")),
                 "problem": str(i.get("problem", "")), "fix": str(i.get("fix", ""))} for i in notice.items or []]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, notice: IntakeNotice) -> str | None:
        return optional_url("approvals:notice_pdf", [notice.pk], self.context.get("request"))


class PauseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=PauseReason.choices)
    reason_display = serializers.CharField(source="get_reason_display")
    note = serializers.CharField()
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    expected_until = serializers.DateField(allow_null=True)


class ClockSerializer(serializers.Serializer):
    """One time limit of the case as the applicant sees it (C3, A8), from ``clock_view``."""

    rule = serializers.CharField(source="clock.rule.code")
    step = serializers.SerializerMethodField(help_text=gettext_lazy(
        "What the case page calls the time limit: the approval time limit for the matter's own limit (the spot "
        "check time limit for a completion filing)."))
    clock_status = serializers.ChoiceField(source="status", choices=ClockStatus.choices)
    card = serializers.ChoiceField(choices=Card.choices)
    started_at = serializers.DateTimeField(source="clock.started_at")
    due_date = serializers.DateField(allow_null=True)
    due_at = serializers.DateTimeField()
    remaining = serializers.IntegerField(allow_null=True, help_text=gettext_lazy(
        "Units left: 0 is the last day, negative is overdue; null once the clock stopped."))
    unit = serializers.ChoiceField(source="clock.limit_unit", choices=LimitUnit.choices)
    unit_label = serializers.CharField()
    provisional = serializers.BooleanField(help_text=gettext_lazy(
        "The due date may move: next year's official calendar is not loaded yet."))
    paused_reason = serializers.CharField()
    pauses = PauseSerializer(many=True)
    stopped_at = serializers.DateTimeField(source="clock.stopped_at", allow_null=True)

    def get_step(self, view: ClockView) -> str:
        return clock_step_name(view.clock, self.context.get("matter"))


class EnterpriseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    uscc = serializers.CharField()


class ApplicationListSerializer(serializers.ModelSerializer):
    matter = serializers.CharField(source="matter.code")
    matter_name = serializers.CharField(source="matter.name")
    status = serializers.ChoiceField(choices=ApplicationStatus.choices)
    status_display = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = ["id", "url", "number", "matter", "matter_name", "project_name", "status", "status_display",
                  "green_channel", "submitted_at", "due_date", "created_at", "updated_at"]

    @extend_schema_field(serializers.CharField())
    def get_status_display(self, application: Application) -> str:
        """The status in the words of the case's matter (a completion filing's are a filing's, not a permit's)."""
        if application.matter.code != MatterCode.COMPLETION_FILING:
            return str(application.get_status_display())
        spot_check = getattr(application, "spot_check", None)  # joined on the list; none yet: AttributeError
        return status_label(application.status, matter_code=application.matter.code,
                            drawn=spot_check.selected if spot_check is not None else None)

    @extend_schema_field(serializers.URLField())
    def get_url(self, application: Application) -> str:
        path = reverse("api:application-detail", args=[application.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class DecisionSerializer(serializers.Serializer):
    """A signed decision on the application (决定书): what the applicant needs to act on and to download it."""

    number = serializers.CharField(help_text=gettext_lazy("The document number (文号)."))
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    outcome_display = serializers.CharField(source="get_outcome_display")
    title = serializers.SerializerMethodField()
    signed_at = serializers.DateTimeField()
    signed_on = serializers.SerializerMethodField(help_text=gettext_lazy("The date printed on the decision."))
    pdf_url = serializers.SerializerMethodField(help_text=gettext_lazy(
        "The printed decision (PDF), for the applicant and the staff in scope."))

    def get_title(self, decision: Decision) -> str:
        return decision_texts.text_for(kind=decision.kind, matter_code=decision.application.matter.code,
                                       outcome=decision.outcome).title

    @extend_schema_field(serializers.DateField())
    def get_signed_on(self, decision: Decision) -> date:
        return timezone.localdate(decision.signed_at)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, decision: Decision) -> str | None:
        return optional_url("approvals:decision_pdf", [decision.pk], self.context.get("request"))


class ApplicationDetailSerializer(ApplicationListSerializer):
    enterprise = EnterpriseRefSerializer()
    brigade = serializers.CharField(source="brigade.name")
    filed_at_window = serializers.SerializerMethodField()
    materials = serializers.SerializerMethodField(help_text=gettext_lazy(
        "Every material required of this application, and what has been uploaded for it."))
    missing_mandatory = serializers.SerializerMethodField(help_text=gettext_lazy(
        "Mandatory materials still to upload before submitting."))
    notices = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField(help_text=gettext_lazy(
        "The time limits of the case, oldest first: intake, then the decision."))
    decision = serializers.SerializerMethodField(help_text=gettext_lazy(
        "The signed decision of a decided application; null before it is signed."))

    class Meta(ApplicationListSerializer.Meta):
        fields = [*ApplicationListSerializer.Meta.fields, "enterprise", "brigade",
                  *(name for name in PROJECT_FIELDS if name not in ApplicationListSerializer.Meta.fields),
                  "filed_at_window", "arrival_date", "accepted_at", "deemed_accepted", "closed_at",
                  "materials", "missing_mandatory", "notices", "clocks", "decision"]

    @extend_schema_field(DecisionSerializer(allow_null=True))
    def get_decision(self, application: Application) -> dict[str, Any] | None:
        decision = (Decision.objects.filter(application=application, signed_at__isnull=False)
                    .select_related("application__matter").first())
        return DecisionSerializer(decision, context=self.context).data if decision else None

    def get_filed_at_window(self, application: Application) -> bool:
        return application.filed_by_clerk_id is not None

    @extend_schema_field(RequiredMaterialSerializer(many=True))
    def get_materials(self, application: Application) -> list[dict[str, Any]]:
        latest = current_materials(application)
        items = (application.required_items.select_related("requirement")
                 .order_by("requirement__order", "requirement_id"))
        rows = [{"requirement": item.requirement, "uploaded": item.requirement_id in latest,
                 "current": latest.get(item.requirement_id)} for item in items]
        return RequiredMaterialSerializer(rows, many=True).data

    @extend_schema_field(MissingMaterialSerializer(many=True))
    def get_missing_mandatory(self, application: Application) -> list[dict[str, Any]]:
        if application.status != ApplicationStatus.DRAFT:
            return []
        return MissingMaterialSerializer(missing_mandatory(application), many=True).data

    @extend_schema_field(NoticeSerializer(many=True))
    def get_notices(self, application: Application) -> list[dict[str, Any]]:
        return NoticeSerializer(application.notices.order_by("issued_at", "pk"), many=True, context=self.context).data

    @extend_schema_field(ClockSerializer(many=True))
    def get_clocks(self, application: Application) -> list[dict[str, Any]]:
        now = timezone.now()
        views: list[ClockView] = [clock_view(clock, now=now) for clock in clocks_for_owner(application)]
        return ClockSerializer(views, many=True, context={"matter": application.matter}).data
