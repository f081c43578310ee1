"""Filing pre-check notices (A2) and the random spot check of completion filings (备案抽查).

``no_filing_notices_count`` is a read for the statistics; it lives here until the statistics
work moves it to ``approvals/selectors/``.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Application, PrecheckNotice, SpotCheck
from approvals.precheck import OutcomeCode, PrecheckAnswers, PrecheckOutcome, precheck_outcome
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit
from firesvc.audit.services import audit_record
from firesvc.core.numbering import document_number, next_number
from firesvc.sla.enums import ClockStatus
from firesvc.sla.models import Clock
from firesvc.sla.services import clock_start

SPOT_CHECK_RULE = "filing.spot_check"
DEFAULT_SPOT_CHECK_RATIO = 0.3


# --- pre-check notices --------------------------------------------------------------------------

def _notice_number(at: datetime, brigade: OrgUnit | None) -> str:
    """The brigade's number (its 代字: 沈铁消预告〔2026〕3号) when the pre-check names one; else the portal's own
    series (消预告〔2026〕3号), which no unit issues."""
    year = timezone.localtime(at).year
    if brigade is not None:
        return document_number(code=brigade.document_code, kind="预告", year=year)
    return f"消预告〔{year}〕{next_number(f'precheck-{year}')}号"


@transaction.atomic
def precheck_record(
    *, answers: PrecheckAnswers, actor: Any = None, brigade: OrgUnit | None = None, enterprise_name: str = "",
    contact: str = "",
) -> tuple[PrecheckNotice, PrecheckOutcome]:
    """Decide the pre-check and keep it as a numbered notice.

    Side effects: creates a ``PrecheckNotice`` (taking the next number of the year) and writes the
    ``precheck.record`` audit event in the same transaction. ``actor`` is usually anonymous.
    Raises ``ValidationError`` if ``brigade`` is not a brigade.
    """
    if brigade is not None and brigade.kind != UnitKind.BRIGADE:
        raise ValidationError({"brigade": _("Choose a brigade.")})
    outcome = precheck_outcome(answers)
    now = timezone.now()
    notice = PrecheckNotice.objects.create(
        number=_notice_number(now, brigade), answers=answers.as_json(), outcome=outcome.code, rule=outcome.basis[:200],
        rule_text=outcome.text, brigade=brigade, enterprise_name=enterprise_name.strip()[:200],
        contact=contact.strip()[:100],
    )
    audit_record(actor=actor, obj=notice, action="precheck.record", to_state=outcome.code, unit=brigade,
                 data={"number": notice.number, "rule": outcome.basis, "answers": notice.answers})
    return notice, outcome


def no_filing_notices_count(unit: OrgUnit | None, start: date, end: date) -> int:
    """"No filing needed" notices of ``unit``'s subtree (all units if ``None``) from ``start`` to ``end`` inclusive.

    Days are local (Asia/Shanghai) days. Notices without a brigade count only for ``unit=None``.
    """
    tz = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    notices = PrecheckNotice.objects.filter(outcome=OutcomeCode.NONE, created_at__gte=since, created_at__lt=until)
    if unit is not None:
        notices = notices.filter(brigade__path__startswith=unit.path)
    return notices.count()


# --- spot check of completion filings (抽查) -----------------------------------------------------

def spot_check_ratio() -> Decimal:
    """The configured share of filings to check, clamped to [0, 1]."""
    ratio = Decimal(str(getattr(settings, "FILING_SPOT_CHECK_RATIO", DEFAULT_SPOT_CHECK_RATIO)))
    return min(Decimal(1), max(Decimal(0), ratio))


def spot_check_draw(number: str, year: int, *, salt: str = "") -> float:
    """A reproducible draw in [0, 1) for the filing ``number``: SHA-256 of the number and a per-year salt.

    The salt is ``FILING_SPOT_CHECK_SALT`` (a secret, so applicants cannot predict their draw;
    defaults to SECRET_KEY) with the year, so each year's draws are independent of the last.
    """
    secret = salt or getattr(settings, "FILING_SPOT_CHECK_SALT", "") or settings.SECRET_KEY
    digest = hashlib.sha256(f"{secret}:{year}:{number}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def spot_check_selects(number: str, year: int, ratio: Decimal, *, salt: str = "") -> bool:
    """Pure rule: the filing is selected when its draw falls below the ratio."""
    return spot_check_draw(number, year, salt=salt) < float(ratio)


@transaction.atomic
def filing_spot_check_select(*, application: Application, actor: Any) -> bool:
    """Decide once whether the completion filing ``application`` is spot-checked (第二十五条). Returns it.

    Side effects (first call only; a rerun returns the stored answer and writes nothing): creates the
    ``SpotCheck`` row; when selected, starts the ``filing.spot_check`` clock (20 days from selection) owned
    by the application, unless one is already open, and copies its deadline onto the application's worklist
    columns; then writes the ``filing.spot_check_select`` audit event (with the spot check's due date when
    selected), which tells the applicant of a draw (``approvals.notifications``).
    """
    application = Application.objects.select_for_update().select_related("brigade", "matter").get(pk=application.pk)
    existing = SpotCheck.objects.filter(application=application).first()
    if existing is not None:
        return existing.selected
    if not application.number:
        raise ValidationError(_("Only a submitted filing, with its number, can be drawn for spot check."))
    now = timezone.now()
    ratio = spot_check_ratio()
    year = timezone.localtime(application.accepted_at or now).year
    selected = spot_check_selects(application.number, year, ratio)
    SpotCheck.objects.create(application=application, selected=selected, ratio=ratio)
    clock = _open_spot_check_clock(application) if selected else None
    if selected and clock is None:
        clock = clock_start(owner=application, rule_code=SPOT_CHECK_RULE, unit=application.brigade, actor=actor,
                            started_at=now, purpose="spot_check")
        # The worklists sort by the current clock's deadline, denormalised on the row.
        Application.objects.filter(pk=application.pk).update(
            due_at=clock.due_at, yellow_at=clock.yellow_at, due_date=clock.due_date, clock_unit=clock.limit_unit)
    data: dict[str, Any] = {"selected": selected, "ratio": str(ratio), "year": year}
    if clock is not None:
        data["due_date"] = clock.due_date  # the applicant is told by when the spot check is made
    # After the clock: the notification of a drawn filing names its spot check's due date.
    audit_record(actor=actor, obj=application, action="filing.spot_check_select", from_state=application.status,
                 to_state=application.status, unit=application.brigade, data=data)
    return selected


def _open_spot_check_clock(application: Application) -> Clock | None:
    # application_accept currently starts the matter's rule (filing.spot_check for completion filings)
    # for every accepted filing; never start a second one.
    return (Clock.objects.for_owner(application).exclude(status=ClockStatus.STOPPED)
            .filter(rule__code=SPOT_CHECK_RULE).first())


def filing_spot_check_select_pending(*, actor: Any = None, batch: int = 200) -> int:
    """Draw every accepted completion filing not drawn yet (beat-free catch-up; not scheduled). Returns draws."""
    from approvals.enums import ApplicationStatus, MatterCode

    pending = (Application.objects.filter(matter__code=MatterCode.COMPLETION_FILING, spot_check__isnull=True,
                                          status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.APPROVED])
               .exclude(number__isnull=True).order_by("pk").values_list("pk", flat=True)[:batch])
    done = 0
    for pk in pending:
        filing_spot_check_select(application=Application.objects.get(pk=pk), actor=actor)
        done += 1
    return done
