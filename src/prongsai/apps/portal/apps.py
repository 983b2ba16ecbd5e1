from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "prongsai.apps.portal"
    label = "portal"
    verbose_name = "เว็บไซต์สาธารณะของหน่วยงาน"

    def ready(self) -> None:
        from prongsai.apps.audit.registry import register_actions, register_fields
        from prongsai.apps.portal import opendata

        opendata.register()
        register_actions(
            {
                "news.created": "เพิ่มข่าว",
                "news.updated": "แก้ไขข่าว",
                "question.answered": "ตอบคำถาม",
                "question.hidden": "ซ่อนคำถามหรือความเห็น",
                "question.unhidden": "เลิกซ่อนคำถามหรือความเห็น",
                "service_type.created": "เพิ่มงานบริการ",
                "service_type.updated": "แก้ไขงานบริการ",
                "service_request.status_changed": "เปลี่ยนสถานะคำขอรับบริการ",
                "evidence.created": "เพิ่มลิงก์หลักฐาน OIT",
                "evidence.updated": "แก้ไขลิงก์หลักฐาน OIT",
            }
        )
        register_fields(
            {
                "title": "หัวข้อ",
                "is_published": "เผยแพร่",
                "published_on": "วันที่เผยแพร่",
                "answer": "คำตอบ",
                "is_hidden": "ซ่อน",
                "hidden_reason": "เหตุผลที่ซ่อน",
                "name": "ชื่อ",
                "duration_days": "ระยะเวลา (วันทำการ)",
                "fee": "ค่าธรรมเนียม",
                "url": "ที่อยู่ (URL)",
                "item_code": "ข้อ OIT",
            }
        )
