from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "prongsai.apps.frameworks"
    label = "frameworks"
    verbose_name = "กรอบการประเมินรายปี"

    def ready(self) -> None:
        from prongsai.apps.base import versions
        from prongsai.apps.frameworks.models import FrameworkEditor

        # the header's link to the framework workbench: a page kept for the person is keyed on their version
        versions.watch(FrameworkEditor, person=lambda row: [row.user_id])
