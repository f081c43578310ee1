from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """好差评: the applicant's rating of every case, per stage, and the follow-up of a bad one (DOMAIN.md C13).

    The kernel holds the ratings of any case (a generic owner, as a clock has one); each app registers
    the kinds of case it owns in its ``reviews.py`` (``firesvc.reviews.registry``), so the kernel imports
    no app (DESIGN.md rule 9).
    """

    name = "firesvc.reviews"
    label = "reviews"
    verbose_name = _("Good/bad reviews")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("reviews")
        from firesvc.reviews import notifications  # noqa: F401  (registers the matrix rows)
