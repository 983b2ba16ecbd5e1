from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "prongsai.apps.surveys"
    label = "surveys"
    verbose_name = "แบบสำรวจความคิดเห็น (Pulse survey)"

    def ready(self) -> None:
        from prongsai.apps.audit.registry import register_actions, register_fields
        from prongsai.apps.base import next_tasks
        from prongsai.apps.surveys.next_tasks import PROVIDERS as next_task_providers

        register_actions(
            {
                "pulse_round.created": "เปิดรอบแบบสำรวจ",
                "pulse_round.closed": "ปิดรอบแบบสำรวจ",
                "pulse_question.created": "เพิ่มข้อคำถามของหน่วยงาน",
                "official_survey_link.created": "บันทึกลิงก์แบบสำรวจทางการ (ITAS)",
                "pulse_burst.set_aside": "กันคำตอบที่เข้ามาถี่ผิดปกติออกจากผลแบบสำรวจ",
                "pulse_burst.restored": "นำคำตอบที่เข้ามาถี่ผิดปกติกลับมานับในผลแบบสำรวจ",
            }
        )
        register_fields({"set_aside": "กันออกจากผล", "answers": "จำนวนคำตอบในช่วง", "summary": "ช่วงคำตอบ"})

        for provider in next_task_providers:  # the agency home's "next tasks" (base.next_tasks)
            next_tasks.register(provider)
