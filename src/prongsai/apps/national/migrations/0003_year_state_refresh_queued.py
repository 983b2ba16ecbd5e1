from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("national", "0002_aggregates"),
    ]

    operations = [
        migrations.AddField(
            model_name="nationalyearstate",
            name="refresh_queued_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="รอคำนวณใหม่ตั้งแต่"),
        ),
    ]
