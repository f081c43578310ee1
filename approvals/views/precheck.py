"""The public filing pre-check (A2): a short questionnaire and its result. No account needed.

GET shows the form; POST validates it and, when valid, records the notice and shows the result
(the outcome, the rule cited, the matching service guides); when not, the form comes back with
every answer kept and each error next to its field.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from approvals.forms.precheck import PrecheckForm
from approvals.models import Matter
from approvals.precheck import PLACE_RULES, OutcomeCode, WorkType, precheck_outcome
from approvals.services.precheck import precheck_record
from firesvc.core.submissions import Submission


@require_http_methods(["GET", "POST"])
def precheck(request: HttpRequest) -> HttpResponse:
    form = PrecheckForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "approvals/precheck/form.html", {"form": form},
                      status=400 if request.method == "POST" else 200)
    # A double click shows the notice of the first click (same answers, same outcome), not a second number.
    notice = Submission.of(request).record(lambda: precheck_record(
        answers=form.answers(), actor=request.user, brigade=form.cleaned_data["brigade"],
        enterprise_name=form.cleaned_data["enterprise_name"], contact=form.cleaned_data["contact"],
    )[0])
    outcome = precheck_outcome(form.answers())
    guides = {m.code: m for m in Matter.objects.filter(code__in=outcome.guides, is_active=True)}
    context: dict[str, Any] = {
        "notice": notice, "outcome": outcome, "outcome_label": OutcomeCode(outcome.code).label,
        "guides": [guides[code] for code in outcome.guides if code in guides],
        "work_type_label": WorkType(notice.answers["work_type"]).label,
        "place_label": PLACE_RULES[notice.answers["place"]].label, "answers": form.cleaned_data,
    }
    return render(request, "approvals/precheck/result.html", context)
