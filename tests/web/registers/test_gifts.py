"""The No Gift register and the executive's declaration: forms refuse bad input, the public page and open data
never show the recipient's name."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_gift_register_and_declaration(client, world):
    client.force_login(world.user("coordinator"))
    base = f"/a/{world.own.slug}/portal/gifts/"
    bad = client.post(
        base + "new/",
        {
            "fiscal_year": "2568",
            "received_on": "",
            "recipient_position": "",
            "giver": "",
            "description": "",
            "value": "-1",
            "action": "stolen",
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 400 and "จำนวนเงินต้องไม่ติดลบ" in html and "กรุณาเลือกจากรายการ" in html
    ok = client.post(
        base + "new/",
        {
            "fiscal_year": "2568",
            "received_on": "02/01/2568",
            "recipient_position": "ปลัด",
            "recipient_name": "นายลับ ไม่เผยแพร่",
            "giver": "บริษัท ก",
            "description": "กระเช้า",
            "value": "1,500",
            "action": "returned",
        },
    )
    assert ok.status_code == 302
    assert (
        client.post(
            base + "declarations/new/",
            {"fiscal_year": "2568", "executive_name": "", "executive_position": "", "declared_on": "", "text": ""},
        ).status_code
        == 400
    )
    assert (
        client.post(
            base + "declarations/new/",
            {
                "fiscal_year": "2568",
                "executive_name": "นายก",
                "executive_position": "นายก อบต.",
                "declared_on": "01/10/2567",
                "text": "ไม่รับของขวัญ",
                "is_published": "on",
            },
        ).status_code
        == 302
    )
    client.logout()
    page = client.get(f"/p/{world.own.slug}/nogift/").content.decode()
    assert "ไม่รับของขวัญ" in page and "กระเช้า" in page and "1,500.00" in page
    assert "นายลับ ไม่เผยแพร่" not in page
    data = client.get(f"/p/{world.own.slug}/data/gifts-register.csv").content.decode("utf-8-sig")
    assert "กระเช้า" in data and "นายลับ" not in data
