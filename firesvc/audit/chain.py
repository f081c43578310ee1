"""Pure hashing rules of the audit chain (no database)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def normalise_data(data: dict[str, Any] | None) -> dict[str, Any]:
    """What the JSON column will give back, so the hash is computed on stored values."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def event_hash(
    *,
    seq: int,
    created_at: datetime,
    actor_id: int | None,
    content_type: str,
    object_id: str,
    action: str,
    from_state: str,
    to_state: str,
    reason: str,
    data: dict[str, Any],
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [seq, created_at.isoformat(timespec="microseconds"), actor_id, content_type, object_id, action,
         from_state, to_state, reason, data, prev_hash],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
