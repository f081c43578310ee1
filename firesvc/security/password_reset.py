"""Getting back in (issue 23 §6): reset by a one-time code, an administrator's reset, forced change.

* An enterprise user asks for a code by username, mobile number or e-mail and a channel (SMS or
  e-mail); the code goes through the notification outbox to the mobile number or e-mail address on
  the account. The answer is the same whether or not an account matched (no account enumeration).
* Codes are rate-limited per account (silently: the answer must not tell) and requests per client
  address (openly: that tells nothing about accounts).
* Staff accounts get no code: an administrator resets them (``password_reset_by_administrator``)
  and the user must choose a new password at the next sign-in.
"""

from __future__ import annotations

import secrets
import string
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from firesvc.accounts.models import PasswordResetCode, User
from firesvc.audit.services import audit_record
from firesvc.notifications.enums import Channel
from firesvc.notifications.services import notify_address

CODE_DIGITS = 6
MAX_FAILED_ATTEMPTS = 5
CHANNELS = (Channel.SMS, Channel.EMAIL)


def _code_minutes() -> int:
    return int(getattr(settings, "PASSWORD_RESET_CODE_MINUTES", 15))


def _hash(user: User, code: str) -> str:
    return salted_hmac("firesvc.security.password_reset", f"{user.pk}:{code}").hexdigest()


def _within_limit(key: str, *, limit: int, seconds: int) -> bool:
    """Count one more event under ``key`` in the shared cache; False once ``limit`` is passed."""
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count <= limit


def address_may_request(*, client_address: str) -> bool:
    """Whether this client address may ask for another code now (``PASSWORD_RESET_PER_ADDRESS_PER_HOUR``)."""
    limit = int(getattr(settings, "PASSWORD_RESET_PER_ADDRESS_PER_HOUR", 10))
    return _within_limit(f"password-reset:address:{client_address}", limit=limit, seconds=3600)


def _user_for(identifier: str) -> User | None:
    """The one active, non-staff user with this username, mobile number or e-mail (None if none or several)."""
    identifier = identifier.strip()
    if not identifier or "\x00" in identifier:
        return None
    rows = list(User.objects.filter(Q(username=identifier) | Q(phone=identifier) | Q(email__iexact=identifier),
                                    is_active=True)[:2])
    if len(rows) != 1 or rows[0].is_staff_member or rows[0].is_staff:
        return None  # staff are reset by an administrator
    return rows[0]


def password_reset_code_send(*, identifier: str, channel: str) -> None:
    """Send a new code to the account's mobile phone or e-mail, if there is such an account.

    Side effects (only when one enterprise user matches, has an address for ``channel`` and has asked
    fewer than ``PASSWORD_RESET_CODES_PER_HOUR`` times this hour): ends the user's earlier codes,
    stores the new code's hash, queues the text message or e-mail in the outbox, writes the
    ``account.password_reset_code`` audit event. Returns nothing either way, so that the caller
    cannot tell whether an account exists.
    """
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}")
    user = _user_for(identifier)
    if user is None:
        return
    address = user.phone if channel == Channel.SMS else user.email
    if not address:
        return
    limit = int(getattr(settings, "PASSWORD_RESET_CODES_PER_HOUR", 3))
    if not _within_limit(f"password-reset:user:{user.pk}", limit=limit, seconds=3600):
        return
    code = "".join(secrets.choice(string.digits) for _ in range(CODE_DIGITS))
    now = timezone.now()
    minutes = _code_minutes()
    with transaction.atomic():
        PasswordResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        row = PasswordResetCode.objects.create(user=user, code_hash=_hash(user, code), channel=channel,
                                               created_at=now, expires_at=now + timedelta(minutes=minutes))
        text = _("Your verification code for resetting the password of the fire service portal is %(code)s. "
                 "It is valid for %(minutes)d minutes. If you did not ask for it, ignore this message; "
                 "never tell the code to anyone.") % {"code": code, "minutes": minutes}
        notify_address(channel=channel, address=address, kind="password_reset",
                       title=_("Password reset code"), body=text, dedupe_key=f"password-reset:{row.pk}")
        audit_record(actor=None, obj=user, action="account.password_reset_code", data={"channel": channel})


def password_reset_with_code(*, identifier: str, code: str, new_password: str) -> bool:
    """Set ``new_password`` if ``code`` is the account's latest, unexpired, unused code.

    Side effects on success: the password is set, every code of the user ends, a forced change is
    lifted, the ``account.password_reset`` audit event is written. A wrong code counts against the
    code (``MAX_FAILED_ATTEMPTS`` ends it). Returns False for a wrong or expired code and for an
    unknown account alike. Raises ``ValidationError`` if the password fails the password rules.
    """
    user = _user_for(identifier)
    if user is None:
        return False
    validate_password(new_password, user)
    now = timezone.now()
    with transaction.atomic():
        row = (PasswordResetCode.objects.select_for_update()
               .filter(user=user, used_at__isnull=True, expires_at__gt=now,
                       failed_attempts__lt=MAX_FAILED_ATTEMPTS)
               .order_by("-created_at").first())
        if row is None:
            return False
        if not constant_time_compare(row.code_hash, _hash(user, code.strip())):
            PasswordResetCode.objects.filter(pk=row.pk).update(failed_attempts=F("failed_attempts") + 1)
            return False
        PasswordResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_record(actor=user, obj=user, action="account.password_reset", data={"channel": row.channel})
    return True


def password_reset_by_administrator(*, administrator: User, user: User) -> str:
    """An administrator resets ``user``'s password; the user must choose a new one at the next sign-in.

    Returns the temporary password, to be handed to the user in person or by telephone (it is not
    stored anywhere readable). Side effects: the password is set, ``must_change_password`` is set, the
    user's reset codes end, the ``account.password_reset_by_administrator`` audit event is written.
    """
    alphabet = string.ascii_letters + string.digits
    temporary = "".join(secrets.choice(alphabet) for _ in range(12))
    with transaction.atomic():
        user.set_password(temporary)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        PasswordResetCode.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
        audit_record(actor=administrator, obj=user, action="account.password_reset_by_administrator")
    return temporary


def password_changed(*, user: User) -> None:
    """The user chose a new password themselves: lift a forced change."""
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
