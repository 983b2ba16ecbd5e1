"""Tasks: who updates which, the status/progress rules, the HTMX card, the list filtered by unit."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from prongsai.apps.agencies.models import Unit
from prongsai.apps.audit.models import AuditEntry
from prongsai.apps.plans import services
from prongsai.apps.plans.models import Comment, TaskStatus


@pytest.fixture
def tasks(world, access, plan):
    """One task of กองคลัง (the unit staff's unit) and one of สำนักปลัด, on the first measure."""
    measure = plan.measures.order_by("number").first()
    finance = Unit.objects.get(agency=world.own, name_th="กองคลัง")
    office = Unit.objects.get(agency=world.own, name_th="สำนักปลัด")
    own = services.task_create(measure=measure, access=access("coordinator"), actor=world.user("coordinator"),
                               title_th="งานของกองคลัง", owner_unit=finance, due=date(2026, 1, 15))
    other = services.task_create(measure=measure, access=access("coordinator"), actor=None,
                                 title_th="งานของสำนักปลัด", owner_unit=office, due=date(2026, 2, 15))
    return own, other


def _update_url(world, task):
    return reverse("plans:task_update", kwargs={"agency_slug": world.own.slug, "task_id": task.pk})


def test_unit_staff_update_only_their_own_units_tasks(world, access, tasks):
    own, other = tasks
    staff = access("unit_staff")
    services.task_update(task=own, access=staff, actor=world.user("unit_staff"), status="in_progress", progress=40,
                         note="ประชุมแล้ว")
    own.refresh_from_db()
    assert (own.status, own.progress, own.updated_by) == ("in_progress", 40, world.user("unit_staff"))
    assert Comment.objects.get(task=own).body == "ประชุมแล้ว"
    entry = AuditEntry.objects.get(action="task.updated")
    assert entry.before["progress"] == 0 and entry.after["progress"] == 40
    with pytest.raises(services.NotAllowed):
        services.task_update(task=other, access=staff, actor=None, status="in_progress", progress=10)
    other.refresh_from_db()
    assert other.progress == 0


@pytest.mark.parametrize("role", ["executive", "auditor"])
def test_readers_do_not_update_tasks(world, access, tasks, role):
    with pytest.raises(services.NotAllowed):
        services.task_update(task=tasks[0], access=access(role), actor=None, status="done", progress=100)


def test_status_and_progress_rules(world, access, tasks):
    own, _ = tasks
    coord = access("coordinator")
    services.task_update(task=own, access=coord, actor=None, status="done", progress=20)
    own.refresh_from_db()
    assert (own.status, own.progress) == ("done", 100)
    with pytest.raises(services.PlanRefused, match="ยังไม่เริ่มมีความคืบหน้าไม่ได้"):
        services.task_update(task=own, access=coord, actor=None, status="not_started", progress=10)
    with pytest.raises(services.PlanRefused, match="ร้อยละ 0 ถึง 100"):
        services.task_update(task=own, access=coord, actor=None, status="in_progress", progress=101)
    with pytest.raises(services.PlanRefused, match="เลือกสถานะ “เสร็จแล้ว”"):
        services.task_update(task=own, access=coord, actor=None, status="in_progress", progress=100)


def test_task_due_dates_stay_inside_the_plans_fiscal_year(world, access, plan):
    measure = plan.measures.first()
    finance = Unit.objects.get(agency=world.own, name_th="กองคลัง")
    with pytest.raises(services.PlanRefused, match="อยู่นอกปีงบประมาณ"):
        services.task_create(measure=measure, access=access("coordinator"), actor=None, title_th="งาน",
                             owner_unit=finance, due=date(2026, 10, 1))
    foreign_unit = Unit.objects.get(agency=world.foreign)
    with pytest.raises(services.PlanRefused, match="ไม่ได้อยู่ในหน่วยงานนี้"):
        services.task_create(measure=measure, access=access("coordinator"), actor=None, title_th="งาน",
                             owner_unit=foreign_unit, due=date(2026, 1, 1))
    with pytest.raises(services.NotAllowed):
        services.task_create(measure=measure, access=access("unit_staff"), actor=None, title_th="งาน",
                             owner_unit=finance, due=date(2026, 1, 1))


def test_the_update_page_posts(client, world, tasks):
    own, other = tasks
    client.force_login(world.user("unit_staff"))
    response = client.post(_update_url(world, own), {"status": "in_progress", "progress": "๕๐", "note": ""})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.progress == 50  # Thai digits accepted
    assert client.post(_update_url(world, other), {"status": "done", "progress": "100"}).status_code == 403
    for role in ("executive", "auditor"):
        client.force_login(world.user(role))
        assert client.post(_update_url(world, own), {"status": "done", "progress": "100"}).status_code == 403


def test_a_refused_update_keeps_what_was_typed(client, world, tasks):
    own, _ = tasks
    client.force_login(world.user("coordinator"))
    response = client.post(_update_url(world, own), {"status": "in_progress", "progress": "150",
                                                      "note": "บันทึกที่พิมพ์ไว้ยาว ๆ"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "ความคืบหน้าต้องเป็นจำนวนเต็ม 0 ถึง 100" in html
    assert 'value="150"' in html and "บันทึกที่พิมพ์ไว้ยาว ๆ" in html
    own.refresh_from_db()
    assert own.progress == 0


def test_htmx_update_answers_the_card(client, world, tasks):
    own, _ = tasks
    client.force_login(world.user("unit_staff"))
    prefix = f"t{own.pk}-"
    headers = {"HX-Request": "true"}
    data = {"card": "1", prefix + "status": "in_progress", prefix + "progress": "70", "next": "/a/x/tasks/"}
    response = client.post(_update_url(world, own), data, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'id="task-{own.pk}"' in html and "บันทึกแล้ว" in html and 'value="70"' in html
    # htmx swaps only 2xx: an error comes back as the card, with the error and what was typed
    response = client.post(_update_url(world, own), {"card": "1", prefix + "status": "not_started",
                                                      prefix + "progress": "30"}, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200 and "ยังไม่เริ่มมีความคืบหน้าไม่ได้" in html and 'value="30"' in html
    own.refresh_from_db()
    assert (own.status, own.progress) == ("in_progress", 70)


def test_task_list_is_filtered_by_unit(client, world, tasks):
    _own, other = tasks
    url = reverse("plans:tasks", kwargs={"agency_slug": world.own.slug})
    client.force_login(world.user("unit_staff"))
    html = client.get(url).content.decode()
    assert "งานของกองคลัง" in html and "งานของสำนักปลัด" not in html  # their own unit first
    assert html.count('class="task-update"') == 1
    html = client.get(url + "?unit=all").content.decode()
    assert "งานของสำนักปลัด" in html and html.count('class="task-update"') == 1  # sees all, updates own only
    client.force_login(world.user("coordinator"))
    html = client.get(url).content.decode()
    assert "งานของกองคลัง" in html and "งานของสำนักปลัด" in html and html.count('class="task-update"') == 2
    html = client.get(url + f"?unit={other.owner_unit_id}").content.decode()
    assert "งานของกองคลัง" not in html


def test_task_list_filters_overdue(client, world, tasks, monkeypatch):
    from prongsai.apps.plans import views

    monkeypatch.setattr(views, "_today", lambda: date(2026, 1, 20))  # own is due 15 Jan, other 15 Feb
    client.force_login(world.user("coordinator"))
    html = client.get(reverse("plans:tasks", kwargs={"agency_slug": world.own.slug}) + "?when=overdue&unit=all")
    html = html.content.decode()
    assert "งานของกองคลัง" in html and "งานของสำนักปลัด" not in html and "เลยกำหนด" in html


def test_task_comments(client, world, access, tasks):
    own, _ = tasks
    url = reverse("plans:task_comment", kwargs={"agency_slug": world.own.slug, "task_id": own.pk})
    client.force_login(world.user("executive"))
    assert client.post(url, {"body": "เร่งด่วน"}).status_code == 302
    response = client.post(url, {"body": ""})
    assert response.status_code == 400 and "กรุณาพิมพ์ความเห็น" in response.content.decode()
    client.force_login(world.user("unit_staff"))
    assert client.post(url, {"body": "x"}).status_code == 403
    assert list(Comment.objects.filter(task=own).values_list("body", flat=True)) == ["เร่งด่วน"]
    assert TaskStatus.DONE == "done"
