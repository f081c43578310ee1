"""Demo 好差评 (DOMAIN.md C10, C13): ratings of the demo's decided cases at 铁西, one bad review being
rectified, one waiting for its return visit and one followed up and rated once more. Idempotent."""

from __future__ import annotations

from typing import Any

from approvals.enums import ApplicationStatus
from approvals.models import Application
from firesvc.accounts.models import User
from firesvc.reviews.enums import Channel, Item, Level, Stage
from firesvc.reviews.models import Review
from firesvc.reviews.registry import kind
from firesvc.reviews.services import follow_up_reply, follow_up_visit, review_rate_again, review_submit

# (stage, channel, level, items, comment, how far the follow-up of a bad one got)
RATINGS: list[list[tuple[str, str, str, list[str], str, str]]] = [
    [(Stage.ACCEPTANCE, Channel.WINDOW, Level.SATISFIED, [Item.SERVICE_ATTITUDE, Item.SERVICE_LEVEL],
      "窗口人员一次性讲清了要补的材料。", ""),
     (Stage.COMPLETION, Channel.ONLINE, Level.VERY_SATISFIED, [Item.EFFICIENCY, Item.CONVENIENCE],
      "比承诺时限提前办结。", "")],
    [(Stage.COMPLETION, Channel.ONLINE, Level.SATISFIED, [Item.GUIDE_ACCURACY], "", "")],
    [(Stage.COMPLETION, Channel.ONLINE, Level.DISSATISFIED, [Item.EFFICIENCY, Item.PLATFORM],
      "现场检查改了两次时间，网上看不到进度。", "visited")],
    [(Stage.ACCEPTANCE, Channel.WINDOW, Level.FAIRLY_SATISFIED, [Item.SERVICE_EFFICIENCY], "排队时间较长。", ""),
     (Stage.COMPLETION, Channel.ONLINE, Level.VERY_DISSATISFIED, [Item.GUIDE_ACCURACY],
      "办事指南没有写明需要消防设施检测报告。", "")],
    [(Stage.COMPLETION, Channel.ONLINE, Level.DISSATISFIED, [Item.CONVENIENCE], "需要跑两趟窗口。", "rated again")],
]


def seed_reviews() -> int:
    """Returns the ratings given (0 once the demo's cases are rated)."""
    people = {name: User.objects.filter(username=name).first() for name in ("ent_a", "supervisor", "approver")}
    case_kind = kind("application")
    if case_kind is None or any(person is None for person in people.values()):
        return 0
    cases = list(Application.objects.filter(
        applicant=people["ent_a"], brigade__code="sy-tx",
        status__in=[ApplicationStatus.APPROVED, ApplicationStatus.REJECTED]).order_by("pk")[:len(RATINGS)])
    made = 0
    for case, ratings in zip(cases, RATINGS, strict=False):
        for stage, channel, level, items, comment, progress in ratings:
            if Review.objects.for_owner(case).filter(stage=stage).exists():
                continue
            review = review_submit(kind=case_kind, case=case, stage=stage, channel=channel, level=level, items=items,
                                   comment=comment, rater=people["ent_a"] if channel == Channel.ONLINE else None)
            made += 1
            if progress:
                _follow(case_kind, review, people, progress)
    return made


def _follow(case_kind: Any, review: Review, people: dict[str, Any], progress: str) -> None:
    follow_up = follow_up_visit(follow_up=review.follow_up, actor=people["supervisor"],
                                note="电话回访企业联系人，核实了反映的情况。")
    if progress != "rated again":
        return
    follow_up = follow_up_reply(follow_up=follow_up, actor=people["approver"],
                                rectification="窗口推行“一次性告知”清单，材料齐全的当场受理。",
                                reply="已整改：材料齐全的当场受理，不再需要跑第二趟。感谢监督。")
    review_rate_again(kind=case_kind, follow_up=follow_up, level=Level.SATISFIED, items=[Item.CONVENIENCE],
                      comment="整改后一次办好。", rater=people["ent_a"])
