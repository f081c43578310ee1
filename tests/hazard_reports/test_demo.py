from __future__ import annotations

from feedback.hazard_reports.demo import seed_hazard_reports
from feedback.hazard_reports.enums import ReportStatus
from feedback.hazard_reports.models import ApiKey, HazardReport
from firesvc.accounts.demo import seed_org_tree, seed_staff
from firesvc.sla.services import load_rule_sets


def test_demo_seeds_reports_and_a_key_once(db) -> None:
    load_rule_sets()
    seed_org_tree()
    seed_staff()
    seed_hazard_reports()
    seed_hazard_reports()
    assert sorted(HazardReport.objects.values_list("status", flat=True)) == sorted(
        [ReportStatus.CLOSED, ReportStatus.DISPATCHED, ReportStatus.NEW, ReportStatus.NEW])
    assert ApiKey.objects.count() == 1


def test_the_demo_shows_a_report_like_a_closed_one_as_its_own_open_report(db) -> None:
    load_rule_sets()
    seed_org_tree()
    seed_staff()
    seed_hazard_reports()
    like = HazardReport.objects.get(address="友谊街12号楼 2单元")
    assert like.status == ReportStatus.NEW
    assert like.suggested_duplicate_of == HazardReport.objects.get(status=ReportStatus.CLOSED)


def test_demo_pages_open_for_the_duty_officer_and_the_public(client, db) -> None:
    from firesvc.accounts.models import User

    load_rule_sets()
    seed_org_tree()
    seed_staff()
    seed_hazard_reports()
    duty = User.objects.get(username="duty")
    client.force_login(duty)
    pages = ["/reports/", "/reports/duty/", "/reports/duty/live/", "/open311/v2/requests.xml",
             *[r.get_absolute_url() for r in HazardReport.objects.all()],
             *[r.get_tracking_url() for r in HazardReport.objects.all()]]
    assert {url: client.get(url).status_code for url in pages} == {url: 200 for url in pages}
    client.force_login(User.objects.get(username="grid"))
    form = client.get("/reports/").context["form"]
    assert form.initial["grid"] == duty.unit.children.order_by("path").first().children.order_by("path").first().pk


def test_the_demo_chaoyang_key_files_in_chaoyang_only(client, db) -> None:
    from feedback.hazard_reports.demo import DEMO_KEY

    load_rule_sets()
    seed_org_tree()
    seed_staff()
    seed_hazard_reports()
    before = HazardReport.objects.count()
    refused = client.post("/open311/v2/requests.json", {"api_key": DEMO_KEY, "service_code": "blocked_exit",
                                                         "address_id": "sy-hg-s1-c1-g1"})
    assert refused.status_code == 403
    filed = client.post("/open311/v2/requests.json", {"api_key": DEMO_KEY, "service_code": "blocked_exit",
                                                       "address_id": "cy-st-s1-c1-g1"})
    assert filed.status_code == 201
    assert HazardReport.objects.count() == before + 1


def test_the_demo_picker_offers_one_beita_per_city_with_its_district(client, db) -> None:
    from firesvc.accounts.models import OrgUnit

    seed_org_tree()
    beitas = {}
    for city in ("sy", "cy"):
        html = client.get("/reports/", {"city": OrgUnit.objects.get(code=city).pk}).content.decode()
        beitas[city] = [name for name in ("北塔街道（皇姑区）", "北塔街道（双塔区）") if name in html]
    assert beitas == {"sy": ["北塔街道（皇姑区）"], "cy": ["北塔街道（双塔区）"]}
