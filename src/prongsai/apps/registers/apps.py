from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "prongsai.apps.registers"
    label = "registers"
    verbose_name = "ทะเบียนและประกาศ (No Gift Policy)"

    def ready(self) -> None:
        from prongsai.apps.audit.registry import register_actions, register_fields
        from prongsai.apps.registers import opendata

        opendata.register()
        register_actions(
            {
                "nogift_declaration.created": "บันทึกประกาศเจตนารมณ์ No Gift Policy",
                "nogift_declaration.updated": "แก้ไขประกาศเจตนารมณ์ No Gift Policy",
                "gift.created": "บันทึกการรับของขวัญหรือประโยชน์",
                "gift.updated": "แก้ไขรายการรับของขวัญหรือประโยชน์",
                "asset.created": "เพิ่มครุภัณฑ์/วัสดุ",
                "asset.updated": "แก้ไขครุภัณฑ์/วัสดุ",
                "asset.imported": "นำเข้ารายการครุภัณฑ์จากไฟล์",
                "loan.requested": "ขอยืมครุภัณฑ์",
                "loan.approved": "อนุมัติการยืมครุภัณฑ์",
                "loan.rejected": "ไม่อนุมัติการยืมครุภัณฑ์",
                "loan.handed_over": "ส่งมอบครุภัณฑ์ให้ผู้ยืม",
                "loan.returned": "รับคืนครุภัณฑ์",
                "inventory_round.created": "กำหนดรอบการตรวจนับพัสดุ",
                "inventory_round.updated": "แก้ไขรอบการตรวจนับพัสดุ",
                "inventory_count.recorded": "บันทึกผลการตรวจนับพัสดุ",
                "inventory_count.follow_up": "ติดตามรายการตรวจนับที่คลาดเคลื่อน",
                "ethics_activity.created": "บันทึกกิจกรรมส่งเสริมคุณธรรมจริยธรรม",
                "ethics_activity.updated": "แก้ไขกิจกรรมส่งเสริมคุณธรรมจริยธรรม",
            }
        )
        register_fields({"executive_name": "ผู้บริหาร", "value": "มูลค่า", "description": "รายการ", "action": "การดำเนินการ"})
        register_fields(
            {
                "status": "สถานะ",
                "condition_out": "สภาพเมื่อส่งมอบ",
                "condition_in": "สภาพเมื่อรับคืน",
                "result": "ผลการตรวจนับ",
                "follow_up": "การติดตาม",
                "follow_up_note": "ผลการติดตาม",
                "attendees": "จำนวนผู้เข้าร่วม",
                "hours": "จำนวนชั่วโมง",
            }
        )
