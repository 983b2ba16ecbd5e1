from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "prongsai.apps.procurement"
    label = "procurement"
    verbose_name = "การจัดซื้อจัดจ้าง"

    def ready(self) -> None:
        from prongsai.apps.audit.registry import register_actions, register_fields
        from prongsai.apps.procurement import opendata

        opendata.register()
        register_actions(
            {
                "procurement_contract.created": "เพิ่มรายการจัดซื้อจัดจ้าง",
                "procurement_contract.updated": "แก้ไขรายการจัดซื้อจัดจ้าง",
                "procurement_plan.created": "เพิ่มรายการในแผนจัดซื้อจัดจ้าง",
                "procurement_plan.updated": "แก้ไขรายการในแผนจัดซื้อจัดจ้าง",
                "procurement_announcement.created": "เพิ่มประกาศจัดซื้อจัดจ้าง",
                "procurement_announcement.updated": "แก้ไขประกาศจัดซื้อจัดจ้าง",
                "procurement.imported": "นำเข้าข้อมูลจัดซื้อจัดจ้าง",
            }
        )
        register_fields(
            {
                "project_name": "ชื่อโครงการ",
                "project_money": "งบประมาณ",
                "price_agree": "ราคาที่ตกลง",
                "budget_category": "ประเภทงบประมาณ",
                "purchase_method": "วิธีจัดหา",
                "winner": "ผู้ได้รับคัดเลือก",
                "rows": "จำนวนรายการ",
            }
        )
