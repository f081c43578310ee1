from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from enterprises.enums import SuggestionSource
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


def test_the_forum_page_records_attendees_by_credit_code(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    response = client.post(reverse("enterprises:forum_create"), {
        "unit": world["brigade"].pk, "held_on": TODAY.isoformat(), "place": "会议室", "topic": "座谈",
        "attendees": f"{world['enterprise'].uscc}, 孙立新, 总经理"})
    forum = Forum.objects.get()
    assert response["Location"] == reverse("enterprises:forum_detail", args=[forum.pk])
    assert forum.attendees.get().position == "总经理"


def test_a_bad_attendee_line_is_named_and_the_text_kept(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world["officer"])
    response = client.post(reverse("enterprises:forum_create"), {
        "unit": world["brigade"].pk, "held_on": TODAY.isoformat(), "place": "会议室", "topic": "座谈",
        "attendees": f"{world['enterprise'].uscc} 孙立新\n{world['other'].uscc} 马春生"})
    body = response.content.decode()
    assert "Line 2:" in body or "第 2 行：" in body  # English msgid, or its Chinese translation
    assert world["other"].uscc in body
    assert not Forum.objects.exists()


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
