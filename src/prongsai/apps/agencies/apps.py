from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "prongsai.apps.agencies"
    label = "agencies"
    verbose_name = "หน่วยงาน"

    def ready(self) -> None:
        from prongsai.apps.audit.registry import register_actions, register_fields

        register_actions({"membership.set": "กำหนดบทบาทของบุคลากร"})
        register_fields({"user": "ผู้ใช้", "role": "บทบาท", "unit": "ส่วนราชการภายใน"})
