from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "prongsai.apps.national"
    label = "national"
    verbose_name = "ภาพรวมระดับจังหวัดและประเทศ"
