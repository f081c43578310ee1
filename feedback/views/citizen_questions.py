"""Citizen questions (群众咨询) and the FAQ: residents ask without an account; staff answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feedback.forms.citizen_questions import AnswerForm, AskForm
from feedback.models import CitizenQuestion
from feedback.selectors.citizen_questions import faq_entries, open_questions_for, question_rating
from feedback.services.citizen_questions import question_answer, question_ask
from feedback.views.base import page_query, staff_member_only
from firesvc.core.submissions import Submission
from firesvc.documents import absolute_url
from firesvc.sla.models import Clock
from firesvc.sla.selectors import clock_view


def ask(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None)
    if request.method == "POST":
        if form.is_bot:  # silently accepted, nothing stored
            messages.success(request, _("Thank you, your question has been received."))
            return redirect("feedback:ask")
        if form.is_valid():
            data = form.cleaned_data
            try:
                question = Submission.of(request).record(lambda: question_ask(
                    question=data["question"], community=data["community"], point=data["point"],
                    asker_name=data["asker_name"], asker_phone=data["asker_phone"]))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                path = reverse("feedback:question", args=[question.token])
                messages.success(request, _("Your question has been received. Note down the address of this page "
                                            "%(url)s: with it you can follow the question at any time.")
                                 % {"url": absolute_url(path)})
                return redirect(path)
    return render(request, "feedback/ask.html", {"form": form})


def question(request: HttpRequest, token: str) -> HttpResponse:
    row = get_object_or_404(CitizenQuestion.objects.select_related("community", "point"), token=token)
    return render(request, "feedback/question_detail.html", {"question": row, **question_rating(row)})


def _questions_page(request: HttpRequest, *, bound: dict[int, AnswerForm] | None = None,
                    status: int = 200) -> HttpResponse:
    rows = list(open_questions_for(request.user)[:100])
    clocks = {c.owner_id: c for c in Clock.objects.open().filter(
        owner_type__app_label="feedback", owner_type__model="citizenquestion",
        owner_id__in=[r.pk for r in rows]).select_related("rule")}
    now = timezone.now()
    items = []
    for row in rows:
        clock = clocks.get(row.pk)
        form = (bound or {}).get(row.pk) or AnswerForm(prefix=f"q{row.pk}")
        items.append({"question": row, "clock": clock_view(clock, now=now) if clock else None, "form": form})
    return render(request, "feedback/question_list.html", {"items": items}, status=status)


@login_required
def questions(request: HttpRequest) -> HttpResponse:
    staff_member_only(request)
    return _questions_page(request)


@login_required
@require_POST
def question_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    staff_member_only(request)
    row = get_object_or_404(CitizenQuestion.objects.visible_to(request.user), pk=pk)
    form = AnswerForm(request.POST, prefix=f"q{row.pk}")
    if form.is_valid():
        try:
            question_answer(question=row, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Answer sent."))
            return redirect("feedback:questions")
    return _questions_page(request, bound={row.pk: form}, status=400)


def faq(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:100]
    page = Paginator(faq_entries(search=search), 20).get_page(request.GET.get("page"))
    return render(request, "feedback/faq.html", {"page": page, "search": search, "query": page_query(request)})

