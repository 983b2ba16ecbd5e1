from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "prongsai.apps.assessments"
    label = "assessments"
    verbose_name = "ผลการประเมิน ITA"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from prongsai.apps.assessments import opendata
        from prongsai.apps.assessments.models import AssessmentResult
        from prongsai.apps.assessments.selectors import results_needing_rescore
        from prongsai.apps.assessments.services import results_rescore
        from prongsai.apps.audit.registry import register_actions, register_fields
        from prongsai.apps.frameworks.effects import register_effect

        opendata.register()
        uid = "prongsai.assessments.result_deleted"
        post_delete.connect(_result_deleted, sender=AssessmentResult, dispatch_uid=uid)
        # any save of a result (the services also say so through results_changed): what is kept per results version
        post_save.connect(_result_saved, sender=AssessmentResult, dispatch_uid="prongsai.assessments.result_saved")
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


def _result_deleted(sender: type, instance: object, **kwargs: object) -> None:
    """A result deleted outside the services (the admin site, an agency deleted with its results): the derived
    figures (national, peers) and the agency's public pages follow, as after a service's write."""
    from prongsai.apps.agencies.models import Agency
    from prongsai.apps.base.public_cache import public_version_bump
    from prongsai.apps.base.result_events import results_changed

    results_changed(fiscal_years={instance.fiscal_year}, reason="deleted")  # type: ignore[attr-defined]
    agency_id = instance.agency_id  # type: ignore[attr-defined]
    slug = Agency.objects.filter(pk=agency_id).values_list("slug", flat=True).first()
    if slug:
        public_version_bump(slugs=[slug])


def _result_saved(sender: type, instance: object, **kwargs: object) -> None:
    from prongsai.apps.base import versions

    if not kwargs.get("raw"):
        versions.bump(versions.RESULTS)
