from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "prongsai.apps.agencies"
    label = "agencies"
    verbose_name = "หน่วยงาน"
