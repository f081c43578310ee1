"""The return-visit sampling rule (回访抽样), a pure function: the same act and seed always give the same answer."""

from __future__ import annotations

import hashlib

# Shares used when administrators have not set a rule for a kind (DOMAIN.md B3).
DEFAULT_SHARES: dict[str, int] = {
    "licence": 30,
    "penalty": 100,
    "fire_cause": 100,
    "compulsory": 100,
    "inspection": 20,
}
DEFAULT_SEED = "2026"


def sample_point(*, act_id: int, seed: str) -> int:
    """Where act ``act_id`` falls in 0–9999 for ``seed``: sha256, so uniform and reproducible."""
    digest = hashlib.sha256(f"{seed}:{act_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 10_000


def is_sampled(*, act_id: int, seed: str, share_percent: int) -> bool:
    """True when the act is among the ``share_percent`` % picked for a return visit."""
    if share_percent >= 100:
        return True
    if share_percent <= 0:
        return False
    return sample_point(act_id=act_id, seed=seed) < share_percent * 100
