"""The public case lookup's guard (办件查询): failed look-ups lock the client address and the case number.

A case number is easy to guess (they are sequential) and the last four digits of the contact phone have
10,000 values, so failures are counted (``firesvc.security.guessing``, in the shared cache) per client
address and per typed case number. ``CASE_LOOKUP_ADDRESS_FAILURE_LIMIT`` failures from one address lock that
address out of the lookup; ``CASE_LOOKUP_NUMBER_FAILURE_LIMIT`` failures with phone digits on one number,
from any addresses, lock the phone digits of that number. The typed number is counted whether or not a
case has it, so a lock tells nothing about which numbers exist. The query code (40 bits, printed on the
acceptance notice) cannot be guessed: it still opens a number whose phone digits are locked, so that
somebody else's guessing never locks the applicant out. Each setting is (failures, seconds): failures
counted within that many seconds lock for as long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from approvals.selectors.case_lookup import CaseLookup, case_lookup, case_number_typed, case_secret_typed
from firesvc.documents.codes import normalize_code
from firesvc.security.guessing import failure_record, failures_clear, locked_until

ADDRESS_LIMIT = ("CASE_LOOKUP_ADDRESS_FAILURE_LIMIT", (5, 30 * 60))
NUMBER_LIMIT = ("CASE_LOOKUP_NUMBER_FAILURE_LIMIT", (5, 24 * 3600))


@dataclass(frozen=True)
class CaseLookupAnswer:
    result: CaseLookup | None = None
    locked: str = ""  # "address" or "number" while locked; then ``until`` is when the lock ends
    until: datetime | None = None


def _limit(setting: tuple[str, tuple[int, int]]) -> tuple[int, int]:
    limit, seconds = getattr(settings, setting[0], setting[1])
    return int(limit), int(seconds)


def case_lookup_attempt(*, number: str, secret: str, address: str) -> CaseLookupAnswer:
    """Look up the case unless the address, or the number for phone digits, is locked; count a failure.

    Side effects (shared cache): a failure counts against ``address`` and, when the secret is not a query
    code, against the typed number; reaching a limit locks it. A success forgets the number's failures."""
    number = case_number_typed(number)
    by_phone = normalize_code(case_secret_typed(secret)) is None
    until = locked_until(scope="case-lookup:address", value=address)
    if until is not None:
        return CaseLookupAnswer(locked="address", until=until)
    until = locked_until(scope="case-lookup:number", value=number) if by_phone else None
    if until is not None:
        return CaseLookupAnswer(locked="number", until=until)
    result = case_lookup(number=number, secret=secret)
    if result is not None:
        failures_clear(scope="case-lookup:number", value=number)
        return CaseLookupAnswer(result=result)
    limit, seconds = _limit(ADDRESS_LIMIT)
    failure_record(scope="case-lookup:address", value=address, limit=limit, seconds=seconds)
    if by_phone:
        limit, seconds = _limit(NUMBER_LIMIT)
        failure_record(scope="case-lookup:number", value=number, limit=limit, seconds=seconds)
    return CaseLookupAnswer()
