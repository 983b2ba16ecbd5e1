from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "prongsai.apps.agencies"
    label = "agencies"
    verbose_name = "หน่วยงาน"
    # The Thai labels of this app's audit actions (``services.AUDIT_ACTIONS``) are registered by the audit app.
