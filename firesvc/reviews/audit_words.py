"""The 好差评 audit actions in words (timelines and the audit trail; ``firesvc.audit.vocabulary``)."""

from django.utils.translation import gettext_lazy as _

from firesvc.audit.vocabulary import register_actions

register_actions({
    "review.submit": _("Service rated (good/bad review)"),
    "review.invite": _("Invited to rate the service"),
    "review_follow_up.open": _("Bad review: follow-up opened"),
    "review_follow_up.visit": _("Bad review: return visit recorded"),
    "review_follow_up.reply": _("Bad review: rectified and replied"),
    "review_follow_up.closed": _("Bad review: rated once more"),
    "review_follow_up.answered": _("Bad review: answered by the supervisor's review"),
})
