"""Enterprise forums (E4) and who attended them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enterprises.models.enterprises import Enterprise
from firesvc.accounts.scoping import unit_scope_q


class ForumQuerySet(models.QuerySet["Forum"]):
    def visible_to(self, user: Any) -> ForumQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_staff_member:
            return self.none()
        q = unit_scope_q(user, "unit")
        return self if q is None else self.filter(q)


class Forum(models.Model):
    """A forum of enterprise representatives (企业代表座谈会) held by a unit."""

    unit = models.ForeignKey("accounts.OrgUnit", verbose_name=_("host unit"), on_delete=models.PROTECT,
                             related_name="forums")
    held_on = models.DateField(_("date"), db_index=True)
    place = models.CharField(_("place"), max_length=200)
    topic = models.CharField(pgettext_lazy("forum", "topic"), max_length=200)
    minutes = models.TextField(_("minutes"), blank=True)  # 会议纪要
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum")  # 企业代表座谈会
        verbose_name_plural = _("forums")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "-held_on"], name="forum_unit_date_idx")]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class ForumAttendee(models.Model):
    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="attendees")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="forum_attendance")
    representative = models.CharField(_("representative"), max_length=60)
    position = models.CharField(_("position"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("forum attendee")  # 参会企业代表
        verbose_name_plural = _("forum attendees")
        ordering = ["forum", "pk"]
        constraints = [models.UniqueConstraint(fields=["forum", "enterprise", "representative"],
                                               name="forum_attendee_uniq")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.representative}"
