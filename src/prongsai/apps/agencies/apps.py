from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "prongsai.apps.agencies"
    label = "agencies"
    verbose_name = "หน่วยงาน"
    # The Thai labels of this app's audit actions (``services.AUDIT_ACTIONS``) are registered by the audit app.

    def ready(self) -> None:
        from prongsai.apps.agencies.models import Membership
        from prongsai.apps.base import versions

        # the header shows a person's agencies (the switcher): a page kept for them is keyed on their version
        versions.watch(Membership, person=lambda row: [row.user_id])
