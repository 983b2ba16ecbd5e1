from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "prongsai.apps.assessments"
    label = "assessments"
    verbose_name = "ผลการประเมิน ITA"

    def ready(self) -> None:
        from prongsai.apps.audit.registry import register_actions, register_fields

        register_actions(
            {
                "result.created": "บันทึกผลการประเมินของปีใหม่",
                "result.updated": "แก้ไขผลการประเมิน",
                "import.confirmed": "ยืนยันนำเข้าผลการประเมินจากไฟล์",
            }
        )
        register_fields(
            {
                "fiscal_year": "ปีงบประมาณ",
                "overall": "คะแนนรวม",
                "level": "ระดับ",
                "passed": "ผ่านเกณฑ์",
                "instruments": "คะแนนเครื่องมือ",
                "indicators": "ตัวชี้วัดที่",
                "question_count": "จำนวนข้อคำถามที่มีคะแนน",
                "framework_origin": "กรอบการประเมินที่ใช้คำนวณ",
                "file": "ไฟล์",
                "sha256": "SHA-256 ของไฟล์",
                "fiscal_years": "ปีงบประมาณที่บันทึก",
            }
        )
