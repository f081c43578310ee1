"""Visits (E3), forums (E4), suggestions (E5) and the enterprise timeline, included at /enterprises/."""

from django.urls import path

from enterprises import views_forums, views_suggestions, views_visits

urlpatterns = [
    path("visits/", views_visits.visit_list, name="visits"),
    path("visits/overdue/", views_visits.visit_overdue, name="visits_overdue"),
    path("visits/<int:pk>/", views_visits.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/cancel/", views_visits.visit_cancel, name="visit_cancel"),
    path("<int:pk>/visits/new/", views_visits.visit_record, name="visit_record"),
    path("<int:pk>/visits/plan/", views_visits.visit_plan, name="visit_plan"),
    path("<int:pk>/timeline/", views_visits.timeline, name="timeline"),
    path("forums/", views_forums.forum_list, name="forums"),
    path("forums/new/", views_forums.forum_create, name="forum_create"),
    path("forums/<int:pk>/", views_forums.forum_detail, name="forum_detail"),
    path("suggestions/", views_suggestions.suggestion_list, name="suggestions"),
    path("suggestions/new/", views_suggestions.suggestion_create, name="suggestion_create"),
    path("suggestions/<int:pk>/", views_suggestions.suggestion_detail, name="suggestion_detail"),
    path("suggestions/<int:pk>/<slug:action>/", views_suggestions.suggestion_act, name="suggestion_act"),
    path("suggestions/mine/", views_suggestions.suggestion_mine_list, name="suggestions_mine"),
    path("suggestions/mine/<int:pk>/", views_suggestions.suggestion_mine, name="suggestion_mine"),
]
