"""The public matter catalogue: service guides, blank forms and whole form packs (A1, A5). No account needed."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from approvals.models import MaterialRequirement, Matter
from approvals.views import public as views_public
from firesvc.documents import render_document_html
from firesvc.sla.models import TimeLimitRule
from firesvc.sla.services import active_rule, load_rule_sets

pytestmark = pytest.mark.django_db

PDF_FORM = b"%PDF-1.4\n% an uploaded blank form\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed: the PDF's own text is not extracted "
                    "(the HTML WeasyPrint received was checked instead)")
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                         check=True)
    return re.sub(r"\s+", "", out.stdout.decode())


@dataclass
class Rendered:
    template_name: str
    context: dict[str, Any]

    @property
    def html(self) -> str:
        return re.sub(r"\s+", "", render_document_html(self.template_name, self.context))


@pytest.fixture
def rendered(monkeypatch) -> list[Rendered]:  # type: ignore[no-untyped-def]
    """Every document the public views print, with its context (the PDF is still made)."""
    calls: list[Rendered] = []
    real = views_public.render_pdf

    def spy(template_name: str, context: dict[str, Any], **kwargs: Any) -> bytes:
        calls.append(Rendered(template_name, context))
        return real(template_name, context, **kwargs)

    monkeypatch.setattr(views_public, "render_pdf", spy)
    return calls


@pytest.fixture
def rules(db) -> None:  # type: ignore[no-untyped-def]
    load_rule_sets()


@pytest.fixture
def acceptance(rules) -> Matter:  # type: ignore[no-untyped-def]
    return Matter.objects.get(code="acceptance")


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _retire(matter: Matter, code: str, *, on: int = 0) -> MaterialRequirement:
    requirement = matter.requirements.get(code=code)
    requirement.retired_on = timezone.localdate() + timedelta(days=on)
    requirement.save()
    return requirement


def _names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return zipfile.ZipFile(io.BytesIO(response.content)).namelist()


# --- the catalogue -------------------------------------------------------------------------

def test_the_catalogue_lists_the_active_matters_only(client, acceptance) -> None:
    Matter.objects.filter(code="completion_filing").update(is_active=False)
    page = client.get(reverse("approvals:catalogue")).content.decode()
    assert "建设工程消防验收" in page
    assert "建设工程消防设计审核" in page
    assert "建设工程竣工验收消防备案" not in page
    assert reverse("approvals:form_pack", args=["acceptance"]) in page


# --- the service guide ---------------------------------------------------------------------

def test_the_guide_lists_every_current_material_and_no_retired_one(client, acceptance) -> None:
    _retire(acceptance, "other", on=0)  # retired today: gone
    _retire(acceptance, "completion_report", on=1)  # retired tomorrow: still required today
    page = client.get(reverse("approvals:guide", args=["acceptance"])).content.decode()
    listed = re.findall(r'data-material="([\w-]+)"', page)
    assert listed == [r.code for r in acceptance.requirements.exclude(code="other").order_by("order", "pk")]
    assert "法律、行政法规规定的其他材料" not in page


def test_the_guide_shows_the_limit_of_the_active_rule_and_the_promised_limit(client, acceptance) -> None:
    TimeLimitRule.objects.filter(pk=active_rule("acceptance.decide").pk).update(limit=17)
    page = client.get(reverse("approvals:guide", args=["acceptance"])).content.decode()
    limit = re.search(r"data-time-limit>([^<]*)<", page)
    promised = re.search(r"data-promised>([^<]*)<", page)
    assert limit is not None
    assert limit.group(1).split()[0] == "17"
    assert promised is not None
    assert "12" in promised.group(1)


def test_the_guide_marks_mandatory_materials_and_links_a_blank_form_only_where_there_is_one(
        client, acceptance) -> None:
    page = client.get(reverse("approvals:guide", args=["acceptance"])).content.decode()
    rows = dict(re.findall(r'data-material="([\w-]+)">(.*?)</tr>', page, flags=re.S))
    form_url = reverse("approvals:blank_form", args=["acceptance", "application_form"])
    assert form_url in rows["application_form"]
    assert "/forms/" not in rows["completion_report"]  # a report, not a form
    assert "bg-danger" in rows["completion_report"]  # mandatory
    assert "bg-secondary" in rows["other"]  # optional


def test_the_guide_of_a_closed_or_unknown_matter_is_not_found(client, acceptance) -> None:
    Matter.objects.filter(code="acceptance").update(is_active=False)
    assert client.get(reverse("approvals:guide", args=["acceptance"])).status_code == 404
    assert client.get(reverse("approvals:guide", args=["no-such-matter"])).status_code == 404


def test_the_guide_pdf_lists_every_current_material(client, acceptance, rendered) -> None:
    _retire(acceptance, "other")
    response = client.get(reverse("approvals:guide_pdf", args=["acceptance"]))
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    expected = [r.name for r in acceptance.requirements.exclude(code="other")] + ["办事指南提示单", "20个工作日"]
    html = rendered[0].html
    assert [fact for fact in expected if fact not in html] == []
    assert "法律、行政法规规定的其他材料" not in html
    text = pdf_text(response.content)
    assert [fact for fact in expected if fact not in text] == []
    assert "法律、行政法规规定的其他材料" not in text


# --- blank forms ---------------------------------------------------------------------------

def test_a_generated_blank_form_is_a_pdf_form_of_the_matter(client, acceptance, rendered) -> None:
    response = client.get(reverse("approvals:blank_form", args=["acceptance", "application_form"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    fields = ["建设工程消防验收申报表", "申请单位", "项目名称", "项目地址", "建筑面积", "建筑高度", "地上层数",
              "使用性质", "联系人", "联系电话", "（盖章）", "（签字）", "年月日"]
    assert [field for field in fields if field not in rendered[0].html] == []
    text = pdf_text(response.content)
    assert [field for field in fields if field not in text] == []


def test_an_uploaded_blank_form_is_served_as_uploaded(client, acceptance, media) -> None:
    requirement = acceptance.requirements.get(code="application_form")
    requirement.blank_form.save("form.pdf", ContentFile(PDF_FORM))
    response = client.get(reverse("approvals:blank_form", args=["acceptance", "application_form"]))
    assert response.content == PDF_FORM
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_lost_upload_falls_back_to_the_generated_form(client, acceptance, media, rendered) -> None:
    MaterialRequirement.objects.filter(matter=acceptance, code="application_form").update(
        blank_form="forms/acceptance/gone.pdf")
    response = client.get(reverse("approvals:blank_form", args=["acceptance", "application_form"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert [r.template_name for r in rendered] == ["documents/blank_form.html"]


def test_a_material_without_a_form_or_retired_has_no_blank_form(client, acceptance) -> None:
    _retire(acceptance, "application_form")
    assert client.get(reverse("approvals:blank_form", args=["acceptance", "completion_report"])).status_code == 404
    assert client.get(reverse("approvals:blank_form", args=["acceptance", "application_form"])).status_code == 404


# --- the whole form pack -------------------------------------------------------------------

def test_the_form_pack_holds_the_guide_and_one_file_per_current_blank_form(client, acceptance, media) -> None:
    # given: an administrator uploaded a form for a material that is not a form by default
    acceptance.requirements.get(code="other").blank_form.save("other.docx", ContentFile(_docx()))
    # when
    response = client.get(reverse("approvals:form_pack", args=["acceptance"]))
    # then
    assert response["Content-Type"] == "application/zip"
    assert _names(response) == ["00-建设工程消防验收办事指南提示单.pdf", "01-建设工程消防验收申报表.pdf",
                                "02-法律、行政法规规定的其他材料.docx"]


def test_the_form_pack_leaves_out_a_retired_form(client, acceptance) -> None:
    _retire(acceptance, "application_form")
    response = client.get(reverse("approvals:form_pack", args=["acceptance"]))
    assert _names(response) == ["00-建设工程消防验收办事指南提示单.pdf"]


def test_the_form_pack_files_are_pdfs_with_utf8_names(client, acceptance) -> None:
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("approvals:form_pack", args=["acceptance"])).content))
    assert all(info.flag_bits & 0x800 for info in archive.infolist())  # names flagged UTF-8 for unzip tools
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())
