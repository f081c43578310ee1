"""The default time-limit rules (DOMAIN.md "Legal facts"), as plain data.

Two rule sets: the report-era rules (公安部令第119号/第120号, default) and the current
regime (住建部令第51号, 消防法 2021). Loaded by a data migration and by
``manage.py load_time_limit_rules``; administrators edit them afterwards in the admin.
Nothing else in the code base hard-codes a limit.
"""

from __future__ import annotations

from typing import Any

REPORT_ERA = "report_era"
CURRENT = "current"

_L = "《中华人民共和国行政许可法》"


def _rule(code: str, name: str, limit: int, unit: str, start_event: str, basis: str, *,
          pauses: tuple[str, ...] = (), extension_max: int = 0, yellow_share: str = "0.80",
          yellow_remaining: int = 0) -> dict[str, Any]:
    return {
        "code": code, "name": name, "limit": limit, "unit": unit, "start_event": start_event,
        "legal_basis": basis, "pause_reasons": list(pauses), "extension_max": extension_max,
        "yellow_share": yellow_share, "yellow_remaining": yellow_remaining,
    }


_EXPERT = ("expert_review", "testing", "hearing", "supplement")
# The pre-opening inspection of a parallel case waits for its fire acceptance (system pause, 消防法 §13, §15).
_PRE_OPENING = ("supplement", "awaiting_acceptance")

COMMON_RULES = [
    # The window's time to accept or to issue the one-time notice, shown to applicants too: named as the
    # window's, not as a supplement period (that is intake.supplement). The code stays as it was.
    _rule("intake.deficiency_notice", "窗口受理审查期限", 5, "workdays", "材料收到之日",
          f"{_L}第三十二条：逾期不告知的，自收到申请材料之日起即为受理", yellow_remaining=1),
    # The date printed on a one-time notice by which the applicant is asked to supplement (no clock runs
    # on it: the law sets no supplement period, so it is the service's own, edited in the admin).
    _rule("intake.supplement", "申请人补正材料期限(一次性告知书载明)", 10, "workdays", "一次性告知书出具之日",
          "服务规范：一次性告知书载明补正期限"),
    _rule("rectification.issue_order", "检查后下发责令改正通知书", 3, "workdays", "检查之日",
          "《消防监督检查规定》(公安部令第120号)", yellow_remaining=1),
    _rule("rectification.recheck", "整改复查", 3, "workdays", "整改期限届满或收到复查申请之日",
          "《消防监督检查规定》(公安部令第120号)第三十五条", yellow_remaining=1),
    _rule("hazard_report.acknowledge", "隐患举报受理反馈(十分钟服务承诺)", 10, "minutes", "举报提交",
          "朝阳市“十分钟消防便民服务圈”服务承诺", yellow_share="0.70"),
    _rule("hazard_report.verify_urgent", "举报核查(堵塞通道、消防设施停用)", 24, "hours", "举报提交",
          "《消防监督检查规定》(公安部令第120号)第十八条"),
    _rule("hazard_report.verify", "举报核查(其他)", 3, "workdays", "举报提交",
          "《消防监督检查规定》(公安部令第120号)第十八条", yellow_remaining=1),
    _rule("hazard_report.reply", "向举报人反馈结果", 3, "workdays", "核查完毕", "服务承诺", yellow_remaining=1),
    _rule("seal_up.decide", "临时查封决定", 3, "workdays", "检查之日",
          "《消防监督检查规定》(公安部令第120号)第二十二条", yellow_remaining=1),
    _rule("seal_up.decide_emergency", "临时查封决定(紧急)", 24, "hours", "检查",
          "《消防监督检查规定》(公安部令第120号)第二十二条"),
    _rule("seal_up.duration", "临时查封期限", 30, "days", "查封之日",
          "《消防监督检查规定》(公安部令第120号)第二十三条", yellow_remaining=3),
    _rule("fire_cause.determine", "火灾事故认定", 30, "days", "接到火灾报警之日",
          "《火灾事故调查规定》第二十四条：情况复杂、疑难的经批准可延长三十日；检验鉴定时间不计入",
          pauses=("testing",), extension_max=30, yellow_remaining=5),
    _rule("complaint.answer_rating", "差评回复", 5, "workdays", "差评提交", "支队纪委回执回访制度",
          yellow_remaining=1),
    _rule("complaint.answer", "投诉答复", 15, "workdays", "投诉受理", "《信访工作条例》", yellow_remaining=3),
    _rule("return_visit.due", "执法回访", 5, "workdays", "执法行为完成", "支队纪委回执回访制度",
          yellow_remaining=1),
    _rule("suggestion.feedback", "意见建议整改反馈", 15, "workdays", "意见受理", "服务承诺", yellow_remaining=3),
    _rule("consultation.answer", "消防咨询答复", 10, "minutes", "咨询提交", "服务承诺", yellow_share="0.70"),
    _rule("appointment.reminder", "预约提醒", 1, "days", "预约", "审批预约服务"),
    # 好差评 (国办发〔2019〕51号): a bad review is visited within 1 working day and rectified within 15.
    _rule("review.visit", "差评回访", 1, "workdays", "差评提交", "《关于建立政务服务“好差评”制度提高政务服务水平的意见》",
          yellow_share="0.50"),
    _rule("review.rectify", "差评整改反馈", 15, "workdays", "差评提交",
          "《关于建立政务服务“好差评”制度提高政务服务水平的意见》", yellow_remaining=3),
]

REPORT_ERA_RULES = [
    _rule("design_review.decide", "消防设计审核", 20, "workdays", "受理之日",
          "《建设工程消防监督管理规定》(公安部令第119号)第二十一条；" + f"{_L}第四十二条、第四十五条",
          pauses=_EXPERT, extension_max=10, yellow_remaining=3),
    _rule("acceptance.decide", "消防验收", 20, "workdays", "受理之日",
          "《建设工程消防监督管理规定》(公安部令第119号)第二十二条；" + f"{_L}第四十二条",
          pauses=_EXPERT, extension_max=10, yellow_remaining=3),
    _rule("filing.spot_check", "竣工验收消防备案抽查", 20, "days", "被确定为检查对象之日",
          "《建设工程消防监督管理规定》(公安部令第119号)第二十六条", yellow_remaining=3),
    _rule("filing.builder", "建设单位申报备案", 7, "days", "取得施工许可或竣工验收合格之日",
          "《建设工程消防监督管理规定》(公安部令第119号)第二十四条"),
    _rule("pre_opening.inspect", "营业前消防安全检查(检查)", 10, "workdays", "受理之日",
          "《消防监督检查规定》(公安部令第120号)第十五条", pauses=_PRE_OPENING, yellow_remaining=2),
    _rule("pre_opening.decide", "营业前消防安全检查(决定)", 3, "workdays", "检查之日",
          "《消防监督检查规定》(公安部令第120号)第十五条", yellow_remaining=1),
    *COMMON_RULES,
]

CURRENT_RULES = [
    _rule("design_review.decide", "特殊建设工程消防设计审查(住建部门)", 15, "workdays", "受理之日",
          "《建设工程消防设计审查验收管理暂行规定》(住建部令第51号)第十九条：专家评审时间不超过二十个工作日，不计入",
          pauses=_EXPERT, extension_max=0, yellow_remaining=3),
    _rule("acceptance.decide", "特殊建设工程消防验收(住建部门，消防救援机构协同)", 15, "workdays", "受理之日",
          "《建设工程消防设计审查验收管理暂行规定》(住建部令第51号)第三十条", pauses=_EXPERT, yellow_remaining=3),
    _rule("filing.spot_check", "其他建设工程消防验收备案抽查", 15, "workdays", "被确定为检查对象之日",
          "《建设工程消防设计审查验收管理暂行规定》(住建部令第51号)第三十五条", yellow_remaining=3),
    _rule("filing.builder", "建设单位申报备案", 5, "workdays", "竣工验收合格之日",
          "《建设工程消防设计审查验收管理暂行规定》(住建部令第51号)第三十四条"),
    _rule("pre_opening.inspect", "营业前消防安全检查(检查)", 10, "workdays", "受理之日",
          "《中华人民共和国消防法》(2021)第十五条", pauses=_PRE_OPENING, yellow_remaining=2),
    _rule("pre_opening.decide", "营业前消防安全检查(决定)", 3, "workdays", "检查之日",
          "《中华人民共和国消防法》(2021)第十五条", yellow_remaining=1),
    _rule("pre_opening.pledge_check", "告知承诺后核查", 20, "workdays", "当场许可之日",
          "《中华人民共和国消防法》(2021)第十五条：告知承诺，许可后二十个工作日内核查", yellow_remaining=3),
    *COMMON_RULES,
]

RULE_SETS: dict[str, tuple[str, list[dict[str, Any]]]] = {
    REPORT_ERA: ("公安部令第119号/第120号时期规则(报道时期)", REPORT_ERA_RULES),
    CURRENT: ("现行规则(住建部令第51号、消防法2021)", CURRENT_RULES),
}
