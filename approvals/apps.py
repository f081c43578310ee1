from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from approvals.services.applications import applicant_name_follow
        from enterprises.hooks import on_enterprise_renamed

        # An enterprise renamed: its open cases carry the new name (enterprises does not import this app).
        on_enterprise_renamed(applicant_name_follow)

        from approvals.models import Application
        from approvals.services.clocks import application_deadline_moved
        from firesvc.sla.hooks import on_deadline_moved

        # A calendar change moved a case's clock (the kernel recomputes it): the case's row and its applicant follow.
        on_deadline_moved(Application, application_deadline_moved)

        from approvals.selectors.case_history import application_clock_names
        from firesvc.sla.hooks import on_clock_names

        # The kernel's board names a case's clocks as the case's page does (审批期限, not the rule's name).
        on_clock_names(Application, application_clock_names)

        from approvals.status_words import application_status_words
        from firesvc.audit.vocabulary import register_status_words

        # A case's timeline words its statuses by its matter (a completion filing's are not a permit's).
        register_status_words(Application._meta.label_lower, application_status_words)

        from approvals.notifications import register_notifications

        # Who is told of each step of an application: the approvals rows of the notification matrix.
        register_notifications()

        from django.db.models.signals import post_delete, post_save

        from approvals.forms.filing import forget_matter_choices
        from approvals.models import Matter

        # The matter choices are kept in the shared cache: a saved or deleted matter drops them.
        post_save.connect(forget_matter_choices, sender=Matter, dispatch_uid="approvals.matter_choices.save")
        post_delete.connect(forget_matter_choices, sender=Matter, dispatch_uid="approvals.matter_choices.delete")
