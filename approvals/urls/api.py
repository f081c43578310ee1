"""REST API of filings (C9), mounted at /api/v1/ (namespace ``api``)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from approvals.api import ApplicationViewSet, MatterViewSet, TokenObtainView

app_name = "api"

router = SimpleRouter()
router.register("matters", MatterViewSet, basename="matter")
router.register("applications", ApplicationViewSet, basename="application")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="token"),
    *router.urls,
]
