"""Results recorded before versions existed get their current state as version 1 (source "system")."""

from django.db import migrations


def first_versions(apps, schema_editor):
    Result = apps.get_model("assessments", "AssessmentResult")
    Version = apps.get_model("assessments", "AssessmentResultVersion")
    for result in Result.objects.filter(versions__isnull=True).prefetch_related("indicator_scores"):
        Version.objects.create(
            result=result,
            number=1,
            source="system",
            note="สถานะก่อนมีการเก็บประวัติ",
            snapshot={
                "fiscal_year": result.fiscal_year,
                "overall": f"{result.overall:.2f}",
                "level": result.level,
                "passed": result.passed,
                "instruments": {code: f"{value:.2f}" for code, value in result.instrument_scores.items()},
                "indicators": {
                    str(s.number): f"{s.score:.2f}"
                    for s in sorted(result.indicator_scores.all(), key=lambda s: s.number)
                },
                "questions": [],
                "framework_origin": result.framework_origin,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_versions_questions_pending_imports")]

    operations = [migrations.RunPython(first_versions, migrations.RunPython.noop)]
