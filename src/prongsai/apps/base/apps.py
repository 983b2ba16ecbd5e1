from django.apps import AppConfig


class BaseConfig(AppConfig):
    """No models: the shared helpers of the apps and their templates (``base/row_edit.html``)."""

    name = "prongsai.apps.base"
    label = "base"
    verbose_name = "ส่วนกลางของแอป"
