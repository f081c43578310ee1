"""Training counters (E8) on the statistics dashboard (DOMAIN.md C6)."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from enterprises.enums import Satisfaction, VisitStatus
from enterprises.models import TrainingAttendance
from firesvc.stats.registry import Counter, Ratio, register

SERVICE = _("Enterprise services")
_HELD = Exists(TrainingAttendance.objects.filter(session=OuterRef("pk"), attended=True))

register(
    Counter("visits_done", _("Visits to enterprises"), SERVICE, "enterprises.Visit", "visited_on", "unit",
            condition=Q(status=VisitStatus.DONE), order=40, headline=True),
    Counter("forums_held", _("Forums with enterprises"), SERVICE, "enterprises.Forum", "held_on", "unit", order=41),
    Counter("suggestions_received", _("Suggestions solicited"), SERVICE, "enterprises.Suggestion", "created_at",
            "unit", order=42),
    Counter("suggestions_fed_back", _("Suggestions fed back"), SERVICE, "enterprises.Suggestion", "fed_back_at",
            "unit", condition=Q(fed_back_at__isnull=False), order=43),
    Counter("suggestions_rated", _("Feedback rated by the submitter"), SERVICE, "enterprises.Suggestion",
            "fed_back_at", "unit", condition=~Q(satisfaction=""), order=44),
    Counter("suggestions_satisfied", _("Submitters satisfied with the feedback"), SERVICE, "enterprises.Suggestion",
            "fed_back_at", "unit", condition=Q(satisfaction=Satisfaction.SATISFIED), order=45),
    Ratio("suggestion_satisfaction_rate", _("Satisfaction with suggestion feedback"), SERVICE,
          "suggestions_satisfied", "suggestions_rated", order=46),
    # 服务举措: measures published by the unit (the report's "10 detachment-level service measures").
    Counter("service_measures_issued", _("Service measures issued"), SERVICE, "enterprises.ServiceMeasure",
            "issued_on", "unit", condition=Q(is_published=True), order=47),
    # A session counts once held: someone attended it (as training_figures counts sessions_held); a session
    # planned, or held with nobody recorded, is not training given.
    Counter("training_sessions", _("Free training sessions for enterprises"), SERVICE, "enterprises.TrainingSession",
            "date", "unit", condition=Q(internal=False) & Q(_HELD), order=60,
            depends_on=(("enterprises.TrainingAttendance", "session"),)),
    Counter("officer_training_sessions", _("Internal training sessions for officers"), SERVICE,
            "enterprises.TrainingSession", "date", "unit", condition=Q(internal=True) & Q(_HELD), order=61,
            depends_on=(("enterprises.TrainingAttendance", "session"),)),
    # The same split as the training page (enterprises.services.training.training_figures): people from enterprises,
    # and officers (internal training counted the same way, E8) on their own line.
    Counter("training_attendees", _("People trained"), SERVICE, "enterprises.TrainingAttendance",
            "session__date", "session__unit", condition=Q(attended=True, is_officer=False), order=62),
    Counter("officers_trained", _("Officers trained"), SERVICE, "enterprises.TrainingAttendance",
            "session__date", "session__unit", condition=Q(attended=True, is_officer=True), order=62),
    Counter("training_requests", _("Training requests from enterprises"), SERVICE, "enterprises.TrainingRequest",
            "created_at", "enterprise__brigade", order=63),
)
