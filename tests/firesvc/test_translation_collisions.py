"""Two different English strings of the catalogue never share one Chinese text, unless the pair is listed
below with the reason it is right in both places.

One English word with two meanings ("Received" as a status and as a date label, "From" as a date and as the
old status of an audit event) gets a ``pgettext`` context per meaning; one Chinese text for two English
strings usually means one of them shows the other's meaning (“受理时间” as the status of a new report,
“原状态” as a date label). Strings that differ only in case, in a plural "s", in trailing punctuation or in a
parenthesised Chinese gloss count as one string.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# {normalised English strings that share a Chinese text: why that text is right for each of them}. Checked one
# by one in the pages that show them.
ALLOWED: dict[frozenset[str], str] = {
    frozenset(k): v for k, v in [
        (("one-time deficiency notice", "one-time notice"), "the same 一次性告知书, short form in a heading"),
        (("next", "next page"), "pagination link"),
        (("query code", "tracking code"), "one 查询码: an application's query code and a report's tracking code"),
        (("issue the rectification order", "rectification order issued"), "button and counter: 下发 is both"),
        (("do not accept", "not accepted"), "intake decision button and its outcome: 不予受理"),
        (("decline", "declined"), "training request: button and status, 不予安排 reads as both"),
        (("reported", "reported at"), "date column of a citizen report"),
        (("item", "matter"), "the approval matters' items (事项)"),
        (("account verification", "enterprise account verification"), "page title and its short menu label"),
        (("assign", "dispatch"), "handing a case or a report to someone: 分派"),
        (("assigned at", "dispatched at"), "date of that hand-over"),
        (("dispatch to", "dispatched to"), "form label and detail label of the same target"),
        (("deadline", "time limit", "time limit and clock"), "the time-limit pages: 办理时限"),
        (("send answer", "send the reply"), "buttons sending an answer to a citizen"),
        (("accept", "acknowledge"), "受理 of an application at the window and of a citizen report"),
        (("accepted at", "acknowledged at", "received", "received at"),
         "date labels of acceptance (受理) of applications, complaints and reports; the status is 已接收"),
        (("asked for benefit", "integrity flag"), "the 吃拿卡要 flag of a receipt"),
        (("active", "in use"), "a rule, measure or setting in force: 启用"),
        (("by", "visited by"), "the officer of a return-visit attempt: 回访人"),
        (("session", "training session"), "training pages: 培训场次"),
        (("request", "training request"), "training pages: 培训申请"),
        (("schedule a site inspection", "schedule an inspection"), "the same inspection of a case"),
        (("check", "review"), "window check of a file and its review: 审查"),
        (("what is being done", "work"), "pre-check question and result label: the works' category"),
        (("appointment booked", "booked"), "the booking's audit line and its status: 已预约"),
        (("time", "when"), "the time of an appointment or event, as a column and as a line of a confirmation"),
        (("member of staff", "staff"), "the staff of a unit or a visit: 工作人员"),
        (("place", "where"), "where a forum, training or appointment takes place: 地点"),
        (("the two password are not the same", "the two password differ"), "one message in two password forms"),
        (("notice", "notification"), "an inbox entry: 通知"),
        (("set a new password", "set the new password"), "the reset page's title and its button"),
        (("reason for approving despite failed check", "reason for approving despite the failed check"),
         "the decision's override reason: its field name and its form label"),
        (("parallel approval", "parallel case"), "并联审批 as the procedure and as a case of it"),
        (("at a forum", "forum"), "the source of a suggestion: 座谈会"),
        (("clock extension", "extension"), "a time-limit extension: 延期"),
        (("start time", "started at"), "training start and clock start: 开始时间"),
        (("open appointment slot", "open slot"), "appointment slots page"),
        (("due", "return visit due", "visit due"), "the return-visit status and counters: 待回访"),
        (("what you typed", "your answer"), "echo of a form's input: 您填写的内容"),
        (("my suggestion", "your suggestion"), "the enterprise's own suggestions"),
        (("my application", "your request"), "the applicant's own applications"),
        (("act kind", "kind of act"), "enforcement act kind"),
        (("act", "enforcement act"), "执法行为"),
        (("assigned to", "assignee"), "承办人"),
        (("complaint and integrity report", "complaint or integrity report"), "the complaints pages"),
        (("per clerk", "per officer"), "breakdown by person: 按人员"),
        (("by unit", "per unit"), "breakdown by unit: 按单位"),
        (("send", "submit"), "submitting a form: 提交"),
        (("raised by", "submitted by"), "the person who raised a suggestion: 提出人"),
        (("advice given", "suggestion raised"), "opinions given at a meeting or on a visit: 提出的意见建议"),
        (("move", "reschedule"), "moving an appointment: 改期"),
        (("what wa changed", "what wa done"), "a rectification: 整改情况"),
        (("document", "notice"), "documents of a case: 文书"),
        (("document number", "order number"), "the number of a rectification order (a 文书)"),
        (("date", "day"), "日期"),
        (("sla alert", "time-limit reminder"), "时限预警"),
        (("no recorded change yet", "nothing recorded yet"), "empty timelines"),
        (("open", "show them", "view"), "links to a list, and the admin's view permission: 查看"),
        (("access lock out", "locked out"), "a sign-in lockout, as django-axes' record and the security event"),
        (("access failure", "sign-in failed"), "a failed sign-in, as django-axes' record and the security event"),
        (("checklist result", "inspection result"), "results of an inspection's checklist"),
        (("enforcement receipt", "fire-supervision enforcement receipt"), "the 回执单, short and full name"),
        (("fire acceptance", "fire acceptance track"), "the acceptance procedure of a parallel case"),
        (("fire hazard", "hazard"), "火灾隐患"),
        (("state", "statu"), "状态"),
        (("user name", "username"), "用户名"),
        (("purpose", "use"), "a building's use: 用途"),
        (("applicant", "requested by"), "the applicant of a case or a training request"),
        (("applied", "applied at", "requested at"), "date of an application or request"),
        (("application material", "material", "required material"), "申请材料"),
        (("e-mail", "e-mail address"), "电子邮箱"),
        (("by phone", "phone"), "a contact channel: 电话"),
        (("designate", "designation"), "key-unit designation button and record: 界定"),
        (("sign in", "signed in"), "the sign-in page and its button"),
        (("record an act", "record an enforcement act"), "登记执法行为"),
        (("recorded", "registered at"), "the date a record was entered: 登记时间"),
        (("record a visit", "record visit"), "登记走访"),
        (("inspection", "supervision inspection"), "a fire-supervision inspection: 监督检查"),
        (("at the window", "service window", "window"), "the service window (窗口)"),
        (("one-time filing at the window", "one-time filing service at the window"), "the A11 service"),
        (("answer", "reply"), "答复"),
        (("answered at", "replied at"), "答复时间"),
        (("answer by", "reply due by"), "答复期限"),
        (("decision signed", "sign the decision"), "counter and button: 签发决定"),
        (("outcome", "result"), "结果"),
        (("green channel", "in the green channel"), "the green channel of key projects"),
        (("position", "role"), "a team member's post: 职务"),
        (("contact", "contact person"), "联系人"),
        (("pre-opening fire-safety inspection", "pre-opening inspection track"), "the parallel case's track"),
        (("forum", "forum of enterprise representative"), "the forums' list (企业代表座谈会)"),
        (("forum", "forum with enterprise"), "the forums' menu and counter (企业座谈会)"),
        (("record a meeting", "record the meeting"), "记录会商"),
        (("clarity", "clear explanation"), "a rating criterion: 讲解清楚"),
        (("that inspection did not propose a seal-up", "thi inspection did not propose a seal-up"),
         "the same refusal, from two pages"),
        (("say who made the suggestion", "say who raised it"), "请填写提出人"),
        (("say what wa changed", "say what wa done"), "请说明整改情况"),
        (("date of the visit", "visited on"), "走访日期"),
        (("period start", "starting from"), "the first day of a period: 起始日期"),
        (("reason for sending back", "why the draft goe back"), "退回原因"),
        (("notification preference", "notification setting"), "通知设置"),
        (("problem", "question"), "a citizen's question or a problem found: 问题"),
        (("appointment", "book"), "预约, as noun and verb"),
        (("first error", "first error not penalised", "no penalty for a first error"), "首错不罚"),
        (("pass", "qualified"), "合格: a checklist item's result and the conclusion of an act"),
        (("fail", "not qualified"), "不合格: a checklist item's result and the conclusion of an act"),
    ]
}


def normalise(msgid: str) -> str:
    """Case, a plural "s", trailing punctuation and a parenthesised Chinese gloss do not make another string."""
    text = re.sub(r"\s*[(（][^)）]*[\u4e00-\u9fff][^)）]*[)）]\s*$", "", msgid.strip())
    text = re.sub(r"[.:!?。：，,;；]+$", "", text.strip().lower())
    words = []
    for word in text.split():
        if len(word) > 3 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif re.search(r"(ch|sh|x|z|ss)es$", word):
            word = word[:-2]
        elif len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def collisions(po: polib.POFile) -> dict[str, set[str]]:
    """Chinese texts shared by different (normalised) English strings, with those strings."""
    by_text: dict[str, set[str]] = defaultdict(set)
    for entry in po:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        text = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        if text.strip():
            by_text[text.strip()].add(normalise(entry.msgid))
    return {text: ids for text, ids in by_text.items() if len(ids) > 1}


def _unexplained(po: polib.POFile) -> dict[str, list[str]]:
    return {text: sorted(ids) for text, ids in collisions(po).items()
            if not any(ids <= allowed for allowed in ALLOWED)}


def test_no_two_english_strings_share_a_chinese_text_unless_explained() -> None:
    assert _unexplained(polib.pofile(str(PO))) == {}


def test_every_explained_pair_still_shares_its_text() -> None:
    """An entry of the list that no longer matches anything is removed, so the list stays short and true."""
    found = collisions(polib.pofile(str(PO)))
    stale = [sorted(allowed) for allowed in ALLOWED if not any(allowed <= ids for ids in found.values())]
    assert stale == []


def test_the_check_finds_a_status_shown_as_a_date_label() -> None:
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Received", msgstr="受理时间"))
    po.append(polib.POEntry(msgid="Received at", msgstr="受理时间"))
    po.append(polib.POEntry(msgid="Accepted at", msgstr="受理时间"))
    po.append(polib.POEntry(msgid="Topic", msgstr="培训内容"))
    po.append(polib.POEntry(msgid="topics", msgstr="培训内容"))  # case and plural: the same string
    assert _unexplained(po) == {}  # "received", "received at", "accepted at": one explained group
    po.append(polib.POEntry(msgid="Due", msgstr="受理时间"))
    assert _unexplained(po) == {"受理时间": ["accepted at", "due", "received", "received at"]}
