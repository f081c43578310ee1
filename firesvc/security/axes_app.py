"""django-axes' app under a name in the user's language (its own is its label, "Axes", in English).

In a module of its own: a second AppConfig in ``apps.py`` would leave Django unable to tell which one
``firesvc.security`` means, and the security app would lose its ``ready()``.
"""

from axes.apps import AppConfig as BaseAxesConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(BaseAxesConfig):
    verbose_name = _("Sign-in throttling")  # 登录限制
