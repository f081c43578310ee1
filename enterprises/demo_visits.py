"""Demo visits (E3), forums (E4) and suggestions (E5) for ``seed_demo``. Idempotent, deterministic.

In 铁西 (sy-tx): the reviewer 李建国 has visited the first enterprises (one visit found a hazard and a
suggestion), a forum was held with three enterprises, ent_a sent a suggestion online that has been
answered, and a window suggestion waits for the clerk.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from enterprises.enums import DEFAULT_VISIT_INTERVAL_DAYS, SuggestionSource
from enterprises.models import Enterprise, Forum, Suggestion, Visit, VisitInterval
from enterprises.services import forums as forum_services
from enterprises.services import suggestions as suggestion_services
from enterprises.services import visits as visit_services
from firesvc.accounts.models import OrgUnit, User

FORUM_TOPIC = "优化消防营商环境企业代表座谈会"


def seed_visits_forums_suggestions() -> None:
    for tier, days in DEFAULT_VISIT_INTERVAL_DAYS.items():
        VisitInterval.objects.get_or_create(unit=None, tier=tier, defaults={"interval_days": days})
    tiexi = OrgUnit.objects.filter(code="sy-tx").first()
    users = {u.username: u for u in User.objects.filter(username__in=["reviewer", "clerk", "ent_a"])}
    if tiexi is None or len(users) < 3 or Forum.objects.filter(unit=tiexi, topic=FORUM_TOPIC).exists():
        return
    from firesvc.sla.models import TimeLimitRule

    if not TimeLimitRule.objects.filter(ruleset__is_active=True, code=suggestion_services.RULE_CODE).exists():
        from firesvc.sla.services import load_rule_sets

        load_rule_sets()
    today = timezone.localdate()
    reviewer, clerk, ent_a = users["reviewer"], users["clerk"], users["ent_a"]
    enterprises = list(Enterprise.objects.filter(brigade=tiexi).order_by("pk")[:12])
    for index, enterprise in enumerate(enterprises[:8]):
        if Visit.objects.filter(enterprise=enterprise).exists():
            continue
        kwargs: dict = {}
        if index == 0:
            kwargs = {"hazards": [visit_services.HazardFound("二楼疏散通道堆放杂物")],
                      "suggestions": ["希望大队定期上门开展消防培训"], "training_topic": "灭火器和消火栓使用"}
        visit_services.visit_record(
            actor=reviewer, enterprise=enterprise, visited_on=today - datetime.timedelta(days=3 + 9 * index),
            method="phone" if index % 3 == 2 else "on_site", contact_person=enterprise.contact_name,
            needs="咨询消防验收办理流程" if index % 2 else "", **kwargs)
    if len(enterprises) > 10:
        visit_services.visit_plan(actor=reviewer, enterprise=enterprises[10],
                                   planned_for=today + datetime.timedelta(days=2))
    forum = forum_services.forum_create(
        actor=clerk, unit=tiexi, held_on=today - datetime.timedelta(days=5), place="铁西区消防救援大队会议室",
        topic=FORUM_TOPIC, minutes="介绍十项规定；企业代表就审批时限、培训需求发言。",
        attendees=[forum_services.Attendee(e, e.contact_name, "负责人") for e in enterprises[:3]])
    forum_services.forum_add_suggestion(actor=clerk, forum=forum, content="建议公布各审批事项的办理进度查询方式",
                                         enterprise=enterprises[1])
    online = Suggestion.objects.filter(submitted_by=ent_a).first() or suggestion_services.suggestion_create(
        actor=ent_a, source=SuggestionSource.ONLINE, enterprise=ent_a.enterprise_account.enterprise,
        content="希望窗口在周六也能受理消防验收申请")
    if online.status == "submitted":
        suggestion_services.suggestion_accept(actor=clerk, suggestion=online)
        suggestion_services.suggestion_rectify(actor=clerk, suggestion=online,
                                                rectification="自本月起每周六上午安排专人受理")
        suggestion_services.suggestion_feed_back(actor=clerk, suggestion=online,
                                                  feedback="您的建议已采纳，每周六上午窗口正常受理。")
    suggestion_services.suggestion_create(
        actor=clerk, source=SuggestionSource.WINDOW, unit=tiexi, content="办事大厅希望增加复印机",
        submitter_name="王先生", submitter_phone="13700000000")
