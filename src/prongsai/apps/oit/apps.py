from django.apps import AppConfig


class OitConfig(AppConfig):
    name = "prongsai.apps.oit"
    label = "oit"
    verbose_name = "หลักฐาน OIT และการตรวจเว็บไซต์"
