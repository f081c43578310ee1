"""Words of Django's admin and of django-axes that their own catalogues do not give in Chinese.

Django 5's app list names its columns for screen readers ("Model name"...) and django-axes has no Chinese
catalogue, so the administrator's pages read in English there. The msgids are listed here, exactly as in
their sources, so that ``makemessages`` keeps them in the project's catalogue, which Django reads before
its own (``LOCALE_PATHS``), as ``django_words`` does for the form messages. Nothing needs to import this
module.
"""

from django.utils.translation import gettext_noop

# django/contrib/admin/templates/admin/app_list.html (Django 5.2)
ADMIN_APP_LIST = (gettext_noop("Model name"), gettext_noop("Add link"), gettext_noop("Change or view list link"))

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
