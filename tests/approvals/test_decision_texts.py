"""The decision texts (approvals.decision_texts): every matter × outcome reads right as a legal act."""

from __future__ import annotations

from datetime import date

import pytest

from approvals import decision_texts
from approvals.decision_texts import (
    APPEAL_ROUTE,
    APPROVE,
    LITIGATION_LAW,
    RECONSIDERATION_LAW,
    REFUSE,
    TEXTS,
    decision_document,
    laws_cited,
)

KEYS = sorted(TEXTS)
DECISIONS = [key for key in KEYS if key[0] == decision_texts.DECISION]
# The licences' decisions; a completion filing's spot check is no licence (行政许可法 §38/§40 do not apply).
LICENSING = [key for key in DECISIONS if key[1] != "completion_filing"]


def _document(kind: str, matter: str, outcome: str, **extra):  # type: ignore[no-untyped-def]
    facts = {"kind": kind, "matter_code": matter, "matter_name": "某事项", "outcome": outcome,
             "project_name": "星光影城", "project_address": "兴华北街8号", "accepted_on": date(2026, 11, 2),
             "inspected_on": date(2026, 11, 10), "reasons": "疏散宽度不足\n消火栓无水",
             "rectification_items": ["增设安全出口", "修复消火栓"]}
    facts.update(extra)
    return decision_document(**facts)


def test_every_licensing_matter_has_an_approval_and_a_refusal():
    assert {(m, o) for _k, m, o in LICENSING} == {(m, o) for m in ("design_review", "acceptance", "pre_opening")
                                                  for o in (APPROVE, REFUSE)}


@pytest.mark.parametrize("key", KEYS, ids=["/".join(k) for k in KEYS])
def test_no_law_is_cited_twice(key):
    text = _document(*key).full_text
    cited = laws_cited(text)
    assert cited, text
    assert len(cited) == len(set(cited)), text


def test_the_old_double_citation_is_gone():
    text = _document("decision", "design_review", APPROVE).full_text
    assert "《中华人民共和国消防法》和《中华人民共和国消防法》" not in text
    assert "根据《中华人民共和国消防法》第十一条、" in text


@pytest.mark.parametrize("key", [k for k in KEYS if k[2] == APPROVE], ids=lambda k: "/".join(k))
def test_an_approval_lists_no_rectification_and_invites_no_new_application(key):
    document = _document(*key)
    assert document.rectification_items == []
    for wording in ("整改", "可以重新申请", "理由如下"):
        assert wording not in document.full_text, wording
    assert "行政复议" not in document.full_text


@pytest.mark.parametrize("key", [k for k in LICENSING if k[2] == APPROVE], ids=lambda k: "/".join(k))
def test_an_approval_is_public_and_rests_on_licensing_law_article_38(key):
    document = _document(*key)
    assert document.publicity == decision_texts.PUBLICITY
    assert "《中华人民共和国行政许可法》第三十八条第一款" in document.basis


@pytest.mark.parametrize("key", [k for k in LICENSING if k[2] == REFUSE], ids=lambda k: "/".join(k))
def test_a_refusal_prints_its_reasons_and_the_appeal_route(key):
    document = _document(*key)
    assert document.reasons == ["疏散宽度不足", "消火栓无水"]
    assert "《中华人民共和国行政许可法》第三十八条第二款" in document.basis
    assert document.appeal_route == APPEAL_ROUTE
    for words in ("六十日内", RECONSIDERATION_LAW, "行政复议", "六个月内", LITIGATION_LAW, "行政诉讼"):
        assert words in document.full_text
    assert document.rectification_items == ["增设安全出口", "修复消火栓"]


def _failed_spot_check():  # type: ignore[no-untyped-def]
    return _document("decision", "completion_filing", REFUSE, matter_name="建设工程竣工验收消防备案")


def test_a_passed_acceptance_still_sends_a_public_gathering_place_to_its_pre_opening_check():
    document = _document("decision", "acceptance", APPROVE)
    assert "公众聚集场所，投入使用、营业前" in document.effect


def test_a_failed_spot_check_orders_the_use_stopped_and_the_defects_put_right():
    document = _failed_spot_check()
    assert document.title == "建设工程竣工验收消防备案抽查意见书（不合格）"
    assert document.basis == ("根据《中华人民共和国消防法》第十三条和《建设工程消防监督管理规定》"
                              "（公安部令第119号）的规定，决定如下：")
    assert document.operative == "该建设工程竣工验收消防备案抽查不合格，责令你单位停止使用该建设工程，限期改正。"
    assert "停止使用该建设工程" in document.effect
    assert "书面申请复查，经复查合格后方可恢复使用" in document.effect


def test_a_failed_spot_check_prints_its_reasons_items_and_the_appeal_route_but_no_licensing_law():
    document = _failed_spot_check()
    assert document.reasons == ["疏散宽度不足", "消火栓无水"]
    assert document.rectification_items == ["增设安全出口", "修复消火栓"]
    assert document.appeal_route == APPEAL_ROUTE
    assert "行政许可法" not in document.full_text


def test_a_spot_checks_document_speaks_of_the_filing_and_the_draw_not_of_an_application():
    opening = _failed_spot_check().opening
    assert opening.startswith("你单位报送的建设工程竣工验收消防备案（项目名称：星光影城，地址：兴华北街8号），"
                              "本机关于2026年11月2日予以备案受理；该工程经随机抽取被确定为检查对象，"
                              "本机关于2026年11月10日进行了现场检查。经检查，")
    assert "申请" not in opening


def test_a_passed_spot_check_neither_orders_nor_licenses():
    document = _document("decision", "completion_filing", APPROVE)
    assert document.operative == "该建设工程竣工验收消防备案抽查合格。"
    for words in ("准予", "许可", "停止使用", "行政复议"):
        assert words not in document.full_text, words


def test_the_coordination_opinion_cites_the_2020_regime_and_is_not_appealed_against():
    document = _document("coordination", "acceptance", REFUSE)
    assert laws_cited(document.full_text) == [decision_texts.ACCEPTANCE_RULES_2020.split("（")[0]]
    assert document.appeal_route == ""
    assert "住房和城乡建设主管部门作出" in document.effect


def test_an_override_is_printed_on_an_approval_only():
    approval = _document("decision", "acceptance", APPROVE, override_items=["室内外消火栓系统功能正常"],
                         override_reason="压力不足已当场整改并复测合格")
    assert "“室内外消火栓系统功能正常”" in approval.override
    assert "理由：压力不足已当场整改并复测合格。" in approval.override
    refusal = _document("decision", "acceptance", REFUSE, override_items=["x"], override_reason="y")
    assert refusal.override == ""


def test_the_inspection_date_is_named_when_there_was_one():
    assert "并于2026年11月10日进行了现场检查" in _document("decision", "pre_opening", APPROVE).opening
    assert "现场检查" not in _document("decision", "design_review", APPROVE, inspected_on=None).opening


# --- the title as printed: its parts kept together on A4 -------------------------------------------

@pytest.mark.parametrize("key", KEYS)
def test_every_title_prints_in_whole_lines_that_fit_and_read_back_as_the_title(key):
    lines, outcome = decision_texts.title_parts(TEXTS[key].title)
    assert "".join(lines) + outcome == TEXTS[key].title
    assert all(1 < len(line) <= decision_texts.TITLE_LINE_MAX for line in lines)
    assert outcome in ("", "（合格）", "（不合格）")


def test_a_refusal_prints_its_outcome_as_a_subtitle_under_the_whole_name():
    doc = _document(decision_texts.DECISION, "design_review", REFUSE)
    assert (doc.title_lines, doc.title_outcome) == (["建设工程消防设计审核意见书"], "（不合格）")


def _pdf_lines(key: tuple[str, str, str]) -> list[str]:
    import re
    import shutil
    import subprocess
    from types import SimpleNamespace

    from firesvc.documents import render_pdf

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    kind, matter, outcome = key
    application = SimpleNamespace(project_name="星光影城", building_area=3000, floors=3, building_height=12,
                                  number="SY-2026-000001")
    pdf = render_pdf("approvals/documents/decision.html", {
        "doc": _document(kind, matter, outcome), "application": application,
        "enterprise": SimpleNamespace(name="沈阳星光影城有限公司"),
        "letterhead": ["沈阳市消防救援支队", "铁西区消防救援大队"],
        "number": "沈铁消审字〔2026〕第1号", "signed_on": date(2026, 12, 6)})
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode()
    return [re.sub(r"\s+", "", line) for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("key", [(decision_texts.DECISION, "design_review", REFUSE),
                                 (decision_texts.DECISION, "pre_opening", APPROVE)])
def test_the_printed_title_keeps_its_parts_together(key):
    lines = _pdf_lines(key)
    title_lines, outcome = decision_texts.title_parts(TEXTS[key].title)
    expected = title_lines + ([outcome] if outcome else [])
    start = lines.index(expected[0])
    assert lines[start:start + len(expected)] == expected


def test_a_decision_is_sealed_in_the_same_words_as_every_other_document():
    from pathlib import Path

    lines = _pdf_lines((decision_texts.DECISION, "design_review", REFUSE))
    assert "（盖章）" in lines and "（印章）" not in "".join(lines)
    templates = Path(__file__).resolve().parents[2] / "templates"
    assert [str(p) for p in templates.rglob("*.html") if "印章" in p.read_text(encoding="utf-8")] == []
