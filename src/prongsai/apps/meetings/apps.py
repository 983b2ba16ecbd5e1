from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "prongsai.apps.meetings"
    label = "meetings"
    verbose_name = "การประชุมคณะทำงาน"

    def ready(self) -> None:
        from prongsai.apps.audit.registry import register_actions
        from prongsai.apps.base.extensions import register_measure_origin, register_public_year_section
        from prongsai.apps.meetings import hooks

        register_measure_origin(hooks.measure_origin_links)  # the plan page: "จากมติการประชุม …"
        register_public_year_section(hooks.public_year_sections)  # the portal's year page: published reports
        register_actions(
            {
                "meeting.created": "บันทึกการประชุมคณะทำงาน",
                "meeting.person_added": "บันทึกผู้เข้าประชุม",
                "meeting.decision_added": "บันทึกมติที่ประชุม",
                "meeting.person_updated": "แก้ไขผู้เข้าประชุม",
                "meeting.person_removed": "ลบผู้เข้าประชุม",
                "meeting.decision_updated": "แก้ไขมติที่ประชุม",
                "meeting.decision_removed": "ลบมติที่ประชุม",
                "meeting.agenda_updated": "แก้ไขระเบียบวาระการประชุม",
                "meeting.file_added": "แนบไฟล์การประชุม",
                "meeting.development_published": "เผยแพร่รายงานการนำผลการประเมิน ITA ไปพัฒนาองค์กร",
                "meeting.development_unpublished": "ยกเลิกการเผยแพร่รายงานการนำผลการประเมิน ITA ไปพัฒนาองค์กร",
            }
        )
