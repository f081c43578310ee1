"""Phone numbers typed by people: one check for every form of the project.

A mobile number is what a text message can reach; a contact phone (a number staff call back) may also be a
landline with its area code, as an enterprise's or an applicant's office number usually is.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy

MOBILE = re.compile(r"1[3-9]\d{9}")
# 3 or 4 digits of area code starting with 0, then 7 or 8 digits.
LANDLINE = re.compile(r"0\d{2,3}\d{7,8}")

MOBILE_REFUSED = gettext_lazy("Enter a mainland China mobile number: 11 digits starting with 1, "
                              "such as 13812345678.")
CONTACT_PHONE_REFUSED = gettext_lazy("Enter a phone number we can call: an 11-digit mobile number such as "
                                     "13812345678, or a landline number with its area code such as 024-23456789.")


def mobile_number(text: str) -> str | None:
    """The number as 11 digits, "" when none was given, None when it is not a mainland mobile number
    (^1[3-9]\\d{9}$ once spaces, dashes and a +86 prefix are taken away)."""
    compact = re.sub(r"[\s\-]", "", text or "")
    if not compact:
        return ""
    compact = re.sub(r"^(\+86|0086)(?=\d{11}$)", "", compact)
    return compact if MOBILE.fullmatch(compact) else None


def is_reachable_phone(text: str) -> bool:
    """An 11-digit mobile number or a landline number with its area code (``024-2345 6789``); spaces,
    dashes, brackets and a +86 prefix are allowed around them."""
    compact = re.sub(r"^(\+86|0086)", "", re.sub(r"[\s\-()（）]", "", text or ""))
    return bool(MOBILE.fullmatch(compact) or LANDLINE.fullmatch(compact))


def check_contact_phone(text: str, *, field: str) -> dict[str, str]:
    """The error of an optional contact phone, keyed as ``field``: none when it is empty or reachable."""
    text = (text or "").strip()
    return {} if not text or is_reachable_phone(text) else {field: str(CONTACT_PHONE_REFUSED)}
