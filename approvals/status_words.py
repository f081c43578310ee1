"""An application's status in words, by its matter: the one place every screen reads it from.

A completion filing (竣工验收消防备案) is a filing, not an administrative permit: it is recorded on
acceptance and, if drawn for a spot check (抽查), checked. Its stored statuses are the permits' (the
transitions are one table), but they read as what they mean for a filing: a filing not drawn is
done (备案完成), a drawn one is under, then passed or failed, its spot check — never 准予许可.
Every other matter reads its status as ``ApplicationStatus`` labels it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from approvals.enums import ApplicationStatus, MatterCode

# (status, drawn for a spot check) → words, for a completion filing; ``None``: not drawn, or not drawn yet.
_FILING_WORDS: dict[tuple[str, bool | None], Any] = {
    (ApplicationStatus.ACCEPTED, None): _("Accepted for filing"),  # 已受理
    (ApplicationStatus.ACCEPTED, False): _("Accepted for filing"),
    (ApplicationStatus.ACCEPTED, True): _("Filed, under spot check"),  # 已备案，抽查中
    (ApplicationStatus.APPROVED, None): _("Filing completed (not drawn for a spot check)"),
    (ApplicationStatus.APPROVED, False): _("Filing completed (not drawn for a spot check)"),
    (ApplicationStatus.APPROVED, True): _("Spot check passed"),  # 抽查合格
    # A filing is decided only after a spot check.
    (ApplicationStatus.REJECTED, None): _("Spot check failed"),  # 抽查不合格
    (ApplicationStatus.REJECTED, False): _("Spot check failed"),
    (ApplicationStatus.REJECTED, True): _("Spot check failed"),
}


def status_label(status: str, *, matter_code: str = "", drawn: bool | None = None) -> str:
    """The words of ``status`` for a case of ``matter_code``; ``drawn``: whether a completion filing was drawn
    for a spot check (None: not drawn yet). An unknown status reads as itself."""
    if matter_code == MatterCode.COMPLETION_FILING:
        words = _FILING_WORDS.get((status, drawn))
        if words is not None:
            return str(words)
    return str(ApplicationStatus(status).label) if status in ApplicationStatus.values else status


def _drawn(application: Any) -> bool | None:
    from approvals.models import SpotCheck

    return SpotCheck.objects.filter(application_id=application.pk).values_list("selected", flat=True).first()


def filing_drawn(application: Any) -> bool | None:
    """Whether the completion filing ``application`` was drawn for a spot check (None: not drawn yet, or not a
    filing). Reads the spot check row only for a filing whose status depends on it (one query, none for the
    other matters); the matter is expected joined in."""
    if application.matter.code != MatterCode.COMPLETION_FILING or application.status not in (
            ApplicationStatus.ACCEPTED, ApplicationStatus.APPROVED, ApplicationStatus.REJECTED):
        return None
    return _drawn(application)


def application_status_label(application: Any) -> str:
    """The words of ``application``'s current status (``status_label``), for its page and its badge."""
    return status_label(application.status, matter_code=application.matter.code, drawn=filing_drawn(application))


def application_status_words(application: Any) -> dict[str, str]:
    """Every status in the words of ``application``'s matter (the timeline's from → to), by status value: a
    timeline shows the statuses the case went through, not only its current one."""
    code = application.matter.code
    drawn = _drawn(application) if code == MatterCode.COMPLETION_FILING else None
    return {value: status_label(value, matter_code=code, drawn=drawn) for value in ApplicationStatus.values}
