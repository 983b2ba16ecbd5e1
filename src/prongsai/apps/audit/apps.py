from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "prongsai.apps.audit"
    label = "audit"
    verbose_name = "บันทึกการเปลี่ยนแปลง"

    def ready(self) -> None:
        from prongsai.apps.agencies.services import AUDIT_ACTIONS, AUDIT_FIELDS
        from prongsai.apps.audit import services
        from prongsai.apps.audit.registry import register_actions, register_fields
        from prongsai.apps.base.auditing import register_recorder

        # ``base.auditing.audit_change`` (used below this app: agencies, base) writes through ``audit_record``,
        # looked up at call time.
        register_recorder(lambda **change: services.audit_record(**change))
        register_actions(AUDIT_ACTIONS)
        register_fields(AUDIT_FIELDS)
