from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "prongsai.apps.assessments"
    label = "assessments"
    verbose_name = "ผลการประเมิน ITA"
