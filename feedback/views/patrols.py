"""Patrol teams (巡查队伍): staff lists them in their scope, with members, equipment and grids."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from feedback.forms.patrols import TeamFilterForm
from feedback.selectors.patrols import patrol_teams_for
from feedback.views.base import page_query, staff_member_only


@login_required
def patrol_teams(request: HttpRequest) -> HttpResponse:
    staff_member_only(request)
    form = TeamFilterForm(request.GET or None, user=request.user)
    kind, unit = "", None
    if form.is_bound and form.is_valid():
        kind, unit = form.cleaned_data["kind"], form.cleaned_data["unit"]
    teams = patrol_teams_for(request.user, kind=kind, unit=unit)
    page = Paginator(teams, 50).get_page(request.GET.get("page"))
    return render(request, "feedback/patrol_team_list.html", {"form": form, "page": page, "query": page_query(request)})


@login_required
def patrol_team(request: HttpRequest, pk: int) -> HttpResponse:
    staff_member_only(request)
    team = get_object_or_404(patrol_teams_for(request.user), pk=pk)
    return render(request, "feedback/patrol_team_detail.html", {
        "team": team, "members": team.members.all(), "equipment": team.equipment.all(),
        "grids": team.grids.order_by("path"),
    })

