from django.apps import AppConfig


class NationalConfig(AppConfig):
    name = "prongsai.apps.national"
    label = "national"
    verbose_name = "ภาพรวมระดับจังหวัดและประเทศ"

    def ready(self) -> None:
        from prongsai.apps.agencies.access import register_landing
        from prongsai.apps.national.access import regional_landing

        register_landing(regional_landing)
        from prongsai.apps.base import result_events
        from prongsai.apps.national.aggregates import mark_changed

        result_events.register(mark_changed)  # the dashboards' materialised figures follow every result change
        from prongsai.apps.base import versions
        from prongsai.apps.national.models import RegionalViewer

        # the header's link to these dashboards: a page kept for the person is keyed on their version
        versions.watch(RegionalViewer, person=lambda row: [row.user_id])
