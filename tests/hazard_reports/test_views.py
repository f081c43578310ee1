"""The public form, the tracking page, photos, the duty officer's pages and scoping."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext

from feedback.hazard_reports.enums import DispatchTarget, ReportStatus, VerificationOutcome
from feedback.hazard_reports.models import HazardPhoto, HazardReport
from feedback.hazard_reports.services.reports import hazard_report_acknowledge
from feedback.models import PatrolTeam
from firesvc.accounts.roles import Role
from tests.factories import PASSWORD, staff
from tests.hazard_reports.conftest import form_data, jpeg_bytes, submit_report

URL = "/reports/"


def _report(units, **kwargs):  # type: ignore[no-untyped-def]
    return submit_report(units, **kwargs)


def _login(client, user) -> None:  # type: ignore[no-untyped-def]
    client.login(username=user.username, password=PASSWORD)


def test_form_submission_redirects_to_the_tracking_page(client, place) -> None:
    response = client.post(URL, form_data(place))
    report = HazardReport.objects.get()
    assert response["Location"] == report.get_tracking_url()


def test_form_with_an_error_keeps_what_was_typed(client, place) -> None:
    response = client.post(URL, form_data(place, address="", description="楼道里的电线冒烟"))
    assert response.status_code == 400
    assert "楼道里的电线冒烟" in response.content.decode()
    assert not HazardReport.objects.exists()


def test_form_error_shows_the_communities_of_the_chosen_subdistrict(client, place) -> None:
    response = client.post(URL, form_data(place, description=""))
    assert place["community"].name in response.content.decode()


def test_form_refuses_a_grid_of_another_community(client, place, other_place) -> None:
    response = client.post(URL, form_data(place, grid=other_place["grid"].pk))
    assert response.status_code == 400
    assert not HazardReport.objects.exists()


def test_honeypot_stores_nothing(client, place) -> None:
    client.post(URL, form_data(place, website="http://spam.example"))
    assert not HazardReport.objects.exists()


def test_photos_are_stored_resized(client, place) -> None:
    photo = SimpleUploadedFile("p.jpg", jpeg_bytes((3000, 1500)), content_type="image/jpeg")
    client.post(URL, {**form_data(place), "photos": [photo]})
    stored = HazardPhoto.objects.get()
    assert (stored.width, stored.height) == (1600, 800)


def test_a_fake_photo_is_refused_with_a_message(client, place) -> None:
    fake = SimpleUploadedFile("p.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = client.post(URL, {**form_data(place), "photos": [fake]})
    assert response.status_code == 400
    assert "p.jpg" in response.content.decode()
    assert not HazardReport.objects.exists()


def test_four_photos_are_refused(client, place) -> None:
    photos = [SimpleUploadedFile(f"{i}.jpg", jpeg_bytes((10, 10)), content_type="image/jpeg") for i in range(4)]
    response = client.post(URL, {**form_data(place), "photos": photos})
    assert response.status_code == 400
    assert not HazardReport.objects.exists()


def test_tracking_page_shows_steps_and_the_patrol_team(client, place) -> None:
    team = PatrolTeam.objects.create(name="友谊社区保消巡逻队", kind="community_patrol", unit=place["community"])
    team.grids.add(place["grid"])
    report = hazard_report_acknowledge(report=_report(place), actor=place["duty"])
    body = client.get(report.get_tracking_url()).content.decode()
    assert "友谊社区保消巡逻队" in body
    assert report.tracking_code in body


def test_unknown_tracking_code_is_404(client, db) -> None:
    assert client.get(reverse("hazard_reports:track", args=["nope"])).status_code == 404


def test_photo_is_served_with_the_tracking_code(client, place) -> None:
    from feedback.hazard_reports.photos import process_photo

    report = _report(place, photos=[process_photo(jpeg_bytes((20, 20)))])
    photo = report.photos.get()
    response = client.get(reverse("hazard_reports:photo_public", args=[report.tracking_code, photo.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert client.get(reverse("hazard_reports:photo_public", args=["wrong", photo.pk])).status_code == 404


def test_places_lists_the_communities_of_a_subdistrict(client, place) -> None:
    data = client.get(reverse("hazard_reports:places"), {"parent": place["subdistrict"].pk}).json()
    assert data["places"] == [{"id": place["community"].pk, "name": place["community"].name}]


def test_places_with_a_bad_parent_is_400(client, db) -> None:
    assert client.get(reverse("hazard_reports:places"), {"parent": "x"}).status_code == 400


def test_grid_manager_finds_the_grid_preselected(client, place) -> None:
    _login(client, staff(Role.GRID_MANAGER, place["grid"]))
    form = client.get(URL).context["form"]
    assert form.initial["grid"] == place["grid"].pk
    assert form.initial["subdistrict"] == place["subdistrict"].pk


def test_duty_live_fragment_lists_a_new_report_with_its_countdown(client, place) -> None:
    report = _report(place)
    _login(client, place["duty"])
    body = client.get(reverse("hazard_reports:duty_live")).content.decode()
    assert f'data-report="{report.pk}"' in body and "data-due-at" in body


def test_duty_view_hides_other_subdistricts(client, place, other_place) -> None:
    report = _report(place)
    _login(client, other_place["duty"])
    body = client.get(reverse("hazard_reports:duty_live")).content.decode()
    assert f'data-report="{report.pk}"' not in body
    assert client.get(report.get_absolute_url()).status_code == 404


def test_acknowledge_from_another_subdistrict_is_404(client, place, other_place) -> None:
    report = _report(place)
    _login(client, other_place["duty"])
    assert client.post(reverse("hazard_reports:acknowledge", args=[report.pk])).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW


def test_duty_officer_runs_the_report_to_closed(client, place) -> None:
    report = _report(place)
    _login(client, place["duty"])
    client.post(reverse("hazard_reports:acknowledge", args=[report.pk]))
    client.post(reverse("hazard_reports:dispatch", args=[report.pk]), {"target": "police", "note": "民警"})
    client.post(reverse("hazard_reports:verify", args=[report.pk]), {"outcome": "not_found", "note": ""})
    client.post(reverse("hazard_reports:close", args=[report.pk]), {"reply": "经核查未发现"})
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED and report.reply == "经核查未发现"


def test_close_without_a_reply_keeps_the_form_with_an_error(client, place) -> None:
    report = hazard_report_acknowledge(report=_report(place), actor=place["duty"])
    _login(client, place["duty"])
    response = client.post(reverse("hazard_reports:close", args=[report.pk]), {"reply": ""})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.ACKNOWLEDGED


def test_dispatch_in_the_wrong_state_shows_a_message(client, place) -> None:
    report = _report(place)
    _login(client, place["duty"])
    response = client.post(reverse("hazard_reports:dispatch", args=[report.pk]), {"target": "police"})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.NEW


def test_an_enterprise_user_cannot_open_the_duty_view(client, place) -> None:
    _login(client, staff(Role.ENTERPRISE_USER, None))
    assert client.get(reverse("hazard_reports:duty")).status_code == 403


def test_duty_live_shows_a_possible_duplicate_with_its_number(client, place) -> None:
    first = _report(place)
    second = _report(place, address="友谊街 12 号")
    _login(client, place["duty"])
    body = client.get(reverse("hazard_reports:duty_live")).content.decode()
    assert f'data-possible-duplicate="{first.pk}"' in body
    assert f'可能与 <a href="{first.get_absolute_url()}">#{first.pk}</a> 重复' in body
    assert f'data-report="{second.pk}"' in body


def test_the_duty_officer_links_the_suggested_report_from_its_page(client, place) -> None:
    first = _report(place)
    second = _report(place, address="友谊街 12 号")
    _login(client, place["duty"])
    page = client.get(second.get_absolute_url()).content.decode()
    assert f'data-possible-duplicate="{first.pk}"' in page
    response = client.post(reverse("hazard_reports:link", args=[second.pk]), {"original": first.pk})
    assert response["Location"] == second.get_absolute_url()
    second.refresh_from_db()
    assert (second.duplicate_of, second.status) == (first, ReportStatus.NEW)


def test_the_duty_officer_unlinks_a_report(client, place) -> None:
    first = _report(place)
    second = _report(place, address="朝阳大街120号")
    _login(client, place["duty"])
    client.post(reverse("hazard_reports:link", args=[second.pk]), {"original": first.pk})
    client.post(reverse("hazard_reports:unlink", args=[second.pk]))
    second.refresh_from_db()
    assert second.duplicate_of is None


def test_linking_to_a_report_out_of_scope_is_refused_with_an_error(client, place, other_place) -> None:
    elsewhere = _report(other_place)
    mine = _report(place)
    _login(client, place["duty"])
    response = client.post(reverse("hazard_reports:link", args=[mine.pk]), {"original": elsewhere.pk})
    assert response.status_code == 400
    assert "请填写您有权办理的先前举报的编号" in response.content.decode()
    mine.refresh_from_db()
    assert mine.duplicate_of is None


def test_a_linked_reporters_tracking_page_shows_their_own_report_not_the_first(client, place) -> None:
    from feedback.hazard_reports.services.reports import hazard_report_close, hazard_report_link

    first = _report(place)
    hazard_report_close(report=hazard_report_acknowledge(report=first, actor=place["duty"]), actor=place["duty"],
                        reply="友谊街的答复")
    second = _report(place, address="朝阳大街120号")
    hazard_report_link(report=second, original=first, actor=place["duty"])
    body = client.get(second.get_tracking_url()).content.decode()
    assert "朝阳大街120号" in body
    assert "友谊街的答复" not in body
    assert "已办结" not in body


def _folded_into(first, units):  # type: ignore[no-untyped-def]
    """A report of the same place folded into ``first`` by the former rule (status "linked")."""
    folded = _report(units, address="朝阳大街120号")
    HazardReport.objects.filter(pk=folded.pk).update(status=ReportStatus.LINKED, duplicate_of=first,
                                                     suggested_duplicate_of=None)
    return folded


def test_a_folded_reporters_tracking_page_gives_the_outcome_without_the_other_reporter(client, place) -> None:
    from feedback.hazard_reports.services.reports import (
        hazard_report_close,
        hazard_report_dispatch,
        hazard_report_verify,
    )

    first = _report(place, reporter_name="张三", reporter_phone="13912345678", description="张三家门口堆满纸箱")
    duty = place["duty"]
    hazard_report_acknowledge(report=first, actor=duty)
    hazard_report_dispatch(report=first, actor=duty, target="property")
    hazard_report_verify(report=first, actor=duty, outcome="rectified")
    hazard_report_close(report=first, actor=duty, reply="张三先生：物业已清理")
    body = client.get(_folded_into(first, place).get_tracking_url()).content.decode()
    outcome = body[body.index("data-folded-outcome"):].split("</p>", 1)[0]
    assert "属实，已整改" in outcome
    assert not any(text in body for text in ("张三", "13912345678", first.tracking_code, "data-linked"))


def test_a_folded_reporters_tracking_page_says_the_earlier_report_is_still_handled(client, place) -> None:
    first = _report(place)
    hazard_report_acknowledge(report=first, actor=place["duty"])
    body = client.get(_folded_into(first, place).get_tracking_url()).content.decode()
    assert "data-folded-open" in body
    assert "data-folded-outcome" not in body


def test_a_report_folded_by_the_former_rule_is_on_the_duty_screen_to_be_unlinked(client, place) -> None:
    first = _report(place)
    folded = _report(place, address="朝阳大街120号")
    HazardReport.objects.filter(pk=folded.pk).update(status=ReportStatus.LINKED, duplicate_of=first,
                                                     suggested_duplicate_of=None)
    _login(client, place["duty"])
    body = client.get(reverse("hazard_reports:duty_live")).content.decode()
    assert f'data-report="{folded.pk}"' in body
    assert f'data-linked-to="{first.pk}"' in body


def test_the_timeline_names_the_time_limit_a_clock_entry_is_about(client, place) -> None:
    report = _report(place)
    _login(client, place["duty"])
    body = client.get(report.get_absolute_url()).content.decode()
    assert "<span data-time-limit>隐患举报受理反馈(十分钟服务承诺)</span>" in body


def test_the_confirmation_gives_the_tracking_code_to_note_down(client, place) -> None:
    response = client.post(URL, form_data(place), follow=True)
    report = HazardReport.objects.get()
    [message] = [str(m) for m in response.context["messages"]]
    assert report.tracking_code in message


def _flashed(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(message) for message in response.context["messages"]]


def _post(client, name, report, data=None):  # type: ignore[no-untyped-def]
    return client.post(reverse(f"hazard_reports:{name}", args=[report.pk]), data or {}, follow=True)


def test_acknowledging_says_which_report_was_acknowledged(client, place) -> None:
    report = _report(place)
    _login(client, place["duty"])
    assert _flashed(_post(client, "acknowledge", report)) == [
        gettext("Report #%(number)s acknowledged.") % {"number": report.pk}]


def test_dispatching_says_to_whom(client, place) -> None:
    report = hazard_report_acknowledge(report=_report(place), actor=place["duty"])
    _login(client, place["duty"])
    [message] = _flashed(_post(client, "dispatch", report, {"target": "police", "note": ""}))
    assert message == gettext("Handed to: %(target)s.") % {"target": DispatchTarget("police").label}


def test_recording_the_check_says_its_result_was_recorded(client, place) -> None:
    from feedback.hazard_reports.services.reports import hazard_report_dispatch

    report = hazard_report_acknowledge(report=_report(place), actor=place["duty"])
    hazard_report_dispatch(report=report, actor=place["duty"], target="police")
    _login(client, place["duty"])
    [message] = _flashed(_post(client, "verify", report, {"outcome": "not_found", "note": ""}))
    assert message == gettext("The result of the check is recorded: %(outcome)s.") % {
        "outcome": VerificationOutcome("not_found").label}


def test_closing_says_which_report_was_closed(client, place) -> None:
    report = hazard_report_acknowledge(report=_report(place), actor=place["duty"])
    _login(client, place["duty"])
    assert _flashed(_post(client, "close", report, {"reply": "已处理"})) == [
        gettext("Report #%(number)s closed.") % {"number": report.pk}]


def test_linking_says_to_which_report(client, place) -> None:
    first, second = _report(place), _report(place, description="又看到了")
    _login(client, place["duty"])
    assert _flashed(_post(client, "link", second, {"original": first.pk})) == [
        gettext("Linked to the earlier report #%(number)s.") % {"number": first.pk}]


def test_dismissing_a_suggestion_says_it_is_not_a_repeat(client, place) -> None:
    _report(place)
    second = _report(place, description="又看到了")
    _login(client, place["duty"])
    assert _flashed(_post(client, "unlink", second)) == [gettext("Marked as not a repeat report.")]


def test_a_later_report_is_refused_as_the_earlier_one_on_the_page(client, place) -> None:
    earlier, later = _report(place), _report(place, description="后来的")
    _login(client, place["duty"])
    response = client.post(reverse("hazard_reports:link", args=[earlier.pk]), {"original": later.pk})
    assert response.status_code == 400
    assert gettext("A report can only be linked to one sent before it.") in response.content.decode()


def test_the_timeline_names_the_report_a_report_was_linked_to(client, place) -> None:
    first, second = _report(place), _report(place, description="又看到了")
    _login(client, place["duty"])
    _post(client, "link", second, {"original": first.pk})
    body = client.get(second.get_absolute_url()).content.decode()
    assert gettext("Linked to the earlier report #%(number)s") % {"number": first.pk} in body


def test_the_timeline_words_a_dismissed_suggestion_as_not_a_repeat(client, place) -> None:
    _report(place)
    second = _report(place, description="又看到了")
    _login(client, place["duty"])
    _post(client, "unlink", second)
    body = client.get(second.get_absolute_url()).content.decode()
    assert gettext("The duty officer found it is not a repeat report") in body


def _back(body: str) -> str:
    return body.split("data-back", 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]


def test_the_duty_officer_is_led_back_to_the_duty_list(client, place) -> None:
    report = _report(place)
    _login(client, place["duty"])
    assert _back(client.get(report.get_absolute_url()).content.decode()) == reverse("hazard_reports:duty")


def test_a_supervisor_is_led_back_to_a_page_they_may_open(client, place) -> None:
    report = _report(place)
    _login(client, staff(Role.SUPERVISOR, place["detachment"]))
    back = _back(client.get(report.get_absolute_url()).content.decode())
    assert back == reverse("feedback:review_queue")
    assert client.get(back).status_code == 200


def test_a_photo_on_the_staff_page_is_shown_not_downloaded(client, place) -> None:
    from feedback.hazard_reports.photos import process_photo

    report = _report(place, photos=[process_photo(jpeg_bytes((20, 20)))])
    _login(client, place["duty"])
    response = client.get(reverse("hazard_reports:photo_staff", args=[report.photos.get().pk]))
    assert response.status_code == 200
    assert "attachment" not in response.get("Content-Disposition", "")


def test_a_photo_on_the_tracking_page_is_shown_not_downloaded(client, place) -> None:
    from feedback.hazard_reports.photos import process_photo

    report = _report(place, photos=[process_photo(jpeg_bytes((20, 20)))])
    response = client.get(reverse("hazard_reports:photo_public", args=[report.tracking_code,
                                                                       report.photos.get().pk]))
    assert "attachment" not in response.get("Content-Disposition", "")
