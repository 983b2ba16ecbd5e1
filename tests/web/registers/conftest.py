"""Fixtures for assets, borrowing, inventory checks and ethics activities: a few assets of ``world.own``."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from prongsai.apps.registers.services import asset_save


@pytest.fixture
def assets(world):
    admin = world.user("agency_admin")
    units = {u.name_th: u for u in world.own.units.all()}
    out = {}
    for code, name, unit in (
        ("ค-001", "เครื่องฉายภาพ", "กองคลัง"),
        ("ค-002", "โน้ตบุ๊ก", "กองคลัง"),
        ("ค-003", "กล้องถ่ายภาพ", "สำนักปลัด"),
    ):
        out[code] = asset_save(
            agency=world.own,
            actor=admin,
            item=None,
            data={
                "code": code,
                "name": name,
                "category": "durable",
                "location": "ห้องประชุม",
                "custodian_unit": units[unit],
                "value": Decimal("25000.00"),
                "status": "available",
                "note": "",
            },
        )
    return out


@pytest.fixture
def later():
    return timezone.localdate() + timedelta(days=7)
