from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "prongsai.apps.rounds"
    label = "rounds"
    verbose_name = "การประเมินหน่วยงานในสังกัด (Assessor mode)"
