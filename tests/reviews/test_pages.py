"""The pages: rating online and through the window code, the code itself, the queue, the figures."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from approvals.enums import ApplicationStatus
from firesvc.reviews.enums import Channel, FollowUpStatus, Item, Level, Stage
from firesvc.reviews.models import Review
from firesvc.reviews.services import review_submit, window_token
from tests.reviews.conftest import application_kind, decided

pytestmark = pytest.mark.django_db


def _rate_url(application, stage="completion"):
    return reverse("reviews:rate", args=["application", application.pk, stage])


def test_rate_page_applicant_rates_online(client, world):
    application = decided(world)
    client.force_login(world["applicant"])
    response = client.post(_rate_url(application), {"level": Level.VERY_SATISFIED, "items": [Item.CONVENIENCE],
                                                    "comment": "方便"})
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.channel, review.level, review.items) == (Channel.ONLINE, Level.VERY_SATISFIED, [Item.CONVENIENCE])


def test_rate_page_bad_rating_without_item_answers_with_a_message(client, world):
    client.force_login(world["applicant"])
    response = client.post(_rate_url(decided(world)), {"level": Level.DISSATISFIED})
    assert response.status_code == 200
    assert "Tick at least one item" in response.content.decode() or "至少" in response.content.decode()
    assert not Review.objects.exists()


def test_rate_page_without_level_answers_with_a_message(client, world):
    client.force_login(world["applicant"])
    response = client.post(_rate_url(decided(world)), {"items": [Item.CONVENIENCE]})
    assert response.status_code == 200 and not Review.objects.exists()


def test_rate_page_not_for_another_enterprise(client, world):
    client.force_login(world["other_applicant"])
    assert client.get(_rate_url(decided(world))).status_code == 404


def test_rate_page_unknown_stage_is_404(client, world):
    client.force_login(world["applicant"])
    assert client.get(_rate_url(decided(world), stage="nonsense")).status_code == 404


def test_case_page_offers_the_rating_to_the_applicant(client, world):
    application = decided(world)
    client.force_login(world["applicant"])
    page = client.get(reverse("approvals:application", args=[application.pk])).content.decode()
    assert _rate_url(application) in page


def test_case_page_offers_the_window_code_to_the_clerk(client, world):
    application = decided(world)
    client.force_login(world["clerk"])
    page = client.get(reverse("approvals:application", args=[application.pk])).content.decode()
    assert reverse("reviews:window_code", args=["application", application.pk, "acceptance"]) in page


def test_window_code_page_shows_a_qr_of_the_rating_link(client, world):
    application = decided(world)
    client.force_login(world["clerk"])
    page = client.get(reverse("reviews:window_code", args=["application", application.pk, "acceptance"]))
    html = page.content.decode()
    assert "<svg" in html
    link = re.search(r'href="([^"]+)" data-rating-link', html).group(1)
    assert "/reviews/w/" in link


def test_window_code_page_not_for_another_brigade(client, world):
    client.force_login(world["clerk_other"])
    url = reverse("reviews:window_code", args=["application", decided(world).pk, "acceptance"])
    assert client.get(url).status_code == 404


def test_window_rate_page_rates_without_an_account(client, world):
    application = decided(world)
    token = window_token(kind=application_kind(), case=application, stage=Stage.ACCEPTANCE)
    response = client.post(reverse("reviews:window_rate", args=[token]),
                           {"level": Level.SATISFIED, "items": [Item.SERVICE_ATTITUDE]})
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.channel, review.stage, review.rater, review.clerk) == (
        Channel.WINDOW, Stage.ACCEPTANCE, None, world["clerk"])


def test_window_rate_page_refuses_a_forged_token(client, world):
    decided(world)
    assert client.get(reverse("reviews:window_rate", args=["forged:token"])).status_code == 404


def test_window_rate_page_offers_window_items_only(client, world):
    application = decided(world)
    token = window_token(kind=application_kind(), case=application, stage=Stage.COMPLETION)
    html = client.get(reverse("reviews:window_rate", args=[token])).content.decode()
    assert Item.SERVICE_ATTITUDE.value in html and Item.PLATFORM.value not in html


def test_follow_up_pages_supervisor_records_the_visit(client, world):
    application = decided(world)
    review = review_submit(kind=application_kind(), case=application, stage=Stage.COMPLETION,
                           channel=Channel.ONLINE, level=Level.VERY_DISSATISFIED, items=[Item.EFFICIENCY],
                           rater=world["applicant"])
    client.force_login(world["supervisor"])
    queue = client.get(reverse("reviews:follow_ups")).content.decode()
    assert reverse("reviews:follow_up", args=[review.follow_up.pk]) in queue
    response = client.post(reverse("reviews:follow_up", args=[review.follow_up.pk]),
                           {"action": "visit", "note": "已上门回访"})
    assert response.status_code == 302
    review.follow_up.refresh_from_db()
    assert review.follow_up.status == FollowUpStatus.RECTIFYING


def test_follow_up_page_empty_reply_answers_with_a_message(client, world):
    application = decided(world)
    review = review_submit(kind=application_kind(), case=application, stage=Stage.COMPLETION,
                           channel=Channel.ONLINE, level=Level.DISSATISFIED, items=[Item.EFFICIENCY],
                           rater=world["applicant"])
    client.force_login(world["supervisor"])
    response = client.post(reverse("reviews:follow_up", args=[review.follow_up.pk]), {"action": "visit", "note": ""})
    assert response.status_code == 200
    review.follow_up.refresh_from_db()
    assert review.follow_up.status == FollowUpStatus.VISIT_DUE


def test_follow_up_page_not_for_another_detachment(client, world):
    application = decided(world)
    review = review_submit(kind=application_kind(), case=application, stage=Stage.COMPLETION,
                           channel=Channel.ONLINE, level=Level.DISSATISFIED, items=[Item.EFFICIENCY],
                           rater=world["applicant"])
    client.force_login(world["supervisor_other"])
    assert client.get(reverse("reviews:follow_up", args=[review.follow_up.pk])).status_code == 404


def test_figures_page_shows_the_share_of_bad_reviews_visited(client, world):
    kind = application_kind()
    for level in (Level.SATISFIED, Level.DISSATISFIED):
        review_submit(kind=kind, case=decided(world), stage=Stage.COMPLETION, channel=Channel.ONLINE, level=level,
                      items=[Item.EFFICIENCY], rater=world["applicant"])
    client.force_login(world["supervisor"])
    html = client.get(reverse("reviews:figures")).content.decode()
    units = html[html.index('data-figures="units"'):]
    row = units[:units.index("</tr>", units.index("<tbody>"))]
    assert ">2<" in row and 'data-bad>1<' in row and "data-visited>0.0 %" in row


def test_figures_page_bad_period_answers_400(client, world):
    client.force_login(world["supervisor"])
    assert client.get(reverse("reviews:figures"), {"start": "2026-05-01", "end": "2026-04-01"}).status_code == 400


def test_guide_shows_the_matter_satisfaction(client, world):
    review_submit(kind=application_kind(), case=decided(world), stage=Stage.COMPLETION, channel=Channel.ONLINE,
                  level=Level.SATISFIED, items=[Item.EFFICIENCY], rater=world["applicant"])
    review_submit(kind=application_kind(), case=decided(world), stage=Stage.COMPLETION, channel=Channel.ONLINE,
                  level=Level.DISSATISFIED, items=[Item.EFFICIENCY], rater=world["applicant"])
    html = client.get(reverse("approvals:guide", args=["acceptance"])).content.decode()
    satisfaction = html[html.index("data-satisfaction"):][:300]
    assert "50.0" in satisfaction and "2" in satisfaction


def test_case_under_review_offers_no_completion_rating(client, world):
    application = decided(world, status=ApplicationStatus.ACCEPTED)
    client.force_login(world["applicant"])
    page = client.get(reverse("approvals:application", args=[application.pk])).content.decode()
    assert _rate_url(application) not in page and _rate_url(application, "acceptance") in page


def test_consultation_rated_at_the_window_through_its_code(client, world):
    from approvals.services.window_consultations import consultation_record

    consultation = consultation_record(clerk=world["clerk"], question="竣工验收备案要哪些材料？",
                                       answer="见一次性告知单")
    client.force_login(world["clerk"])
    html = client.get(reverse("reviews:window_code", args=["consultation", consultation.pk, "completion"])).content
    link = re.search(r'href="([^"]+)" data-rating-link', html.decode()).group(1)
    client.logout()
    response = client.post(link[link.index("/reviews/"):], {"level": Level.VERY_SATISFIED,
                                                            "items": [Item.SERVICE_LEVEL]})
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.kind, review.clerk, review.window, review.channel) == (
        "consultation", world["clerk"], "3号窗口", Channel.WINDOW)


def test_consultation_code_not_for_another_brigade(client, world):
    from approvals.services.window_consultations import consultation_record

    consultation = consultation_record(clerk=world["clerk"], question="问", answer="答")
    client.force_login(world["clerk_other"])
    url = reverse("reviews:window_code", args=["consultation", consultation.pk, "completion"])
    assert client.get(url).status_code == 404


def test_figures_page_refused_to_an_enterprise_user(client, world):
    client.force_login(world["applicant"])
    assert client.get(reverse("reviews:figures")).status_code == 403


def test_figures_page_by_clerk_names_the_clerk(client, world):
    review_submit(kind=application_kind(), case=decided(world), stage=Stage.ACCEPTANCE, channel=Channel.WINDOW,
                  level=Level.VERY_SATISFIED, items=[Item.SERVICE_ATTITUDE])
    client.force_login(world["approver"])
    html = client.get(reverse("reviews:figures")).content.decode()
    clerks = html[html.index('data-figures="clerks"'):]
    assert str(world["clerk"]) in clerks[:clerks.index("</table>")]
    windows = html[html.index('data-figures="windows"'):]
    assert "3号窗口" in windows[:windows.index("</table>")]


def test_follow_up_queue_reads_a_constant_number_of_queries(client, world):
    def bad():
        review_submit(kind=application_kind(), case=decided(world), stage=Stage.COMPLETION, channel=Channel.ONLINE,
                      level=Level.DISSATISFIED, items=[Item.EFFICIENCY], rater=world["applicant"])

    bad()
    client.force_login(world["supervisor"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("reviews:follow_ups"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("reviews:follow_ups"))
    for _ in range(4):
        bad()
    with CaptureQueriesContext(connection) as five:
        page = client.get(reverse("reviews:follow_ups")).content.decode()
    assert page.count("data-follow-up=") == 5
    assert len(five) == len(one)


def test_follow_up_queue_shows_the_last_day_allowed_as_the_case_page_does(client, world):
    from firesvc.reviews.selectors import follow_up_row

    review = review_submit(kind=application_kind(), case=decided(world), stage=Stage.COMPLETION,
                           channel=Channel.ONLINE, level=Level.VERY_DISSATISFIED, items=[Item.EFFICIENCY],
                           rater=world["applicant"])
    clock = follow_up_row(review.follow_up).current_clock
    client.force_login(world["supervisor"])
    queue = client.get(reverse("reviews:follow_ups")).content.decode()
    row = re.search(rf'data-follow-up="{review.follow_up.pk}".*?</tr>', queue, re.S).group(0)
    assert re.search(r"data-due>([^<]*)<", row).group(1) == f"{clock.due_date:%Y-%m-%d}"


def _done_list(client, world) -> str:  # type: ignore[no-untyped-def]
    client.force_login(world["supervisor"])
    return client.get(reverse("reviews:follow_ups"), {"done": "1"}).content.decode()


def test_the_list_of_rectified_bad_reviews_has_its_own_heading(client, world):
    from django.conf import settings
    from django.utils import translation

    page = _done_list(client, world)
    with translation.override(settings.LANGUAGE_CODE):
        heading, open_heading = translation.gettext("Rectified bad reviews"), translation.gettext(
            "Bad reviews to follow up")
    assert f'<h1 class="h4 mb-0">{heading}</h1>' in page
    assert open_heading not in page


def test_the_empty_list_of_rectified_bad_reviews_says_so_in_its_own_words(client, world):
    from django.conf import settings
    from django.utils import translation

    page = _done_list(client, world)
    with translation.override(settings.LANGUAGE_CODE):
        empty, open_empty = translation.gettext("No rectified bad reviews."), translation.gettext(
            "No bad reviews to follow up.")
    assert empty in page and open_empty not in page
