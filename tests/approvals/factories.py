"""Factories of the approvals app: applications filed through the services, as an applicant would."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory

from approvals.models import Application, Matter, ParallelCase
from approvals.services.applications import application_create, application_submit, material_upload
from approvals.services.parallel import (
    parallel_case_create,
    parallel_case_submit,
    parallel_material_upload,
    shared_requirements,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

PROJECT = {
    "project_name": "铁西万达广场三期",
    "project_address": "沈阳市铁西区建设大路1号",
    "building_area": Decimal("12500.50"),
    "building_height": Decimal("45.00"),
    "floors": 12,
    "use": "commercial",
    "contact_name": "孙立新",
    "contact_phone": "13912345678",
}


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft that ``applicant`` files for ``enterprise`` (both required), with every mandatory material
    uploaded except the codes in ``skip`` (none with ``upload=False``); ``submitted=True`` sends it to
    the window."""

    class Meta:
        model = Application

    matter = factory.LazyFunction(lambda: Matter.objects.get(code="acceptance"))
    project_name = PROJECT["project_name"]
    project_address = PROJECT["project_address"]
    building_area = PROJECT["building_area"]
    building_height = PROJECT["building_height"]
    floors = PROJECT["floors"]
    use = PROJECT["use"]
    contact_name = PROJECT["contact_name"]
    contact_phone = PROJECT["contact_phone"]

    @classmethod
    def _create(cls, model_class, *args, applicant: Any, enterprise: Any, upload: bool = True,  # type: ignore[no-untyped-def]
                skip: tuple[str, ...] = (), submitted: bool = False, **fields: Any) -> Application:
        application = application_create(actor=applicant, enterprise=enterprise, **fields)
        if upload:
            for item in application.required_items.select_related("requirement"):
                if item.requirement.is_mandatory and item.requirement.code not in skip:
                    material_upload(actor=applicant, application=application, requirement=item.requirement,
                                    data=PDF, filename=f"{item.requirement.code}.pdf")
        if submitted:
            application = application_submit(actor=applicant, application=application)
        return application


def parallel_case_filed(world: dict[str, Any], *, upload: bool = True, skip: tuple[str, ...] = (),
                        submit: bool = True) -> ParallelCase:
    """A parallel case of ``world``'s applicant with every mandatory material uploaded once except the rows in
    ``skip`` (``shared_requirements`` codes; none with ``upload=False``); ``submit`` sends both tracks to the
    window (without the skipped materials, as the applicant may choose to)."""
    case = parallel_case_create(actor=world["applicant"], enterprise=world["enterprise"], **PROJECT)
    if upload:
        for row in shared_requirements(case):
            if row["mandatory"] and row["code"] not in skip:
                parallel_material_upload(actor=world["applicant"], case=case, code=row["code"], data=PDF,
                                         filename=f"{row['code']}.pdf")
    if submit:
        parallel_case_submit(actor=world["applicant"], case=case, allow_incomplete=bool(skip) or not upload)
    return ParallelCase.objects.get(pk=case.pk)


def intake_form_data(application: Application, action: str, *, prefix: bool = False,
                     rows: dict[int, dict[str, str]] | None = None) -> dict[str, str]:
    """What a clerk posts on an intake page after checking every row: an uploaded material in order, a
    missing mandatory one missing, a missing optional one not applicable; ``rows`` overrides by
    requirement id (``{"state": …, "problem": …, "fix": …}``). ``prefix``: the parallel page's names."""
    from approvals.services.applications import current_materials

    uploaded = set(current_materials(application))
    key = f"{application.pk}_" if prefix else ""
    data = {"action": action}
    for item in application.required_items.select_related("requirement"):
        requirement = item.requirement
        state = "ok" if requirement.pk in uploaded else ("missing" if requirement.is_mandatory else "na")
        data[f"state_{key}{requirement.pk}"] = state
        for name, value in (rows or {}).get(requirement.pk, {}).items():
            data[f"{name}_{key}{requirement.pk}"] = value
    return data
