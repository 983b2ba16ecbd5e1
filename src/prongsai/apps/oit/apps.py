from django.apps import AppConfig


class OitConfig(AppConfig):
    name = "prongsai.apps.oit"
    label = "oit"
    verbose_name = "หลักฐาน OIT และการตรวจเว็บไซต์"

    def ready(self) -> None:
        from prongsai.apps.audit.registry import register_actions, register_fields
        from prongsai.apps.base import next_tasks
        from prongsai.apps.frameworks.effects import register_effect
        from prongsai.apps.oit.next_tasks import PROVIDERS as next_task_providers
        from prongsai.apps.oit.selectors import checklists_behind
        from prongsai.apps.oit.services import checklists_follow_framework

        register_effect(
            "checklists",
            behind=lambda year: checklists_behind(fiscal_year=year),
            apply=lambda actor, year, reason: checklists_follow_framework(actor=actor, fiscal_year=year),
        )

        register_actions(
            {
                "oit.checklist_created": "สร้างรายการตรวจหลักฐาน OIT",
                "oit.item_updated": "แก้ไขข้อ OIT ในรายการตรวจ",
                "oit.file_added": "แนบไฟล์หลักฐาน OIT",
                "oit.file_removed": "ลบไฟล์หลักฐาน OIT",
                "oit.clarification_drafted": "ร่างคำชี้แจงเพิ่มเติม OIT",
                "oit.clarification_saved": "แก้ไขคำชี้แจงเพิ่มเติม OIT",
                "oit.check_requested": "สั่งตรวจเว็บไซต์หลักตามข้อ OIT",
                "oit.check_applied": "นำผลการตรวจเว็บไซต์ไปเติมในรายการตรวจ OIT",
                "oit.checklist_followed_framework": "ปรับรายการตรวจ OIT ตามรายการข้อของกรอบการประเมินฉบับปัจจุบัน",
            }
        )
        register_fields(
            {
                "responsible": "ผู้รับผิดชอบ",
                "urls": "URL ของหลักฐาน",
                "how_to_find": "วิธีเข้าถึง",
                "parts_done": "ส่วนประกอบที่มีแล้ว",
                "explanation": "คำอธิบาย",
                "clarification": "คำชี้แจงเพิ่มเติม",
                "reason": "ความเห็นของผู้ประเมิน",
                "prefilled": "ข้อที่เติม URL จากลิงก์หลักฐานของเว็บไซต์",
                "items": "จำนวนข้อ",
                "mark_published": "เปลี่ยนข้อที่พบเป็นเผยแพร่แล้ว",
                "check": "การตรวจที่",
                "file": "ไฟล์",
                "sha256": "SHA-256",
            }
        )

        for provider in next_task_providers:  # the agency home's "next tasks" (base.next_tasks)
            next_tasks.register(provider)
