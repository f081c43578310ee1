"""Enterprise registry and accounts: thin views over services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises.enums import AccountStatus
from enterprises.filters import EnterpriseFilter
from enterprises.forms.enterprises import AccountDecisionForm, EnterpriseForm, EnterpriseSignupForm
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprises as services
from firesvc.core.submissions import Submission


def _staff_only(request: HttpRequest) -> None:
    if not request.user.is_staff_member:
        raise PermissionDenied


@login_required
@permission_required("enterprises.view_enterprise", raise_exception=True)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    base = Enterprise.objects.visible_to(request.user).select_related("brigade", "grid")
    filterset = EnterpriseFilter(request.GET or None, queryset=base, user=request.user)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    page = Paginator(queryset.order_by("name", "pk"), 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "enterprises/enterprise_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(),
    })


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(request.user).select_related("brigade", "grid"), pk=pk
    )
    accounts = enterprise.accounts.select_related("user") if request.user.is_staff_member else []
    return render(request, "enterprises/enterprise_detail.html", {"enterprise": enterprise, "accounts": accounts})


@login_required
@permission_required("enterprises.add_enterprise", raise_exception=True)
def enterprise_create(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = Submission.of(request).record(lambda: services.enterprise_create(
                actor=request.user, **form.cleaned_data))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Enterprise registered."))
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(request, "enterprises/enterprise_form.html", {"form": form, "title": _("Register an enterprise")})


@login_required
@permission_required("enterprises.change_enterprise", raise_exception=True)
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), pk=pk)
    form = EnterpriseForm(request.POST or None, instance=enterprise, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(request, "enterprises/enterprise_form.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": enterprise.name}, "enterprise": enterprise,
    })


@login_required
def my_enterprise(request: HttpRequest) -> HttpResponse:
    account = EnterpriseAccount.objects.filter(user=request.user).select_related(
        "enterprise__brigade", "enterprise__grid").first()
    if account is None:
        raise PermissionDenied
    return render(request, "enterprises/my_enterprise.html", {"account": account, "enterprise": account.enterprise})


@login_required
@permission_required("enterprises.verify_enterpriseaccount", raise_exception=True)
def account_queue(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    status = request.GET.get("status", AccountStatus.PENDING)
    if status not in AccountStatus.values:
        status = AccountStatus.PENDING
    accounts = (EnterpriseAccount.objects.visible_to(request.user).filter(status=status)
                .select_related("user", "enterprise__brigade").order_by("created_at"))
    page = Paginator(accounts, 25).get_page(request.GET.get("page"))
    return render(request, "enterprises/account_queue.html", {
        "page": page, "status": status, "statuses": AccountStatus.choices, "form": AccountDecisionForm(),
    })


@login_required
@require_POST
@permission_required("enterprises.verify_enterpriseaccount", raise_exception=True)
def account_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    account = get_object_or_404(EnterpriseAccount.objects.visible_to(request.user), pk=pk)
    form = AccountDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is too long (300 characters at most)."))
        return redirect("enterprises:account_queue")
    try:
        if decision == "verify":
            services.enterprise_account_verify(actor=request.user, account=account)
            messages.success(request, _("%(user)s can now file for %(enterprise)s.") % {
                "user": account.user, "enterprise": account.enterprise})
        elif decision == "reject":
            services.enterprise_account_reject(actor=request.user, account=account, reason=form.cleaned_data["reason"])
            messages.success(request, _("Account rejected; the applicant sees your reason."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("enterprises:account_queue")


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = EnterpriseSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                account = Submission.of(request).record(lambda: services.enterprise_account_register(
                    username=data["username"], password=data["password1"], full_name=data["full_name"],
                    phone=data["phone"], email=data["email"], uscc=data["uscc"], position=data["position"],
                    enterprise_fields=form.enterprise_fields() if data.get("enterprise_name") else None,
                ))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, account.user, backend="firesvc.accounts.backends.PortalModelBackend")
            messages.success(request, _("Account created. Staff of %(brigade)s will verify it before you can file.") % {
                "brigade": account.enterprise.brigade})
            return redirect("enterprises:mine")
    return render(request, "enterprises/signup.html", {"form": form})
