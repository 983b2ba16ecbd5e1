from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "prongsai.apps.rounds"
    label = "rounds"
    verbose_name = "การประเมินหน่วยงานในสังกัด (Assessor mode)"

    def ready(self) -> None:
        from prongsai.apps.agencies.access import register_member_landing
        from prongsai.apps.audit.registry import register_actions
        from prongsai.apps.base import next_tasks
        from prongsai.apps.rounds.next_tasks import PROVIDERS as next_task_providers
        from prongsai.apps.rounds.next_tasks import assessor_landing
        from prongsai.apps.rounds.versions import watch_rows

        register_actions(
            {
                "assessment_round.created": "สร้างรอบการประเมินหน่วยงานในสังกัด",
                "assessment_round.phase_set": "กำหนดช่วงเวลาของรอบการประเมิน",
                "assessment_round.unit_added": "เพิ่มหน่วยรับการประเมิน",
                "assessment_round.role_assigned": "กำหนดบทบาทในรอบการประเมิน",
                "assessment_round.unit_registered": "ลงทะเบียนหน่วยรับการประเมิน",
                "assessment_round.invitations_created": "สร้างรหัสเชิญตอบแบบ IIT",
                "assessment_round.oit_submitted": "ส่งข้อมูล OIT",
                "assessment_round.site_check_requested": "ขอตรวจเว็บไซต์หลักเพื่อเติมข้อมูล OIT",
                "assessment_round.item_judged": "ตรวจให้ผลข้อ OIT",
                "assessment_round.dispute_filed": "โต้แย้งผลข้อ OIT",
                "assessment_round.dispute_decided": "วินิจฉัยคำโต้แย้ง",
                "assessment_round.result_scored": "คำนวณผลการประเมิน",
                "assessment_round.result_corrected": "แก้ไขผลการประเมินหลังยืนยัน",
                "assessment_round.confirmed": "ยืนยันผลการประเมิน",
            }
        )

        for provider in next_task_providers:  # the agency home's "next tasks" (base.next_tasks)
            next_tasks.register(provider)
        watch_rows()  # the judged units' and the assessor's staff pages (base.versions)
        register_member_landing(assessor_landing)  # an assessor starts on their open round's page
