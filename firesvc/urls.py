from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from firesvc.core import views as core_views
from firesvc.core.admin_words import AdminJavaScriptCatalog
from firesvc.core.health import healthz
from firesvc.security import password_views as account_views
from firesvc.security.forms import PortalAuthenticationForm

urlpatterns = [
    path("", core_views.home, name="home"),
    path("favicon.ico", core_views.favicon),
    path("desk/<slug:role>/", core_views.desk, name="desk"),
    path("ping/", core_views.ping, name="ping"),
    path("search/", core_views.search, name="search"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(
        redirect_authenticated_user=True, authentication_form=PortalAuthenticationForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.PortalPasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/reset/", account_views.password_reset_request, name="password_reset"),
    path("accounts/password/reset/code/", account_views.password_reset_code, name="password_reset_code"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("display/elder/", core_views.elder_mode, name="elder_mode"),
    path("enterprises/", include("enterprises.urls")),
    path("approvals/", include("approvals.urls")),
    path("feedback/", include("feedback.urls")),
    path("reports/", include("feedback.hazard_reports.urls")),
    path("open311/v2/", include("feedback.hazard_reports.urls_open311")),
    path("safety/", include("enterprises.safety.urls")),
    path("api/v1/", include("approvals.urls.api")),
    path("audit/", include("firesvc.audit.urls")),
    path("calendar/", include("firesvc.workcalendar.urls")),
    path("inbox/", include("firesvc.notifications.urls")),
    path("sla/", include("firesvc.sla.urls")),
    path("stats/", include("firesvc.stats.urls")),
    path("reviews/", include("firesvc.reviews.urls")),
    path("security/", include("firesvc.security.urls")),
    # JSON unless YAML is asked for (?format=yaml): like every answer under /api/.
    path("api/schema/", SpectacularAPIView.as_view(renderer_classes=[
        OpenApiJsonRenderer, OpenApiJsonRenderer2, OpenApiYamlRenderer, OpenApiYamlRenderer2]), name="api-schema"),
    # The split view serves Swagger UI's start-up code as a separate script: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Ahead of the admin's own: its JavaScript catalogue with the Chinese its pickers lack (``admin_words``);
    # the templates' {% url 'admin:jsi18n' %} is this address.
    path("admin/jsi18n/", admin.site.admin_view(AdminJavaScriptCatalog.as_view(), cacheable=True)),
    path("admin/", admin.site.urls),
]

handler400 = "firesvc.core.views.error_400"
handler403 = "firesvc.core.views.error_403"
handler404 = "firesvc.core.views.error_404"
handler500 = "firesvc.core.views.error_500"

admin.site.site_header = "消防审批与企业服务门户 · 管理"
admin.site.site_title = _("firesvc")  # the product's name in the user's language, as the portal's pages
