from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from firesvc.identifiers import (
    USCC_ALPHABET,
    is_valid_resident_id,
    is_valid_uscc,
    make_uscc,
    org_code_check_char,
    uscc_check_char,
    uscc_problem,
)

VALID = "91110000600037341L"


def test_is_valid_uscc_accepts_the_standard_example() -> None:
    assert is_valid_uscc(VALID)


@pytest.mark.parametrize("position", range(18))
def test_is_valid_uscc_rejects_any_single_changed_character(position: int) -> None:
    original = VALID[position]
    replacement = next(ch for ch in USCC_ALPHABET if ch != original)
    changed = VALID[:position] + replacement + VALID[position + 1:]
    assert not is_valid_uscc(changed)


def test_is_valid_uscc_rejects_wrong_final_check_character() -> None:
    assert not is_valid_uscc(VALID[:17] + "M")


def test_is_valid_uscc_rejects_wrong_organisation_code_check_even_with_right_final_check() -> None:
    # given a code whose org-code check (char 17) is wrong but whose final check matches it
    first17 = VALID[:16] + "2"
    code = first17 + uscc_check_char(first17)
    # then the embedded GB 11714 check catches it
    assert not is_valid_uscc(code)
    assert "9–17" in (uscc_problem(code) or "")


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_is_valid_uscc_rejects_forbidden_letters(letter: str) -> None:
    code = VALID[:10] + letter + VALID[11:]
    assert not is_valid_uscc(code)
    assert letter in (uscc_problem(code) or "")


@pytest.mark.parametrize("bad", ["", "91110000600037341", "91110000600037341LL", "91110000600037341l", None, 123])
def test_is_valid_uscc_rejects_wrong_length_case_and_type(bad: object) -> None:
    assert not is_valid_uscc(bad)  # type: ignore[arg-type]


def test_is_valid_uscc_accepts_letter_first_codes() -> None:
    # 'Y' is the registration authority code of other (non-enterprise) registrations
    code = make_uscc("Y2210106", "12345678")
    assert code[0] == "Y"
    assert is_valid_uscc(code)


def test_org_code_check_char_maps_ten_to_x_and_eleven_to_zero() -> None:
    bodies = {org_code_check_char(f"{n:08d}") for n in range(0, 3000)}
    assert "X" in bodies
    assert "0" in bodies


org_bodies = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8)
prefixes = st.text(alphabet=USCC_ALPHABET, min_size=8, max_size=8)


@given(prefix=prefixes, body=org_bodies)
def test_make_uscc_round_trips_through_the_validator(prefix: str, body: str) -> None:
    code = make_uscc(prefix, body)
    assert len(code) == 18
    assert is_valid_uscc(code)
    assert uscc_problem(code) is None


@given(prefix=prefixes, body=org_bodies, position=st.integers(0, 17), data=st.data())
def test_any_single_substitution_of_a_valid_code_is_detected(prefix: str, body: str, position: int,
                                                             data: st.DataObject) -> None:
    code = make_uscc(prefix, body)
    # The org-code check of a letter can collide with a digit check when both change; the
    # final check over all 17 characters still catches every single substitution.
    replacement = data.draw(st.sampled_from([ch for ch in USCC_ALPHABET if ch != code[position]]))
    assert not is_valid_uscc(code[:position] + replacement + code[position + 1:])


def test_is_valid_resident_id_accepts_a_known_number() -> None:
    assert is_valid_resident_id("11010519491231002X")


@pytest.mark.parametrize(
    "number", ["110105194912310021", "11010519491331002X", "1101051949123100", "A1010519491231002X"]
)
def test_is_valid_resident_id_rejects_bad_check_date_length_or_letters(number: str) -> None:
    assert not is_valid_resident_id(number)
