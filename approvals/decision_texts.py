"""The texts of the decision documents (决定书/意见书/合格证) per matter and outcome, as data.

One entry per (kind, matter, outcome): the title, the legal basis (each law named once, with
its articles), the finding, the operative words, what follows from the decision, and whether
the document may list items to rectify and must print the appeal route. The document template
(``approvals/documents/decision.html``) prints only what ``decision_document`` builds from these
entries, for the PDF and for the approver's preview alike.

Regime: the licensing matters follow the rule set the repository uses by default, the
report-era regulations (《建设工程消防监督管理规定》公安部令第106号, as amended by 公安部令第119号;
《消防监督检查规定》公安部令第107号, as amended by 公安部令第120号) — the catalogue
(``approvals.catalogue``) and the time-limit rules (``firesvc.sla.rules_data``) cite the same
texts. The coordination opinion exists only under the current regime (design review and
acceptance moved to the housing and construction departments, 住房和城乡建设部令第51号, 2020).

Reviewed against 《中华人民共和国行政许可法》:
- §38: a refusal is in writing, states its reasons and tells the applicant of the right to
  行政复议 (60 days, 《中华人民共和国行政复议法》第二十条) and 行政诉讼 (6 months,
  《中华人民共和国行政诉讼法》第四十六条) — ``APPEAL_ROUTE``;
- §39/§40: an approval is a licence document and is made public — ``PUBLICITY``; it names no
  defects and invites no new application.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from firesvc.documents.remedies import LITIGATION_LAW as LITIGATION_LAW  # re-exported: each law written once
from firesvc.documents.remedies import RECONSIDERATION_LAW as RECONSIDERATION_LAW
from firesvc.documents.remedies import appeal_route

# The laws, each written once here so that every document spells them alike.
FIRE_LAW = "《中华人民共和国消防法》"
LICENSING_LAW = "《中华人民共和国行政许可法》"
CONSTRUCTION_RULES = "《建设工程消防监督管理规定》（公安部令第119号）"
INSPECTION_RULES = "《消防监督检查规定》（公安部令第120号）"
ACCEPTANCE_RULES_2020 = "《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令第51号）"
# 消防法 第十三条 (in each version since 2008): a building not subject to acceptance files (备案) after its
# completion acceptance, and is spot-checked (抽查); one that fails its spot check stops being used.
FILING_LAW = f"{FIRE_LAW}第十三条"

DECISION = "decision"
COORDINATION = "coordination"
APPROVE = "approve"
REFUSE = "refuse"

# Matters whose procedure requires a site inspection (现场检查/现场评定) before the decision:
# acceptance is decided on the site assessment (公安部令第119号第二十二条), the pre-opening
# inspection is an inspection (公安部令第120号第十五条). A design review is on the documents.
INSPECTION_REQUIRED = frozenset({"acceptance", "pre_opening"})
# A filing is no permit: its document speaks of the filing and of the draw, not of an application.
FILING = "completion_filing"

# 行政许可法 §38 second paragraph: the right to 行政复议 and 行政诉讼, with the time limits.
APPEAL_ROUTE = appeal_route("本决定书")
# 行政许可法 §40 (the law is already named in the basis of every decision).
PUBLICITY = "本决定依法予以公开，公众有权查阅。"


@dataclass(frozen=True)
class Basis:
    """One law and the articles of it that the decision rests on."""

    law: str
    articles: str = ""

    def __str__(self) -> str:
        return f"{self.law}{self.articles}"


@dataclass(frozen=True)
class DecisionText:
    title: str
    basis: tuple[Basis, ...]
    finding: str  # what the review found, before the reasons
    operative: str  # the decision itself (决定如下：…)
    effect: str = ""  # what follows for the applicant
    rectification: bool = False  # may list the items to rectify (refusals only)
    appeal: bool = False  # prints APPEAL_ROUTE (refusals of the brigade's own decisions)
    public: bool = False  # prints PUBLICITY (approvals)
    lead_in: str = "决定如下："  # an opinion is not a decision: 提出意见如下


_DESIGN = Basis(CONSTRUCTION_RULES, "第十三条、第十四条")
_ACCEPT = Basis(CONSTRUCTION_RULES, "第二十一条、第二十二条")
_PRE_OPENING = Basis(INSPECTION_RULES, "第十五条")
# The spot check cites the regulation of the regime the other decisions follow (report era, as the filing's
# acceptance notice does under the default rule set), so that the two documents of one filing agree.
_FILING_RULES = Basis(CONSTRUCTION_RULES)

TEXTS: dict[tuple[str, str, str], DecisionText] = {
    (DECISION, "design_review", APPROVE): DecisionText(
        title="建设工程消防设计审核意见书（合格）",
        basis=(Basis(FIRE_LAW, "第十一条"), _DESIGN, Basis(LICENSING_LAW, "第三十八条第一款")),
        finding="该建设工程的消防设计文件符合国家工程建设消防技术标准。",
        operative="消防设计审核合格，准予许可。",
        effect="建设、设计、施工单位应当按照审核合格的消防设计文件施工，不得擅自修改；确需修改的，"
               "建设单位应当依法重新申请消防设计审核。",
        public=True),
    (DECISION, "design_review", REFUSE): DecisionText(
        title="建设工程消防设计审核意见书（不合格）",
        basis=(Basis(FIRE_LAW, "第十一条、第十二条"), _DESIGN, Basis(LICENSING_LAW, "第三十八条第二款")),
        finding="该建设工程的消防设计文件不符合国家工程建设消防技术标准，理由如下：",
        operative="消防设计审核不合格，不予许可。",
        effect="消防设计审核不合格的，建设单位、施工单位不得施工。你单位针对上述问题修改消防设计文件后，"
               "可以重新申请消防设计审核。",
        rectification=True, appeal=True),
    (DECISION, "acceptance", APPROVE): DecisionText(
        title="建设工程消防验收意见书（合格）",
        basis=(Basis(FIRE_LAW, "第十三条"), _ACCEPT, Basis(LICENSING_LAW, "第三十八条第一款")),
        finding="经现场评定，该建设工程的消防验收综合评定结论为合格。",
        operative="消防验收合格。",
        # 消防法 §15: passing acceptance does not open a public gathering place; its pre-opening check still applies.
        effect="该建设工程可以投入使用；其中的公众聚集场所，投入使用、营业前，建设单位或者使用单位应当依法向场所所在地的"
               "县级以上地方人民政府消防救援机构申请消防安全检查。使用单位应当保持消防设施、器材完好有效。",
        public=True),
    (DECISION, "acceptance", REFUSE): DecisionText(
        title="建设工程消防验收意见书（不合格）",
        basis=(Basis(FIRE_LAW, "第十三条"), _ACCEPT, Basis(LICENSING_LAW, "第三十八条第二款")),
        finding="经现场评定，该建设工程的消防验收综合评定结论为不合格，理由如下：",
        operative="消防验收不合格。",
        effect="依法应当进行消防验收的建设工程，消防验收不合格的，禁止投入使用。你单位对上述问题整改完毕后，"
               "可以重新申请消防验收。",
        rectification=True, appeal=True),
    (DECISION, "pre_opening", APPROVE): DecisionText(
        title="公众聚集场所投入使用、营业前消防安全检查合格证",
        basis=(Basis(FIRE_LAW, "第十五条"), _PRE_OPENING, Basis(LICENSING_LAW, "第三十八条第一款")),
        finding="该场所符合消防安全要求。",
        operative="同意投入使用、营业。",
        effect="你单位应当落实消防安全责任，保持消防设施、器材完好有效和疏散通道、安全出口畅通；"
               "场所的使用性质、平面布置或者室内装修发生变化的，应当依法重新申请消防安全检查。",
        public=True),
    (DECISION, "pre_opening", REFUSE): DecisionText(
        title="不同意投入使用、营业决定书",
        basis=(Basis(FIRE_LAW, "第十五条"), _PRE_OPENING, Basis(LICENSING_LAW, "第三十八条第二款")),
        finding="该场所不符合消防安全要求，理由如下：",
        operative="不同意投入使用、营业。",
        effect="公众聚集场所未经消防安全检查或者经检查不符合消防安全要求的，不得投入使用、营业。"
               "你单位对上述问题整改完毕后，可以重新申请消防安全检查。",
        rectification=True, appeal=True),
    # A completion filing's spot check (备案抽查): not a licence, so neither 行政许可法 §38 nor §40. The fire
    # law's filing article says a building that fails it stops being used (其他建设工程经依法抽查不合格的，应当
    # 停止使用); the regulation is the regime's (公安部令第119号, its chapter on filing). A failed check
    # orders the use stopped and the defects put right, and can be appealed against.
    (DECISION, FILING, APPROVE): DecisionText(
        title="建设工程竣工验收消防备案抽查意见书（合格）",
        basis=(Basis(FIRE_LAW, "第十三条"), _FILING_RULES),
        finding="经检查，该建设工程符合国家工程建设消防技术标准。",
        operative="该建设工程竣工验收消防备案抽查合格。",
        effect="使用单位应当保持消防设施、器材完好有效。"),
    (DECISION, FILING, REFUSE): DecisionText(
        title="建设工程竣工验收消防备案抽查意见书（不合格）",
        basis=(Basis(FIRE_LAW, "第十三条"), _FILING_RULES),
        finding="经检查，该建设工程不符合国家工程建设消防技术标准，理由如下：",
        operative="该建设工程竣工验收消防备案抽查不合格，责令你单位停止使用该建设工程，限期改正。",
        effect="你单位应当自收到本决定书之日起停止使用该建设工程，在本机关确定的期限内对上述问题整改完毕；"
               "整改完毕后，向本机关书面申请复查，经复查合格后方可恢复使用。抽查不合格仍不停止使用的，"
               "本机关将依法予以处罚。",
        rectification=True, appeal=True),
    # The brigade's opinion to the housing and construction department on a parallel acceptance
    # track under the current regime: not the licence itself (the department decides, and its
    # decision carries the appeal route), so it prints none.
    (COORDINATION, "acceptance", APPROVE): DecisionText(
        title="建设工程消防验收协同意见书",
        basis=(Basis(ACCEPTANCE_RULES_2020),),
        finding="我单位协同住房和城乡建设主管部门进行了消防验收现场评定。",
        operative="协同意见：符合要求。",
        effect="消防验收决定由住房和城乡建设主管部门作出。", lead_in="提出意见如下："),
    (COORDINATION, "acceptance", REFUSE): DecisionText(
        title="建设工程消防验收协同意见书",
        basis=(Basis(ACCEPTANCE_RULES_2020),),
        finding="我单位协同住房和城乡建设主管部门进行了消防验收现场评定，发现下列问题：",
        operative="协同意见：不符合要求。",
        effect="消防验收决定由住房和城乡建设主管部门作出。",
        rectification=True, lead_in="提出意见如下："),
}

_LAW = re.compile(r"《[^》]+》")
_OUTCOME = re.compile(r"^(?P<name>.+?)(?P<outcome>（[^（）]+）)$")
# The most characters of a title line that fit the A4 text width at the title's size and spacing
# (21pt, 0.25em: about 9.3mm a character on 163mm); a longer title is broken at a pause, never before
# its last character or two.
TITLE_LINE_MAX = 16


def title_parts(title: str) -> tuple[list[str], str]:
    """The title's lines and its outcome: ``建设工程消防设计审核意见书（不合格）`` prints as the name and the
    outcome ``（不合格）`` on a line of its own, under it; a name longer than a line breaks after the
    pause (、，) nearest its middle, or at its middle."""
    match = _OUTCOME.match(title)
    name, outcome = (match["name"], match["outcome"]) if match else (title, "")
    if len(name) <= TITLE_LINE_MAX:
        return [name], outcome
    middle = len(name) / 2
    pauses = [i + 1 for i, char in enumerate(name) if char in "、，" and 0 < i + 1 < len(name)]
    cut = min(pauses, key=lambda i: abs(i - middle)) if pauses else round(middle)
    return [name[:cut], name[cut:]], outcome


def laws_cited(text: str) -> list[str]:
    """The law titles (《…》) in ``text``, in order, with repeats."""
    return _LAW.findall(text)


def text_for(*, kind: str, matter_code: str, outcome: str) -> DecisionText:
    try:
        return TEXTS[(kind, matter_code, outcome)]
    except KeyError:
        raise LookupError(f"No decision text for {kind}/{matter_code}/{outcome}.") from None


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def basis_sentence(text: DecisionText) -> str:
    """根据A第x条、B第y条和C第z条的规定 (each law once)."""
    parts = [str(b) for b in text.basis]
    joined = parts[0] if len(parts) == 1 else "、".join(parts[:-1]) + "和" + parts[-1]
    return f"根据{joined}的规定"


@dataclass(frozen=True)
class DecisionDocument:
    """Every sentence of one decision document, in print order."""

    title: str
    opening: str
    reasons: list[str]
    basis: str
    operative: str
    rectification_items: list[str]
    override: str
    effect: str
    publicity: str
    appeal_route: str

    @property
    def title_lines(self) -> list[str]:
        return title_parts(self.title)[0]

    @property
    def title_outcome(self) -> str:
        return title_parts(self.title)[1]

    @property
    def full_text(self) -> str:
        parts = [self.title, self.opening, *self.reasons, *self.rectification_items, self.basis, self.operative,
                 self.override, self.effect, self.publicity, self.appeal_route]
        return "\n".join(p for p in parts if p)


def decision_document(*, kind: str, matter_code: str, matter_name: str, outcome: str, project_name: str,
                      project_address: str, accepted_on: date | None, inspected_on: date | None,
                      reasons: str, rectification_items: Sequence[str] = (),
                      override_items: Sequence[str] = (), override_reason: str = "") -> DecisionDocument:
    """The text of a decision from its data entry and the case's facts (a pure function)."""
    text = text_for(kind=kind, matter_code=matter_code, outcome=outcome)
    if kind == COORDINATION:
        opening = f"对你单位{project_name}（地址：{project_address}），{text.finding}"
    elif matter_code == FILING:
        accepted = f"于{_day(accepted_on)}予以备案受理" if accepted_on else "予以备案受理"
        inspected = f"本机关于{_day(inspected_on)}进行了现场检查" if inspected_on else "本机关依法进行了检查"
        opening = (f"你单位报送的{matter_name}（项目名称：{project_name}，地址：{project_address}），"
                   f"本机关{accepted}；该工程经随机抽取被确定为检查对象，{inspected}。{text.finding}")
    else:
        accepted = f"于{_day(accepted_on)}受理" if accepted_on else "受理"
        inspected = f"，并于{_day(inspected_on)}进行了现场检查" if inspected_on else ""
        opening = (f"你单位申请的{matter_name}（项目名称：{project_name}，地址：{project_address}），"
                   f"本机关{accepted}后依法进行了审查{inspected}。{text.finding}")
    lines = [line.strip() for line in reasons.splitlines() if line.strip()]
    override = ""
    if override_reason.strip() and outcome == APPROVE:
        items = "、".join(f"“{item}”" for item in override_items)
        override = (f"现场检查中{items}未完全达到要求，经审批负责人审查，认定不影响作出本决定，"
                    f"理由：{override_reason.strip().rstrip('。.')}。")
    return DecisionDocument(
        title=text.title, opening=opening, reasons=lines,
        basis=f"{basis_sentence(text)}，{text.lead_in}", operative=text.operative,
        rectification_items=list(rectification_items) if text.rectification else [],
        override=override, effect=text.effect,
        publicity=PUBLICITY if text.public else "", appeal_route=APPEAL_ROUTE if text.appeal else "",
    )


def document_for(decision: Any, *, inspected_on: date | None, accepted_on: date | None,
                 override_items: Sequence[str] | None = None, override_reason: str | None = None) -> DecisionDocument:
    """The document of a ``Decision`` row (signed, or a draft for the approver's preview: then the override
    the approver is about to record is given here)."""
    application = decision.application
    return decision_document(
        kind=decision.kind, matter_code=application.matter.code, matter_name=application.matter.name,
        outcome=decision.outcome, project_name=application.project_name,
        project_address=application.project_address, accepted_on=accepted_on, inspected_on=inspected_on,
        reasons=decision.reasons, rectification_items=decision.rectification_items,
        override_items=decision.override_items if override_items is None else override_items,
        override_reason=decision.override_reason if override_reason is None else override_reason,
    )
