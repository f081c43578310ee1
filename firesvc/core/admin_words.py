"""Words of Django's admin and of django-axes that their own catalogues do not give in Chinese.

Django 5's app list names its columns for screen readers ("Model name"...) and django-axes has no Chinese
catalogue, so the administrator's pages read in English there. The msgids are listed here, exactly as in
their sources, so that ``makemessages`` keeps them in the project's catalogue, which Django reads before
its own (``LOCALE_PATHS``), as ``django_words`` does for the form messages.

The admin's scripts read their words from its JavaScript catalogue (``djangojs``), where Django 5.2's
Chinese lacks the newer words of the many-to-many pickers ("Choose all %s"...): ``AdminJavaScriptCatalog``
serves that catalogue with those words added from the project's own (``django``) catalogue.
"""

from typing import Any

from django.utils.translation import gettext, gettext_noop
from django.views.i18n import JavaScriptCatalog

# django/contrib/admin/templates/admin/app_list.html (Django 5.2)
ADMIN_APP_LIST = (gettext_noop("Model name"), gettext_noop("Add link"), gettext_noop("Change or view list link"))

# django/contrib/admin/templates/admin/auth/user/add_form.html (Django 5.2), with its curly apostrophes
ADMIN_USER_ADD = (gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),)

# axes/models.py and axes/admin.py (django-axes 8)
AXES = (
    gettext_noop("access attempt"), gettext_noop("access attempts"),
    gettext_noop("access failure"), gettext_noop("access failures"),
    gettext_noop("access log"), gettext_noop("access logs"),
    gettext_noop("access attempt expiration"), gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"), gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"), gettext_noop("IP Address"), gettext_noop("Username"), gettext_noop("HTTP Accept"),
    gettext_noop("Path"), gettext_noop("Attempt Time"), gettext_noop("Access lock out"), gettext_noop("GET Data"),
    gettext_noop("POST Data"), gettext_noop("Failed Logins"), gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"), gettext_noop("Locked Out"), gettext_noop("Form Data"),
    gettext_noop("Meta Data"), gettext_noop("Clean up expired attempts"), gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
)

# django/contrib/admin/static/admin/js/SelectFilter2.js (Django 5.2): the filter_horizontal pickers of the
# groups and permissions. Its other words ("Available %s", "Filter"...) are in Django's Chinese catalogue.
ADMIN_SELECT_FILTER = (
    gettext_noop('Choose %s by selecting them and then select the "Choose" arrow button.'),
    gettext_noop("Choose all %s"), gettext_noop("Choose selected %s"),
    gettext_noop('Remove %s by selecting them and then select the "Remove" arrow button.'),
    gettext_noop("Remove all %s"), gettext_noop("Remove selected %s"), gettext_noop("(click to clear)"),
)


class AdminJavaScriptCatalog(JavaScriptCatalog):
    """The admin's JavaScript catalogue (``admin:jsi18n``), with the pickers' words Django's lacks taken
    from the project's catalogue in the user's language."""

    packages = ["django.contrib.admin"]

    def get_catalog(self) -> dict[str, Any]:
        catalog = super().get_catalog()
        for msgid in ADMIN_SELECT_FILTER:
            catalog.setdefault(msgid, gettext(msgid))
        return catalog
