from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "prongsai.apps.plans"
    label = "plans"
    verbose_name = "แผนมาตรการและการติดตามงาน"

    def ready(self) -> None:
        from prongsai.apps.audit.registry import register_actions, register_fields
        from prongsai.apps.base import next_tasks
        from prongsai.apps.base.demo import register_demo_step
        from prongsai.apps.plans.next_tasks import PROVIDERS as next_task_providers

        register_demo_step("prongsai.apps.plans.demo.demo_plan_step")

        register_actions(
            {
                "plan.drafted": "จัดทำร่างแผนมาตรการ",
                "plan.measure_updated": "แก้ไขมาตรการ",
                "plan.measure_added": "เพิ่มมาตรการ",
                "plan.measure_removed": "ลบมาตรการ",
                "plan.submitted": "เสนอแผนมาตรการต่อผู้บริหาร",
                "plan.approved": "อนุมัติแผนมาตรการ",
                "plan.returned": "ส่งแผนมาตรการกลับให้แก้ไข",
                "plan.commented": "แสดงความเห็นต่อแผนมาตรการ",
                "task.created": "เพิ่มงานตามมาตรการ",
                "task.updated": "ปรับปรุงความคืบหน้าของงาน",
                "task.commented": "แสดงความเห็นต่องาน",
                "evidence.added": "เพิ่มหลักฐานการดำเนินงาน",
                "evidence.removed": "ลบหลักฐานการดำเนินงาน",
                "document.requested": "สั่งจัดทำเอกสาร",
                "document.published": "เผยแพร่เอกสารบนเว็บไซต์",
                "document.unpublished": "ยกเลิกการเผยแพร่เอกสาร",
                "reminders.sent": "ส่งอีเมลแจ้งเตือนงาน",
            }
        )
        register_fields(
            {
                "status": "สถานะ",
                "version": "ฉบับที่",
                "measures": "จำนวนมาตรการ",
                "number": "มาตรการที่",
                "title_th": "ชื่อ",
                "objective_th": "วัตถุประสงค์",
                "steps_th": "ขั้นตอน",
                "responsible_unit": "ผู้รับผิดชอบ",
                "co_units": "ผู้ร่วมดำเนินการ",
                "start": "วันเริ่ม",
                "end": "วันสิ้นสุด",
                "budget": "งบประมาณ",
                "outputs_th": "ผลผลิต",
                "kpi_th": "ตัวชี้วัดความสำเร็จ",
                "evidence_th": "หลักฐาน",
                "comment": "ความเห็น",
                "task": "งาน",
                "owner_unit": "ส่วนราชการที่รับผิดชอบ",
                "due": "กำหนดเสร็จ",
                "progress": "ความคืบหน้า (ร้อยละ)",
                "url": "ที่อยู่เว็บ",
                "kind": "ชนิด",
                "format": "รูปแบบไฟล์",
                "digits": "ตัวเลข",
                "tasks": "จำนวนงาน",
                "recipient": "ผู้รับ",
                "results_fiscal_year": "ปีของผลการประเมินที่ใช้",
                "replaced": "แทนที่ด้วยเอกสารที่เผยแพร่ใหม่",
            }
        )

        for provider in next_task_providers:  # the agency home's "next tasks" (base.next_tasks)
            next_tasks.register(provider)
