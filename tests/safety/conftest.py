from __future__ import annotations

import pytest
from django.conf import settings

from firesvc.accounts.roles import Role
from tests.factories import EnterpriseFactory, enterprise_user, staff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"x" * 64


@pytest.fixture(autouse=True)
def _media(tmp_path):  # type: ignore[no-untyped-def]
    old = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield
    settings.MEDIA_ROOT = old


@pytest.fixture
def world(tree):  # type: ignore[no-untyped-def]
    """Brigade a with an inspector, an approver, an enterprise and its verified user; brigade b's inspector."""
    brigade = tree["a"]["brigade"]
    enterprise = EnterpriseFactory(brigade=brigade)
    return {
        "tree": tree, "brigade": brigade, "enterprise": enterprise,
        "inspector": staff(Role.REVIEWER, brigade), "approver": staff(Role.APPROVER, brigade),
        "grid": staff(Role.GRID_MANAGER, tree["a"]["grid"]),
        "detachment_approver": staff(Role.APPROVER, tree["a"]["detachment"]),
        "owner": enterprise_user(enterprise), "outsider": staff(Role.REVIEWER, tree["b"]["brigade"]),
    }


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """Messages are asserted in English (the msgids); pages in other tests are Chinese by default."""
    from django.utils import translation

    with translation.override("en"):
        yield
