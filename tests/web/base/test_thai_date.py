"""The site's one date box (`base.forms.BEDateField` + `ThaiDateInput` + `static/prongsai/thaidate.js`).

Before: the plans' measure and task dates were the browser's ``<input type="date">`` (10/01/2027 under a "พ.ศ. 2571"
hint), the assessment rounds' too, and the other forms a text box; now every date of every form is the Thai box."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django import forms

import prongsai.apps
from prongsai.apps.base.forms import BEDateField, ThaiDateInput
from prongsai.core.thaidate import ThaiDateError, parse_thai_date, thai_date_words

SRC = Path(prongsai.apps.__file__).resolve().parents[1]
SCRIPT = SRC / "apps" / "base" / "static" / "prongsai" / "thaidate.js"


def _form_classes():
    for module in pkgutil.iter_modules(prongsai.apps.__path__):
        try:
            forms_module = importlib.import_module(f"prongsai.apps.{module.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(forms_module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == forms_module.__name__:
                yield cls


def test_every_date_of_every_form_is_the_thai_date_box():
    dates = []
    for cls in _form_classes():
        for name, field in cls.base_fields.items():  # a ModelForm's fields too, without an instance
            widget = field.widget
            assert not isinstance(field, forms.DateField | forms.DateTimeField), f"{cls.__name__}.{name}"
            assert not isinstance(widget, forms.DateInput | forms.DateTimeInput), f"{cls.__name__}.{name}"
            assert widget.attrs.get("type") != "date" and getattr(widget, "input_type", "") != "date"
            if isinstance(field, BEDateField):
                assert isinstance(widget, ThaiDateInput), f"{cls.__name__}.{name}"
                dates.append(f"{cls.__name__}.{name}")
    # the plans' and the rounds' dates were the browser's date picker
    for converted in ("MeasureForm.start", "MeasureForm.end", "TaskForm.due", "RoundForm.starts_on",
                      "PhaseForm.starts_on", "PhaseForm.ends_on", "JudgeForm.checked_on"):
        assert converted in dates
    assert len(dates) >= 20


def test_no_template_or_form_writes_a_browser_date_input():
    offenders = []
    for path in [*SRC.rglob("*.html"), *SRC.rglob("forms.py")]:
        text = path.read_text(encoding="utf-8")
        for needle in (r"type=[\"']date[\"']", r"[\"']type[\"']\s*:\s*[\"']date[\"']", r"(?<!Thai)DateInput\(",
                       r"forms\.DateField\("):
            if re.search(needle, text):
                offenders.append(f"{path.relative_to(SRC)}: {needle}")
    assert offenders == []


def test_the_box_renders_as_text_with_a_numeric_keypad_the_words_and_its_script():
    class Form(forms.Form):
        day = BEDateField(label="วันที่")

    html = str(Form(initial={"day": date(2025, 1, 15)})["day"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html and 'value="15/01/2568"' in html
    assert 'data-thai-date' in html and 'id="id_day_words"' in html and "วันพุธที่ 15 มกราคม พ.ศ. 2568" in html
    assert '<script src="/static/prongsai/thaidate.js" defer></script>' in html
    assert 'href="/static/prongsai/thaidate.css"' in html and 'type="date"' not in html
    typed = str(Form({"day": "15 ม.ค. 2568"})["day"])
    assert 'value="15 ม.ค. 2568"' in typed and "วันพุธที่ 15 มกราคม พ.ศ. 2568" in typed  # read back as typed
    wrong = Form({"day": "31/02/2568"})
    assert not wrong.is_valid() and wrong.errors["day"] == ["ไม่มีวันที่นี้ในปฏิทิน"]
    assert 'value="31/02/2568"' in str(wrong["day"]) and "วันพุธ" not in str(wrong["day"])
    field = BEDateField()
    field.limit(date(2025, 10, 1), date(2026, 9, 30))
    assert field.widget.attrs["data-min"] == "2025-10-01" and field.widget.attrs["data-max"] == "2026-09-30"


def _measure_form(**values):
    from prongsai.apps.plans.forms import MeasureForm

    data = {"version": "1", "title_th": "มาตรการ", "responsible_unit": "สำนักปลัด", "start": "1/10/2568",
            "end": "30/9/2569", **values}
    return MeasureForm(data, fiscal_year=2569)


def _phase_form(**values):
    from prongsai.apps.rounds.forms import PhaseForm

    return PhaseForm({"kind": "registration", "starts_on": "1 ต.ค. 2568", "ends_on": "31 ต.ค. 2568", **values})


@pytest.mark.django_db
@pytest.mark.parametrize(("make", "field", "good", "day"), [
    (_measure_form, "start", "15 ม.ค. 2569", date(2026, 1, 15)),
    (_measure_form, "end", "๓๑ มีนาคม ๒๕๖๙", date(2026, 3, 31)),
    (_phase_form, "starts_on", "15/10/2568", date(2025, 10, 15)),
])
def test_each_converted_form_takes_be_dates_and_keeps_its_range_checks(make, field, good, day):
    form = make(**{field: good})
    assert form.is_valid(), form.errors
    assert form.cleaned_data[field] == day
    gregorian = make(**{field: f"{day.day}/{day.month}/{day.year}"})  # a Gregorian year is read as such
    assert gregorian.is_valid() and gregorian.cleaned_data[field] == day
    assert not make(**{field: "15/01/2300"}).is_valid()  # neither era: refused


@pytest.mark.django_db
def test_the_measure_forms_range_errors_are_thai_and_beside_the_field():
    form = _measure_form(start="1/2/2569", end="1/1/2569")
    assert not form.is_valid() and "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม" in form.errors["end"][0]
    form = _measure_form(end="1/10/2569")  # 1 October 2569 is in the next fiscal year
    assert not form.is_valid() and "อยู่นอกปีงบประมาณ พ.ศ. 2569" in form.errors["end"][0]
    form = _measure_form(start="")
    assert form.errors["start"] == ["กรุณาระบุวันเริ่ม"]


@pytest.mark.django_db
def test_the_task_form_limits_the_calendar_to_the_fiscal_year(world):
    from prongsai.apps.agencies.models import Unit
    from prongsai.apps.plans.forms import TaskForm

    form = TaskForm(units=Unit.objects.filter(agency=world.own), fiscal_year=2569)
    html = str(form["due"])
    assert 'data-min="2025-10-01"' in html and 'data-max="2026-09-30"' in html and "พ.ศ. 2569" in form["due"].help_text


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_page_script_reads_dates_as_the_server_does():
    """thaidate.js (run in node with a bare window) against core.thaidate, on the same table."""
    texts = [
        "15/01/2568", "15-1-2568", "15 01 2568", "๑๕/๐๑/๒๕๖๘", "15 ม.ค. 2568", "15มค2568", "15 มกราคม 2568",
        "วันพุธที่ 15 มกราคม พ.ศ. 2568", "15 ม.ค. 68", "2025-01-15", "2568-01-15", "15/01/2025",
        "15 มกราคม ค.ศ. 2025", "15 มกราคม พ.ศ. 2025", "31/02/2568", "29/02/2567", "1/1/2300", "1/1/1800", "พรุ่งนี้",
        "", "1" * 80, "30/9/2693", "1/1/2694",
    ]
    runner = (
        "const fs=require('fs'),vm=require('vm');"
        "const ctx={window:{},document:{querySelectorAll:()=>[],addEventListener:()=>{}},Event:function(){}};"
        "vm.createContext(ctx);vm.runInContext(fs.readFileSync(process.argv[1],'utf8'),ctx);"
        "const api=ctx.window.prongsaiThaiDate;"
        "const out=JSON.parse(fs.readFileSync(0,'utf8')).map(t=>{const d=api.parse(t);"
        "return d?[d.y,d.m,d.d,api.words(d),api.typed(d)]:null;});process.stdout.write(JSON.stringify(out));"
    )
    done = subprocess.run(["node", "-e", runner, str(SCRIPT)], input=json.dumps(texts), capture_output=True,
                          text=True, check=True, timeout=60)
    for text, got in zip(texts, json.loads(done.stdout), strict=True):
        try:
            day = parse_thai_date(text)
        except ThaiDateError:
            assert got is None, text
            continue
        assert got == [day.year, day.month, day.day, thai_date_words(day), f"{day.day:02d}/{day.month:02d}/"
                       f"{day.year + 543}"], text
