"""The service hall's office hours: the one source of the booking slots and of every text naming the hours.

The appointment slots (``approvals.services.appointments.day_schedule``) are cut from these values, and
the documents (one-time notice, service guide) and the booking pages print them through ``hours_text_zh``
and ``hours_text``, so a printed notice cannot promise hours the booking page does not offer.
The matters' ``window`` names the place only.
"""

from __future__ import annotations

from datetime import time

from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# On working days (make-up working days included).
OFFICE_HOURS = ((time(9, 0), time(11, 30)), (time(13, 30), time(17, 0)))
EXTENDED_HOURS = (time(17, 0), time(19, 0))  # 延时服务
EXTENDED_WEEKDAYS = (1, 3)  # Tuesday, Thursday
SATURDAY_HOURS = (time(9, 0), time(12, 0))  # an ordinary rest-day Saturday, not a holiday

_WEEKDAYS_ZH = "一二三四五六日"


def _t(value: time) -> str:
    return f"{value.hour}:{value.minute:02d}"


def _span(span: tuple[time, time]) -> str:
    return f"{_t(span[0])}–{_t(span[1])}"


def _office() -> str:
    return "、".join(_span(span) for span in OFFICE_HOURS)


def _extended_days_zh() -> str:
    return "、".join(f"周{_WEEKDAYS_ZH[day]}" for day in EXTENDED_WEEKDAYS)


def hours_text_zh() -> str:
    """The hours as printed on the (always Chinese) documents."""
    return (f"工作日 {_office()}，{_extended_days_zh()}延时至 {_t(EXTENDED_HOURS[1])}，"
            f"周六上午 {_span(SATURDAY_HOURS)}，法定节假日除外")


def hours_text() -> str:
    """The hours in the user's language, for the screens."""
    sep = "、" if (get_language() or "").startswith("zh") else ", "
    return _("Working days %(office)s; extended hours until %(until)s on %(days)s; Saturday mornings "
             "%(saturday)s; closed on public holidays") % {
        "office": sep.join(_span(span) for span in OFFICE_HOURS), "until": _t(EXTENDED_HOURS[1]),
        "days": sep.join(str(WEEKDAYS[day]) for day in EXTENDED_WEEKDAYS), "saturday": _span(SATURDAY_HOURS)}
