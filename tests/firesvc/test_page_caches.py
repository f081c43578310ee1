"""Fragments kept in the shared cache (the navigation bar, the empty hazard report form): keyed by all that
they show, so a change is seen at once and two servers render the same page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from firesvc.accounts.enums import UnitKind
from firesvc.accounts.roles import Role
from firesvc.accounts.services import org_unit_create
from firesvc.core import context_processors
from tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def bar_builds(monkeypatch):  # type: ignore[no-untyped-def]
    """How often the bar's entries are built (not read from the shared cache)."""
    calls: list[object] = []
    real = context_processors.nav_for

    def counting(user):  # type: ignore[no-untyped-def]
        calls.append(user)
        return real(user)

    monkeypatch.setattr(context_processors, "nav_for", counting)
    return calls


def test_the_bar_is_built_once_per_roles_and_page_then_read_from_the_shared_cache(client, tree, bar_builds):
    # given two approvers: the first one's page builds the bar
    client.force_login(staff(Role.APPROVER, tree["a"]["brigade"]))
    first = client.get(reverse("ping")).content.decode()
    # when the other approver opens the same page
    client.force_login(staff(Role.APPROVER, tree["b"]["brigade"]))
    second = client.get(reverse("ping")).content.decode()
    # then the bar comes from the cache, the same
    assert len(bar_builds) == 1
    assert _bar(second) == _bar(first)


def _bar(page: str) -> str:
    """The navigation bar's menus (the cached part of base.html)."""
    menus = page.split('<ul class="navbar-nav me-auto">')[1]
    assert '</ul>\n      <div class="portal-tools' in menus
    return menus.split('</ul>\n      <div class="portal-tools')[0]


def test_a_role_given_shows_its_menu_at_once(client, tree, bar_builds):
    clerk = staff(Role.WINDOW_CLERK, tree["a"]["brigade"])
    client.force_login(clerk)
    assert reverse("stats:dashboard") not in client.get(reverse("ping")).content.decode()
    clerk.groups.add(Group.objects.get(name=Role.APPROVER))
    assert reverse("stats:dashboard") in client.get(reverse("ping")).content.decode()
    assert len(bar_builds) == 2


def test_the_open_page_is_marked_in_its_own_cached_bar(client, tree):
    client.force_login(staff(Role.APPROVER, tree["a"]["brigade"]))
    client.get(reverse("ping"))
    page = client.get(reverse("stats:dashboard")).content.decode()
    assert f'class="nav-link active" href="{reverse("stats:dashboard")}"' in page


def test_a_sub_district_added_is_offered_by_the_empty_report_form_at_once(client, tree):
    # two cities: the form lists a city's sub-districts once the city is chosen (issue 21 §5)
    url = f'{reverse("hazard_reports:report")}?city={tree["a"]["detachment"].pk}'
    assert "新街道" not in client.get(url).content.decode()
    org_unit_create(actor=None, kind=UnitKind.SUBDISTRICT, name="新街道", code="new-sd", parent=tree["a"]["brigade"])
    assert "新街道" in client.get(url).content.decode()


def test_the_empty_report_form_speaks_the_language_chosen(client, tree):
    url = reverse("hazard_reports:report")
    chinese = client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "您看到了什么？" in chinese and "What did you see?" not in chinese
    assert "What did you see?" in english


def test_the_dashboard_filter_shows_the_period_asked_for_and_a_unit_added(client, tree,
                                                                          django_capture_on_commit_callbacks):
    client.force_login(staff(Role.APPROVER, tree["a"]["detachment"]))
    url = reverse("stats:dashboard")
    unit = tree["a"]["detachment"].pk
    assert client.get(url, {"unit": unit, "start": "2026-01-01", "end": "2026-01-31"}).status_code == 200
    page = client.get(url, {"unit": unit, "start": "2026-02-01", "end": "2026-02-28"}).content.decode()
    assert 'value="2026-02-01"' in page and 'value="2026-01-01"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        added = org_unit_create(actor=None, kind=UnitKind.BRIGADE, name="新大队", code="new-bq",
                                parent=tree["a"]["detachment"])
    page = client.get(url, {"unit": unit, "start": "2026-02-01", "end": "2026-02-28"}).content.decode()
    assert f'<option value="{added.pk}">新大队</option>' in page  # in the unit filter


def _consultation_today(unit, clerk):  # type: ignore[no-untyped-def]
    from approvals.models import Consultation

    return Consultation.objects.create(unit=unit, clerk=clerk, question="问", answer="答", resolved_first_contact=True)


def test_a_new_record_is_counted_on_the_dashboard_at_once(client, tree):
    brigade = tree["a"]["brigade"]
    clerk = staff(Role.WINDOW_CLERK, brigade)
    _consultation_today(brigade, clerk)
    client.force_login(staff(Role.APPROVER, brigade))
    assert 'data-counter="consultations">1</td>' in client.get(reverse("stats:dashboard")).content.decode()
    _consultation_today(brigade, clerk)
    assert 'data-counter="consultations">2</td>' in client.get(reverse("stats:dashboard")).content.decode()


def test_a_renamed_unit_is_named_on_the_dashboard_at_once(client, tree):
    detachment = tree["a"]["detachment"]
    client.force_login(staff(Role.APPROVER, detachment))
    assert "<td>新名大队</td>" not in client.get(reverse("stats:dashboard")).content.decode()
    tree["a"]["brigade"].__class__.objects.filter(pk=tree["a"]["brigade"].pk).update(name="新名大队")
    assert "<td>新名大队</td>" in client.get(reverse("stats:dashboard")).content.decode()  # the by-unit table


def test_the_dashboards_figures_are_rendered_once_for_the_same_figures(client, tree, monkeypatch):
    from django.template import defaulttags

    client.force_login(staff(Role.APPROVER, tree["a"]["brigade"]))
    client.get(reverse("stats:dashboard"))
    rendered: list[object] = []
    real = defaulttags.URLNode.render

    def counting(self, context):  # type: ignore[no-untyped-def]
        rendered.append(self.view_name.token)
        return real(self, context)

    monkeypatch.setattr(defaulttags.URLNode, "render", counting)
    client.get(reverse("stats:dashboard"))
    assert "'stats:records'" not in rendered  # the records links are inside the kept fragment
