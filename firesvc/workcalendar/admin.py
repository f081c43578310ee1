"""Django admin for calendar entries; every save and delete goes through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firesvc.workcalendar import services
from firesvc.workcalendar.enums import DayKind, DaySource
from firesvc.workcalendar.models import CalendarDay, CalendarYear
from firesvc.workcalendar.notice import Notice, NoticeError, notice_text_to_lines, parse_notice

NOTICE_FILE_MAX_BYTES = 200_000


def _adopt(obj: Any, saved: Any) -> None:
    """Make the admin's instance the saved one (the admin reads its pk for messages and redirects)."""
    obj.__dict__.update({k: v for k, v in saved.__dict__.items() if k != "_state"})
    obj._state.adding = False


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ("date", "kind", "name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day = data.get("date") or (self.instance.date if self.instance.pk else None)
        if day and data.get("kind") and data.get("name") is not None:
            services.validate_day(day=day, kind=data["kind"], name=data["name"].strip())
        return data


class CalendarYearForm(forms.ModelForm):
    class Meta:
        model = CalendarYear
        fields = ("year", "complete", "source")

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        services.validate_year(year)
        return year


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ("date", "kind", "name", "source", "updated_by", "updated_at")
    list_filter = ("kind", "source")
    search_fields = ("name",)
    date_hierarchy = "date"
    fields = ("date", "kind", "name", "source", "created_by", "created_at", "updated_by", "updated_at")
    readonly_fields = ("source", "created_by", "created_at", "updated_by", "updated_at")

    def get_readonly_fields(self, request: HttpRequest, obj: CalendarDay | None = None) -> tuple[str, ...]:
        # A day is identified by its date: to move an entry, delete it and add another.
        return (*self.readonly_fields, "date") if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: ModelForm, change: bool) -> None:
        saved = services.calendar_day_set(actor=request.user, day=obj.date, kind=obj.kind, name=obj.name,
                                          source=DaySource.ADMIN)
        _adopt(obj, saved)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        services.calendar_day_remove(actor=request.user, day=obj.date)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        for day in list(queryset.values_list("date", flat=True)):
            services.calendar_day_remove(actor=request.user, day=day)


class HolidayNoticeForm(forms.Form):
    """A year's State Council notice, pasted or uploaded: its published text, or the file format of
    ``manage.py load_holidays`` (both read by the command's parser)."""

    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=services.MIN_YEAR, max_value=services.MAX_YEAR)
    text = forms.CharField(
        label=gettext_lazy("Text of the notice"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy("Paste the State Council's notice as published (一、元旦：1月1日放假…), or one entry a "
                               "line: 2027-01-01 holiday 元旦."))
    file = forms.FileField(label=gettext_lazy("or a text file"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > NOTICE_FILE_MAX_BYTES:
                raise ValidationError(_("The file is too large for a holiday notice."))
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ValidationError(_("The file is not UTF-8 text.")) from exc
        if not (data.get("text") or "").strip():
            raise ValidationError(_("Paste the notice's text or choose its file."))
        if "year" in data:
            try:
                data["notice"] = parse_notice(notice_text_to_lines(data["text"], year=data["year"]), year=data["year"])
            except NoticeError as exc:
                raise ValidationError([str(p) for p in exc.problems]) from exc
        return data


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearForm
    change_list_template = "admin/workcalendar/calendaryear/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        load = path("load/", self.admin_site.admin_view(self.load_notice_view), name="workcalendar_calendaryear_load")
        return [load, *super().get_urls()]

    def load_notice_view(self, request: HttpRequest) -> HttpResponse:
        """Paste or upload a year's notice, see the days it gives, confirm: ``services.calendar_year_load``."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        notice: Notice | None = None
        if request.method == "POST":
            form = HolidayNoticeForm(request.POST, request.FILES)
            if form.is_valid():
                notice = form.cleaned_data["notice"]
                if "confirm" in request.POST:
                    try:
                        services.calendar_year_load(year=notice.year, entries=notice.entries, actor=request.user,
                                                    source=notice.title or _("entered in the admin"),
                                                    day_source=DaySource.ADMIN)
                    except ValidationError as exc:
                        form.add_error(None, exc)
                    else:
                        self.message_user(request, _("The holidays of %(year)d are loaded.") % {"year": notice.year},
                                          messages.SUCCESS)
                        return redirect("admin:workcalendar_calendaryear_changelist")
                # The confirmation posts the text itself again, so what is saved is what was previewed.
                form = HolidayNoticeForm(initial={"year": notice.year, "text": form.cleaned_data["text"]})
        else:
            form = HolidayNoticeForm(initial={"year": timezone.localdate().year + 1})
        entries = notice.entries if notice else []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Load a year's holidays"),
            "form": form,
            "notice": notice,
            "holidays": [e for e in entries if e.kind == DayKind.HOLIDAY],
            "makeup_days": [e for e in entries if e.kind == DayKind.WORKDAY],
            "replaced": list(CalendarDay.objects.filter(date__year=notice.year).order_by("date")) if notice else [],
        }
        return TemplateResponse(request, "admin/workcalendar/calendaryear/load.html", context)
    list_display = ("year", "complete", "source", "loaded_at", "loaded_by")
    list_filter = ("complete",)
    fields = ("year", "complete", "source", "loaded_at", "loaded_by")
    readonly_fields = ("loaded_at", "loaded_by")

    def get_readonly_fields(self, request: HttpRequest, obj: CalendarYear | None = None) -> tuple[str, ...]:
        return (*self.readonly_fields, "year") if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: ModelForm, change: bool) -> None:
        saved = services.calendar_year_set(actor=request.user, year=obj.year, complete=obj.complete,
                                           source=obj.source)
        _adopt(obj, saved)

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        services.calendar_year_remove(actor=request.user, year=obj.year)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for year in list(queryset.values_list("year", flat=True)):
            services.calendar_year_remove(actor=request.user, year=year)
