import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from enterprises.enums import Industry, RiskTier
from enterprises.models import Enterprise
from firesvc.accounts.enums import UnitKind
from firesvc.accounts.models import OrgUnit


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("name or credit code"), method="filter_text")
    brigade = django_filters.ModelChoiceFilter(label=_("brigade"), queryset=OrgUnit.objects.none(),
                                               empty_label=_("All"))
    industry = django_filters.ChoiceFilter(label=_("industry"), choices=Industry.choices, empty_label=_("All"))
    risk_tier = django_filters.ChoiceFilter(label=_("risk tier"), choices=RiskTier.choices, empty_label=_("All"))
    is_key_unit = django_filters.ChoiceFilter(label=_("key fire-safety unit"), empty_label=_("All"),
                                              choices=[("true", _("Yes")), ("false", _("No"))],
                                              method="filter_key_unit")

    class Meta:
        model = Enterprise
        fields = ["q", "brigade", "industry", "risk_tier", "is_key_unit"]

    def __init__(self, *args, user=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.filters["brigade"].queryset = OrgUnit.objects.visible_to(user).filter(kind=UnitKind.BRIGADE)

    def filter_key_unit(self, queryset: QuerySet[Enterprise], name: str, value: str) -> QuerySet[Enterprise]:
        return queryset.filter(is_key_unit=(value == "true"))

    def filter_text(self, queryset: QuerySet[Enterprise], name: str, value: str) -> QuerySet[Enterprise]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(uscc__istartswith=value.upper()))
