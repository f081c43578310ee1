"""Visits (E3), forums (E4), suggestions (E5) and the enterprise timeline, included at /enterprises/."""

from django.urls import path

from enterprises.views import forums, suggestions, visits

urlpatterns = [
    path("visits/", visits.visit_list, name="visits"),
    path("visits/overdue/", visits.visit_overdue, name="visits_overdue"),
    path("visits/<id:pk>/", visits.visit_detail, name="visit_detail"),
    path("visits/<id:pk>/cancel/", visits.visit_cancel, name="visit_cancel"),
    path("<id:pk>/visits/new/", visits.visit_record, name="visit_record"),
    path("<id:pk>/visits/plan/", visits.visit_plan, name="visit_plan"),
    path("<id:pk>/timeline/", visits.timeline, name="timeline"),
    path("forums/", forums.forum_list, name="forums"),
    path("forums/new/", forums.forum_create, name="forum_create"),
    path("forums/<id:pk>/", forums.forum_detail, name="forum_detail"),
    path("suggestions/", suggestions.suggestion_list, name="suggestions"),
    path("suggestions/new/", suggestions.suggestion_create, name="suggestion_create"),
    path("suggestions/<id:pk>/", suggestions.suggestion_detail, name="suggestion_detail"),
    path("suggestions/<id:pk>/<slug:action>/", suggestions.suggestion_act, name="suggestion_act"),
    path("suggestions/mine/", suggestions.suggestion_mine_list, name="suggestions_mine"),
    path("suggestions/mine/<id:pk>/", suggestions.suggestion_mine, name="suggestion_mine"),
]
