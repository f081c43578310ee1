"""Security events: an append-only log of sign-ins, failures, sign-outs, denied access, lockouts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Signed in")  # 登录
    LOGIN_FAILED = "login_failed", _("Sign-in failed")  # 登录失败
    LOGOUT = "logout", _("Signed out")  # 退出
    ACCESS_DENIED = "access_denied", _("Access denied")  # 拒绝访问
    LOCKOUT = "lockout", _("Locked out")  # 账户锁定


# The events whose username is what someone typed at the sign-in form, not (yet) an account's.
TYPED_NAME_KINDS = (SecurityEventKind.LOGIN_FAILED, SecurityEventKind.LOCKOUT)


class AppendOnlyError(Exception):
    """Security events are never changed or deleted through the application."""


class SecurityEventQuerySet(models.QuerySet["SecurityEvent"]):
    def visible_to(self, user: Any) -> SecurityEventQuerySet:
        """Administrators see every event; supervisors those of users in their unit scope."""
        from firesvc.accounts.roles import Role
        from firesvc.accounts.scoping import unit_scope_q

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if not (user.is_administrator or user.has_role(Role.SUPERVISOR)):
            return self.none()
        q = unit_scope_q(user, "unit")
        return self if q is None else self.filter(q)

    def update(self, **kwargs: Any) -> int:
        # Only what deleting a user or a unit does (SET_NULL) is allowed; the username stays.
        if set(kwargs) <= {"user", "unit"} and all(value is None for value in kwargs.values()):
            return super().update(**kwargs)
        raise AppendOnlyError("security events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("security events are append-only")


class SecurityEvent(models.Model):
    """安全事件. Who (or which username was tried), from where, what happened, when."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)  # 时间
    kind = models.CharField(_("event"), max_length=20, choices=SecurityEventKind.choices, db_index=True)  # 事件
    user = models.ForeignKey(  # 用户 (when known)
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)  # 用户名 (as typed)
    # The user's unit at the time, so that supervisors see the events of their subtree.
    unit = models.ForeignKey(  # 单位
        "accounts.OrgUnit", verbose_name=_("unit"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)  # IP 地址
    method = models.CharField(_("method"), max_length=10, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)  # 路径
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)  # 浏览器
    request_id = models.CharField(_("request id"), max_length=64, blank=True)  # 请求编号
    detail = models.JSONField(_("detail"), default=dict, blank=True)  # 详情

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")  # 安全事件
        verbose_name_plural = _("security events")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.kind} {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("security events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("security events are append-only")

    # Set by ``name_typed_accounts`` on events recorded before failed sign-ins were tied to their account.
    typed_account: Any = None

    @property
    def who(self) -> str:
        """Who, as screens name people: the account's name, never its login name. A failed sign-in or a
        lockout with a login name no account has shows what was typed, labelled as such; an event of an
        account deleted since, its login name labelled so (there is no one else to name)."""
        account = self.user if self.user is not None else self.typed_account
        if account is not None:
            return account.display_name
        if not self.username:
            return ""
        if self.kind in TYPED_NAME_KINDS:
            return _("Unknown account: %(username)s") % {"username": self.username}
        return _("Deleted account: %(username)s") % {"username": self.username}


