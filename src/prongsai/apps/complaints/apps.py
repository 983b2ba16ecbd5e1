from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "prongsai.apps.complaints"
    label = "complaints"
    verbose_name = "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"

    def ready(self) -> None:
        from prongsai.apps.audit.registry import register_actions, register_fields
        from prongsai.apps.complaints import opendata
        from prongsai.apps.complaints.logfilter import install_request_privacy_filter

        opendata.register()
        install_request_privacy_filter()
        register_actions(
            {
                "complaint.status_changed": "เปลี่ยนสถานะเรื่องร้องเรียน",
                "complaint.replied": "ตอบผู้แจ้งเรื่องร้องเรียน",
                "complaint.identity_revealed": "เปิดดูตัวตนผู้แจ้งเรื่องร้องเรียน",
                "complaint_officer.designated": "แต่งตั้งเจ้าหน้าที่รับเรื่องร้องเรียน",
                "complaint_officer.revoked": "ยกเลิกเจ้าหน้าที่รับเรื่องร้องเรียน",
            }
        )
        register_fields({"status": "สถานะ", "number": "เลขที่เรื่อง", "officer": "เจ้าหน้าที่", "kind": "ประเภท"})
