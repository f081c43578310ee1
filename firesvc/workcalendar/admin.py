"""Django admin for calendar entries; every save and delete goes through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from firesvc.workcalendar import services
from firesvc.workcalendar.enums import DaySource
from firesvc.workcalendar.models import CalendarDay, CalendarYear


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


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearForm
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
