"""好差评 on the statistics dashboard (DOMAIN.md C6, C13): per unit and period. Per window and clerk: the
reviews' own figures page (``reviews:figures``), linked from the dashboard."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from firesvc.reviews.enums import BAD_LEVELS
from firesvc.stats.registry import Counter, Ratio, register

REVIEWS = _("Good/bad reviews")
_FIRST = Q(parent__isnull=True)  # a 追评 is not a second rating of the case

register(
    Counter("reviews_given", _("Ratings given"), REVIEWS, "reviews.Review", "created_at", "unit", condition=_FIRST,
            order=120),
    Counter("review_score_sum", _("Sum of rating scores"), REVIEWS, "reviews.Review", "created_at", "unit",
            condition=_FIRST, sum_field="score", order=121),
    Ratio("review_score_average", _("Average rating (of 5)"), REVIEWS, "review_score_sum", "reviews_given",
          percent=False, order=122, headline=True),
    Counter("reviews_bad", _("Bad reviews"), REVIEWS, "reviews.Review", "created_at", "unit",
            condition=_FIRST & Q(level__in=sorted(BAD_LEVELS)), order=123),
    # Bad reviews of the period followed up (a kind with its own rating flow, such as a hazard report that
    # reopens for a supervisor, answers its bad ratings itself), and of those visited / rectified so far
    # (the national target is all of them).
    Counter("reviews_bad_followed", _("Bad reviews followed up"), REVIEWS, "reviews.FollowUp", "created_at",
            "unit", order=123),
    Counter("reviews_bad_visited", _("Bad reviews visited"), REVIEWS, "reviews.FollowUp", "created_at", "unit",
            condition=Q(visited_at__isnull=False), order=124),
    Ratio("reviews_bad_visited_share", _("Bad reviews visited (target 100 %)"), REVIEWS, "reviews_bad_visited",
          "reviews_bad_followed", order=125),
    Counter("reviews_bad_rectified", _("Bad reviews rectified and replied"), REVIEWS, "reviews.FollowUp",
            "created_at", "unit", condition=Q(rectified_at__isnull=False), order=126),
    Ratio("reviews_bad_rectified_share", _("Bad reviews rectified (target 100 %)"), REVIEWS,
          "reviews_bad_rectified", "reviews_bad_followed", order=127),
)
