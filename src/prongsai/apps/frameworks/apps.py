from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "prongsai.apps.frameworks"
    label = "frameworks"
    verbose_name = "กรอบการประเมินรายปี"
