"""Django's own form messages in plainer Chinese than Django's catalogue gives them.

Django says "确保该变量包含不超过 200 字符 (目前字符数 300)" of a too-long text. The messages are listed here,
with Django's exact msgids, so that ``makemessages`` keeps them in the project's catalogue, which Django
reads before its own (``LOCALE_PATHS``). Nothing needs to import this module.
"""

from django.utils.translation import ngettext_lazy

MAX_LENGTH = ngettext_lazy(
    "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
MIN_LENGTH = ngettext_lazy(
    "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
    "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
    "limit_value",
)
