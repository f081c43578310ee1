from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from enterprises.demo_services import SHENYANG_TEN_RULES
from enterprises.models import MeasureCategory, ServiceMeasure
from enterprises.services.measures import service_measure_publish, service_measure_retire
from firesvc.accounts.models import User
from firesvc.accounts.roles import Role
from firesvc.audit.models import AuditEvent
from tests.factories import staff

pytestmark = pytest.mark.django_db


def _measure(unit, number: int, title: str, **kwargs: object) -> ServiceMeasure:
    return ServiceMeasure.objects.create(unit=unit, number=number, title=title, body=f"{title}的说明",
                                         category=kwargs.pop("category", MeasureCategory.GREEN_CHANNEL),
                                         issued_on=datetime.date(2026, 6, 1), **kwargs)


def _measure_admin(unit=None):  # type: ignore[no-untyped-def]
    """An administrator holding ``add_servicemeasure`` (granted directly until roles.py lists it)."""
    user = staff(Role.ADMINISTRATOR, unit)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="enterprises",
                                                     codename="add_servicemeasure"))
    return User.objects.get(pk=user.pk)  # fresh permission cache


def test_the_public_page_shows_only_published_current_measures_grouped_by_unit(client, tree) -> None:
    _measure(tree["a"]["detachment"], 1, "开辟绿色通道", is_published=True)
    _measure(tree["a"]["brigade"], 1, "周六上午受理服务", is_published=True)
    _measure(tree["a"]["detachment"], 2, "尚未发布的举措")
    _measure(tree["a"]["detachment"], 3, "已废止的举措", is_published=True, retired_on=datetime.date(2020, 1, 1))
    page = client.get(reverse("enterprises:measures")).content.decode()
    assert "开辟绿色通道" in page
    assert "周六上午受理服务" in page
    assert "a支队" in page
    assert "a大队" in page
    assert "尚未发布的举措" not in page
    assert "已废止的举措" not in page


def test_the_unit_filter_narrows_the_list(client, tree) -> None:
    _measure(tree["a"]["detachment"], 1, "甲支队举措", is_published=True)
    _measure(tree["b"]["detachment"], 1, "乙支队举措", is_published=True)
    page = client.get(reverse("enterprises:measures"), {"unit": tree["b"]["detachment"].pk}).content.decode()
    assert "乙支队举措" in page
    assert "甲支队举措" not in page
    # a junk filter is ignored, not an error
    assert client.get(reverse("enterprises:measures"), {"unit": "x"}).status_code == 200


def test_a_measure_page_is_printable_and_unpublished_ones_are_404(client, tree) -> None:
    shown = _measure(tree["a"]["detachment"], 1, "提前介入指导", is_published=True)
    hidden = _measure(tree["a"]["detachment"], 2, "草稿举措")
    response = client.get(reverse("enterprises:measure", args=[shown.pk]))
    assert response.status_code == 200
    assert "提前介入指导的说明" in response.content.decode()
    assert 'data-action="print"' in response.content.decode()
    assert client.get(reverse("enterprises:measure", args=[hidden.pk])).status_code == 404


def test_a_retired_measure_disappears_and_both_steps_are_audited(client, tree) -> None:
    admin = _measure_admin()
    measure = _measure(tree["a"]["detachment"], 1, "首错不罚")
    service_measure_publish(actor=admin, measure=measure)
    assert "首错不罚" in client.get(reverse("enterprises:measures")).content.decode()
    service_measure_retire(actor=admin, measure=measure)
    assert "首错不罚" not in client.get(reverse("enterprises:measures")).content.decode()
    assert client.get(reverse("enterprises:measure", args=[measure.pk])).status_code == 404
    actions = list(AuditEvent.objects.filter(object_id=str(measure.pk), action__startswith="service_measure.")
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["service_measure.publish", "service_measure.retire"]
    with pytest.raises(ValidationError):
        service_measure_retire(actor=admin, measure=measure)


def test_a_measure_retired_from_a_future_date_is_still_shown_today(client, tree) -> None:
    _measure(tree["a"]["detachment"], 1, "即将废止", is_published=True, retired_on=datetime.date(2999, 1, 1))
    assert "即将废止" in client.get(reverse("enterprises:measures")).content.decode()


def test_staff_without_the_permission_cannot_publish(tree) -> None:
    measure = _measure(tree["a"]["detachment"], 1, "绿色通道")
    with pytest.raises(PermissionDenied):
        service_measure_publish(actor=staff(Role.APPROVER, tree["a"]["detachment"]), measure=measure)
    assert not ServiceMeasure.objects.get(pk=measure.pk).is_published


def test_the_demo_seeds_the_ten_rules_idempotently(db) -> None:
    from enterprises.demo import seed_enterprise_users, seed_enterprises
    from enterprises.demo_services import seed_service_measures_and_training
    from firesvc.accounts.demo import seed_org_tree, seed_staff

    seed_org_tree()
    seed_staff()
    seed_enterprises()
    seed_enterprise_users()
    seed_service_measures_and_training()
    seed_service_measures_and_training()
    assert len(SHENYANG_TEN_RULES) == 10
    assert ServiceMeasure.objects.current().filter(unit__code="sy").count() == 10
    assert ServiceMeasure.objects.current().filter(unit__code="sy-tx").count() == 2
    from enterprises.models import TrainingRequest
    from enterprises.services.training import training_figures

    assert TrainingRequest.objects.count() == 3
    figures = training_figures(User.objects.get(username="clerk"), datetime.date(2026, 11, 1),
                               datetime.date(2026, 11, 30))
    assert figures == {"sessions_held": 1, "people_trained": 4, "officers_trained": 1}
