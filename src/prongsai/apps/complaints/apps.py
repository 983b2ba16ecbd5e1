from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "prongsai.apps.complaints"
    label = "complaints"
    verbose_name = "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"

    def ready(self) -> None:
        from prongsai.apps.agencies.notices import register_access_watchers
        from prongsai.apps.agencies.services import register_membership_removal
        from prongsai.apps.audit.registry import register_actions, register_fields
        from prongsai.apps.base import next_tasks, versions
        from prongsai.apps.complaints import opendata
        from prongsai.apps.complaints.models import Complaint, ComplaintOfficer
        from prongsai.apps.complaints.next_tasks import PROVIDERS as next_task_providers
        from prongsai.apps.complaints.selectors import officer_users
        from prongsai.apps.complaints.services import complaint_officer_leave

        opendata.register()
        # Complaint officers are told of every grant of complaint access in their agency; leaving the agency
        # ends a designation.
        register_access_watchers(officer_users)
        register_membership_removal(complaint_officer_leave)
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

        for provider in next_task_providers:  # the agency home's "next tasks" (base.next_tasks)
            next_tasks.register(provider)
        # a complaint filed by the public writes no audit entry: its agency's staff pages learn of it here
        versions.watch(Complaint, staff=lambda row: [row.agency_id])
        versions.watch(ComplaintOfficer, staff=lambda row: [row.agency_id], person=lambda row: [row.user_id])
