from django.urls import include, path

from enterprises.views import enterprises as views
from enterprises.views import pickers

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("choices/", pickers.enterprise_choices, name="choices"),  # the pickers' search (issue 22)
    path("<id:pk>/", views.enterprise_detail, name="detail"),
    path("<id:pk>/edit/", views.enterprise_edit, name="edit"),
    path("mine/", views.my_enterprise, name="mine"),
    path("accounts/", views.account_queue, name="account_queue"),
    path("accounts/<id:pk>/<slug:decision>/", views.account_decide, name="account_decide"),
    path("signup/", views.signup, name="signup"),
    path("measures/", include("enterprises.urls.measures")),  # published service measures (E9)
    path("", include("enterprises.urls.visits")),  # visits, forums, suggestions, timeline (E3–E5)
]
