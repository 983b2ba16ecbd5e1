from django.apps import AppConfig


class BaseConfig(AppConfig):
    """The shared helpers of the apps and their templates (``base/row_edit.html``); one table, ``SpentFormToken``
    (the single-use tokens of the public forms, ``abuse.py``)."""

    name = "prongsai.apps.base"
    label = "base"
    verbose_name = "ส่วนกลางของแอป"

    def ready(self) -> None:
        # Django's loggers never record request data on the anonymous paths (complaints, survey links): logfilter.
        from prongsai.apps.base.logfilter import install_request_privacy_filter

        install_request_privacy_filter()
        # Every select's empty choice in Thai ("— เลือก —", not Django's "---------"), before any form is built.
        from prongsai.apps.base.choices import use_thai_empty_label

        use_thai_empty_label()
