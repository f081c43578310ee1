from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.enums import SuggestionSource
from enterprises.forms.forums import ADD_ROW, ForumForm
from enterprises.forms.pickers import EnterpriseChoiceField
from enterprises.models import Forum, ForumAttendee, Suggestion
from enterprises.services.forums import Attendee, forum_add_suggestion, forum_create
from firesvc.audit.models import AuditEvent
from tests.enterprises.visit_world import world_fixture  # noqa: F401
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _forum(world, **kwargs: object) -> Forum:  # type: ignore[no-untyped-def]
    fields = {"unit": world["brigade"], "held_on": TODAY, "place": "大队会议室", "topic": "优化营商环境座谈会",
              "attendees": [Attendee(world["enterprise"], "孙立新", "总经理")]}
    fields.update(kwargs)
    return forum_create(actor=world["officer"], **fields)  # type: ignore[arg-type]


def test_a_forum_is_recorded_with_its_attendees(world) -> None:  # type: ignore[no-untyped-def]
    forum = _forum(world)
    assert list(ForumAttendee.objects.filter(forum=forum).values_list("enterprise", "representative")) == [
        (world["enterprise"].pk, "孙立新")]
    assert AuditEvent.objects.filter(action="forum.held", object_id=str(forum.pk)).exists()


def test_a_forum_cannot_be_recorded_before_it_is_held(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        _forum(world, held_on=TODAY + datetime.timedelta(days=1))


def test_a_forum_needs_an_attending_enterprise(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        _forum(world, attendees=[])


def test_enterprises_of_another_unit_cannot_be_listed(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        _forum(world, attendees=[Attendee(world["other"], "马春生")])


def test_a_forum_of_another_unit_cannot_be_recorded(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _forum(world, unit=world["tree"]["b"]["brigade"])


def test_a_suggestion_raised_at_the_forum_has_source_forum(world) -> None:  # type: ignore[no-untyped-def]
    forum = _forum(world)
    s = forum_add_suggestion(actor=world["officer"], forum=forum, content="希望缩短验收时限",
                             enterprise=world["enterprise"])
    assert (s.source, s.forum, s.unit, s.submitter_name) == (SuggestionSource.FORUM, forum, world["brigade"], "孙立新")


def test_a_suggestion_from_an_absent_enterprise_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    forum = _forum(world)
    with pytest.raises(ValidationError):
        forum_add_suggestion(actor=world["officer"], forum=forum, content="建议",
                             enterprise=EnterpriseFactory(brigade=world["brigade"]))


def _forum_post(world, rows: list[dict[str, object]], **fields: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The forum form as the browser sends it: the forum's fields and the attendee rows of the formset."""
    data: dict[str, object] = {"unit": world["brigade"].pk, "held_on": TODAY.isoformat(), "place": "大队会议室",
                               "topic": "优化营商环境座谈会", "attendees-TOTAL_FORMS": len(rows),
                               "attendees-INITIAL_FORMS": 0}
    for index, row in enumerate(rows):
        data.update({f"attendees-{index}-{name}": value for name, value in row.items()})
    data.update(fields)
    return data


def _row(enterprise: object = "", representative: str = "", position: str = "") -> dict[str, object]:
    return {"enterprise": getattr(enterprise, "pk", enterprise), "representative": representative,
            "position": position}


def _form(world, rows: list[dict[str, object]], **fields: object) -> ForumForm:  # type: ignore[no-untyped-def]
    return ForumForm(_forum_post(world, rows, **fields), user=world["officer"])


def test_the_forum_form_gives_the_service_its_attendees(world) -> None:  # type: ignore[no-untyped-def]
    colleague = EnterpriseFactory(brigade=world["brigade"], name="盛京大酒店")
    form = _form(world, [_row(world["enterprise"], "孙立新", "总经理"), _row(), _row(colleague, "周红")])
    assert form.is_valid(), (form.errors, form.attendee_rows.errors)
    assert form.cleaned_data["attendees"] == [Attendee(world["enterprise"], "孙立新", "总经理"),
                                              Attendee(colleague, "周红", "")]


def test_the_forum_form_skips_empty_rows_but_needs_one_attendee(world) -> None:  # type: ignore[no-untyped-def]
    form = _form(world, [_row(), _row()])
    assert not form.is_valid()
    assert form.attendee_rows.forms[0].errors["enterprise"] == [_("List at least one attending enterprise.")]


def test_a_begun_attendee_row_says_what_it_lacks_at_its_fields(world) -> None:  # type: ignore[no-untyped-def]
    form = _form(world, [_row(world["enterprise"], "孙立新"), _row(representative="周红"), _row(world["enterprise"])])
    assert not form.is_valid()
    assert [dict(row.errors) for row in form.attendee_rows.forms] == [
        {}, {"enterprise": [_("Pick the enterprise this representative came for.")]},
        {"representative": [_("Give the representative's name.")]}]


def test_the_forum_form_refuses_an_enterprise_outside_the_users_scope(world) -> None:  # type: ignore[no-untyped-def]
    form = _form(world, [_row(world["other"], "马春生")])
    assert not form.is_valid()
    assert form.attendee_rows.forms[0].errors["enterprise"] == [
        str(EnterpriseChoiceField.default_error_messages["invalid_choice"])]


def test_the_forum_page_records_the_attendee_rows(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    response = client.post(reverse("enterprises:forum_create"), _forum_post(world, [
        _row(world["enterprise"], "孙立新", "总经理"), _row(), _row()]))
    forum = Forum.objects.get()
    assert response["Location"] == reverse("enterprises:forum_detail", args=[forum.pk])
    assert list(forum.attendees.values_list("enterprise", "representative", "position")) == [
        (world["enterprise"].pk, "孙立新", "总经理")]


def test_a_bad_attendee_row_is_marked_and_everything_typed_kept(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    response = client.post(reverse("enterprises:forum_create"), _forum_post(world, [
        _row(world["enterprise"], "孙立新", "总经理"), _row(world["other"], "马春生", "经理")],
        minutes="会上企业反映审批时限偏长"))
    body = response.content.decode()
    assert response.status_code == 200 and not Forum.objects.exists()
    assert re.search(r'<select name="attendees-1-enterprise"[^>]*aria-invalid="true"', body)
    assert re.search(rf'<option value="{world["enterprise"].pk}" selected>沈阳盛京商贸有限公司', body)
    for typed in ("孙立新", "总经理", "马春生", "经理", "大队会议室", "优化营商环境座谈会", "会上企业反映审批时限偏长"):
        assert typed in body
    assert world["other"].name not in body  # an enterprise of another unit is not shown back


def test_add_a_row_without_script_shows_one_more_row_and_no_error(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    response = client.post(reverse("enterprises:forum_create"), _forum_post(world, [
        _row(world["enterprise"], "孙立新"), _row(representative="周红")], place="", add_row="1"))
    body = response.content.decode()
    assert not Forum.objects.exists()
    assert 'name="attendees-TOTAL_FORMS" value="3"' in body
    assert 'name="attendees-2-enterprise"' in body and 'name="attendees-3-enterprise"' not in body
    assert re.search(rf'<option value="{world["enterprise"].pk}" selected>', body)
    assert "孙立新" in body and "周红" in body
    assert 'aria-invalid="true"' not in body


class _SubmitButtons(HTMLParser):
    """The submit buttons of each form of a page, in document order: the first of a form is its default button,
    the one the browser presses when Enter is pressed in a field."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[dict[str, str]]] = []
        self.in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.in_form = True
            self.forms.append([])
        elif self.in_form and tag == "button" and values.get("type", "submit").lower() == "submit":
            self.forms[-1].append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False


def _forum_form_buttons(client) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """The submit buttons of the forum form (the form with "add a row") on the page recording a forum."""
    parser = _SubmitButtons()
    parser.feed(client.get(reverse("enterprises:forum_create")).content.decode())
    return next(buttons for buttons in parser.forms if any(b.get("name") == ADD_ROW for b in buttons))


def test_the_forum_forms_first_submit_button_saves(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    default = _forum_form_buttons(client)[0]
    assert (default.get("name"), default.get("value")) == ("save", "1")


def test_the_forum_forms_default_button_is_neither_seen_announced_nor_tabbed_to(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    default, *others = _forum_form_buttons(client)
    assert "visually-hidden" in default["class"].split()
    assert (default.get("aria-hidden"), default.get("tabindex")) == ("true", "-1")
    assert [b.get("name") for b in others] == [ADD_ROW, "save"]  # the buttons a person sees, as before


def test_the_forum_is_saved_when_enter_is_pressed_in_a_field(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    # what the browser sends on Enter: the fields and the form's default button
    response = client.post(reverse("enterprises:forum_create"), _forum_post(world, [
        _row(world["enterprise"], "孙立新", "总经理"), _row(), _row()], save="1"))
    forum = Forum.objects.get()
    assert response["Location"] == reverse("enterprises:forum_detail", args=[forum.pk])
    assert list(forum.attendees.values_list("enterprise", "representative", "position")) == [
        (world["enterprise"].pk, "孙立新", "总经理")]


def test_a_suggestion_is_added_on_the_forum_page(client, world) -> None:  # type: ignore[no-untyped-def]
    forum = _forum(world)
    client.force_login(world["officer"])
    client.post(reverse("enterprises:forum_detail", args=[forum.pk]), {
        "form": "suggestion", "enterprise": world["enterprise"].pk, "content": "希望定期开展培训"})
    assert Suggestion.objects.get().forum == forum


def test_a_forum_of_another_unit_is_not_found(client, world) -> None:  # type: ignore[no-untyped-def]
    forum = _forum(world)
    client.force_login(world["other_officer"])
    assert client.get(reverse("enterprises:forum_detail", args=[forum.pk])).status_code == 404
