from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "prongsai.apps.meetings"
    label = "meetings"
    verbose_name = "การประชุมคณะทำงาน"

    def ready(self) -> None:
        from prongsai.apps.audit.registry import register_actions

        register_actions(
            {
                "meeting.created": "บันทึกการประชุมคณะทำงาน",
                "meeting.person_added": "บันทึกผู้เข้าประชุม",
                "meeting.decision_added": "บันทึกมติที่ประชุม",
                "meeting.file_added": "แนบไฟล์การประชุม",
                "meeting.development_published": "เผยแพร่รายงานการนำผลการประเมิน ITA ไปพัฒนาองค์กร",
                "meeting.development_unpublished": "ยกเลิกการเผยแพร่รายงานการนำผลการประเมิน ITA ไปพัฒนาองค์กร",
            }
        )
