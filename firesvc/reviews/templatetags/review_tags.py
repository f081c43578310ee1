from typing import Any

from django import template
from django.urls import reverse

from firesvc.reviews.enums import Stage
from firesvc.reviews.models import Review
from firesvc.reviews.registry import kind_for_model
from firesvc.reviews.services import may_rate_online

register = template.Library()


@register.inclusion_tag("reviews/_case_ratings.html", takes_context=True)
def case_ratings(context: Any, case: Any) -> dict[str, Any]:
    """A case page's 好差评 panel: each stage's rating; for the applicant the link to rate it online, for
    staff the window code (二维码) to hand over."""
    case_kind = kind_for_model(case._meta.label_lower)
    request = context.get("request")
    user = getattr(request, "user", None)
    if case_kind is None or user is None or not user.is_authenticated:
        return {"stages": []}
    reached_at = case_kind.stages(case)
    if not any(reached_at.values()):  # a draft, a case not yet taken in: nothing to rate, nothing to read
        return {"stages": []}
    ratings = {(r.stage, r.parent_id is not None): r
               for r in Review.objects.for_owner(case).select_related("follow_up")}
    rater = may_rate_online(kind=case_kind, case=case, user=user)
    staff = user.is_staff_member or user.is_administrator
    stages = []
    for stage, reached in reached_at.items():
        first = ratings.get((stage, False))
        args = [case_kind.key, case.pk, stage]
        stages.append({
            "label": Stage(stage).label, "stage": stage, "reached": reached is not None, "rating": first,
            "again": ratings.get((stage, True)), "follow_up": getattr(first, "follow_up", None) if first else None,
            "rate_url": reverse("reviews:rate", args=args) if rater and reached else "",
            "code_url": reverse("reviews:window_code", args=args) if staff and reached and first is None else "",
        })
    return {"stages": stages, "staff": staff, "rater": rater}
