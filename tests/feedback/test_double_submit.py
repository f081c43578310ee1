"""A double click stores one record (issue 23 §2): citizens' questions and complaints, hotline complaints."""

from __future__ import annotations

from django.urls import reverse

from feedback.models import CitizenQuestion, Complaint
from tests.feedback.test_supervision_pages import setup  # noqa: F401 (fixture)
from tests.firesvc.submitting import post_twice


def test_a_question_sent_twice_is_one_question(client, tree) -> None:  # type: ignore[no-untyped-def]
    from firesvc.sla.services import load_rule_sets

    load_rule_sets()
    first, second = post_twice(client, reverse("feedback:ask"), {
        "community": tree["a"]["community"].pk, "question": "家里能放几个灭火器？", "asker_phone": "13800000000"})
    question = CitizenQuestion.objects.get()
    assert first["Location"] == second["Location"] == reverse("feedback:question", args=[question.token])


def test_an_online_complaint_sent_twice_is_one_complaint(client, setup) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    first, second = post_twice(client, reverse("feedback:complaint_online"), {
        "kind": "complaint", "unit": setup["brigade"].pk, "text": "窗口人员态度差", "website": ""})
    complaint = Complaint.objects.get(text="窗口人员态度差")
    assert first["Location"] == second["Location"] == complaint.public_path()


def test_a_hotline_complaint_entered_twice_is_one_complaint(client, setup) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    client.force_login(setup["supervisor"])
    post_twice(client, reverse("feedback:complaint_hotline"), {
        "kind": "complaint", "unit": setup["brigade"].pk, "text": "来电反映检查迟到",
        "officers": [setup["officer"].pk], "complainant_name": "李先生"})
    assert Complaint.objects.filter(text="来电反映检查迟到").count() == 1
