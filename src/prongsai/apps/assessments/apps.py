from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "prongsai.apps.assessments"
    label = "assessments"
    verbose_name = "ผลการประเมิน ITA"

    def ready(self) -> None:
        from prongsai.apps.assessments import opendata
        from prongsai.apps.assessments.selectors import results_needing_rescore
        from prongsai.apps.assessments.services import results_rescore
        from prongsai.apps.audit.registry import register_actions, register_fields
        from prongsai.apps.frameworks.effects import register_effect

        opendata.register()
        register_effect(
            "results",
            behind=lambda year: results_needing_rescore(fiscal_year=year),
            apply=lambda actor, year, reason: results_rescore(actor=actor, fiscal_year=year, reason=reason),
        )
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
