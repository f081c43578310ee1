"""Validators for Chinese identifiers (pure functions, no database).

* 统一社会信用代码 (GB 32100-2015): 18 characters from ``USCC_ALPHABET``; character 18 is a
  check character over the first 17; characters 9–17 are an organisation code (GB 11714)
  whose last character is its own check character.
* 居民身份证号码 (GB 11643-1999): 17 digits and a check character, characters 7–14 a date.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_USCC_INDEX = {ch: i for i, ch in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
_RESIDENT_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_RESIDENT_CHECK = "10X98765432"


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters (which must be valid)."""
    total = sum(_USCC_INDEX[ch] * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """The GB 11714 check character for an 8-character organisation-code body."""
    total = sum(_org_char_value(ch) * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _org_char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    return ord(ch) - ord("A") + 10  # GB 11714: A = 10 … Z = 35


def is_valid_uscc(code: str) -> bool:
    """True when ``code`` is a well-formed unified social credit code with both check characters right."""
    if not isinstance(code, str) or len(code) != 18:
        return False
    if any(ch not in _USCC_INDEX for ch in code):
        return False
    if uscc_check_char(code[:17]) != code[17]:
        return False
    org_body, org_check = code[8:16], code[16]
    return org_code_check_char(org_body) == org_check


def uscc_problem(code: str) -> str | None:
    """A short, translated reason why ``code`` is not valid, or None when it is."""
    if len(code) != 18:
        return _("A unified social credit code has 18 characters (this one has %(n)d).") % {"n": len(code)}
    bad = sorted({ch for ch in code if ch not in _USCC_INDEX})
    if bad:
        return _("Characters not allowed in a credit code: %(chars)s (I, O, S, V and Z are never used).") % {
            "chars": "".join(bad)}
    if org_code_check_char(code[8:16]) != code[16]:
        return _("The organisation code inside the credit code (characters 9–17) has a wrong check digit.")
    if uscc_check_char(code[:17]) != code[17]:
        return _("The last character (check digit) of the credit code is wrong.")
    return None


def make_uscc(prefix8: str, org_body8: str) -> str:
    """Build a valid code from registration/category/area (8) and an organisation-code body (8)."""
    first17 = prefix8 + org_body8 + org_code_check_char(org_body8)
    return first17 + uscc_check_char(first17)


def is_valid_resident_id(number: str) -> bool:
    """True for an 18-character resident ID number with a real birth date and a right check character."""
    if not isinstance(number, str) or len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    total = sum(int(ch) * w for ch, w in zip(number[:17], _RESIDENT_WEIGHTS, strict=True))
    return _RESIDENT_CHECK[total % 11] == number[17].upper()
