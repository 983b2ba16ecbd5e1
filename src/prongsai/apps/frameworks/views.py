"""The framework workbench (``/frameworks/…``): a system administrator, or a person granted the right, puts each
fiscal year's ITA framework into the system from the NACC manual without writing YAML.

Thin views: access through ``frameworks.access``, reads through ``frameworks.selectors`` (and the core), every write
through ``frameworks.services`` (each save a new version with a reason; a stale version is refused). An import is
reviewed first; what is saved is exactly what was reviewed, carried between the two steps in a signed, compressed
token, never by reading the file again."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from prongsai.apps.base.downloads import mark_attachment
from prongsai.apps.frameworks import forms as f
from prongsai.apps.frameworks.access import framework_editor_view, system_admin_view
from prongsai.apps.frameworks.effects import effect
from prongsai.apps.frameworks.selectors import (
    active_user_named,
    current_fiscal_year,
    current_version,
    framework_editors,
    framework_for,
    framework_registry,
    stored_year,
    user_by_pk,
    year_state,
    year_version,
    year_versions,
)
from prongsai.apps.frameworks.services import (
    FrameworkRefused,
    current_raw,
    editor_grant,
    editor_revoke,
    parse_yaml_text,
    validate_raw,
    version_save,
    year_confirm,
    year_create_from,
    year_import_yaml,
)
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks.diff import diff_frameworks
from prongsai.core.frameworks.loader import framework_from_raw, framework_to_yaml
from prongsai.core.frameworks.schema import CONFIDENCE_TH, Framework
from prongsai.core.frameworks.sheet import framework_with_oit_items, read_oit_sheet

SECTION_LABELS = {
    "instruments": "เครื่องมือและน้ำหนัก",
    "indicators": "ตัวชี้วัด",
    "questions": "ข้อคำถาม",
    "oit": "ตัวชี้วัดย่อยและข้อ OIT",
    "levels": "เกณฑ์ระดับผล",
    "pass_line": "เกณฑ์ผ่าน",
    "targets": "ค่าเป้าหมาย",
    "national_results": "ผลระดับประเทศ",
    "sample_size": "ขนาดตัวอย่างขั้นต่ำ",
}
CHANGE_TH = {"added": "เพิ่ม", "removed": "ตัดออก", "renamed": "เปลี่ยนชื่อ", "moved": "ย้ายตัวชี้วัดย่อย",
             "renumbered": "เปลี่ยนรหัส"}
SHEET_SALT = "prongsai.frameworks.sheet-review"
YAML_SALT = "prongsai.frameworks.yaml-review"
REVIEW_MAX_AGE = 2 * 60 * 60  # a review left open longer is uploaded again
TOKEN_REFUSED = "ข้อมูลการตรวจทานไม่ถูกต้องหรือหมดอายุแล้ว ยังไม่มีอะไรถูกบันทึก กรุณาอัปโหลดไฟล์อีกครั้ง"


# --- small helpers ------------------------------------------------------------------------------------------------


def origin_label(origin: str) -> str:
    """``built-in:2569.yaml`` → ในตัวระบบ; ``workbench:2570@v3`` → ฉบับที่ 3 ที่บันทึกในระบบ; a path → its file name."""
    if origin.startswith("built-in:"):
        return "ในตัวระบบ"
    match = re.match(r"^workbench:\d+@v(\d+)$", origin)
    if match:
        return f"ฉบับที่ {match.group(1)} ที่บันทึกในระบบ"
    return f"ไฟล์ {PurePath(origin).name}" if origin else "ไม่ทราบ"


def _framework(fiscal_year: int) -> Framework:
    framework = framework_for(fiscal_year=fiscal_year)
    if framework is None:
        raise Http404(f"ไม่พบกรอบการประเมินปีงบประมาณ {fiscal_year}")
    return framework


def _thai(message: str) -> str:
    """The Thai half of a 'Thai / English' message."""
    return message.split(" / ")[0].strip()


@dataclass
class Refusal:
    """A refused save as a page shows it: a headline and, for schema errors, one line per problem."""

    headline: str
    details: list[str]
    conflict: bool = False


_LINE = re.compile(r"^\s*-\s*([^:]+):\s*(.*)$")


def refusal(exc: ProngsaiError) -> Refusal:
    text = exc.th or ""
    first, *rest = text.splitlines() or [""]
    conflict = getattr(exc, "field", None) == "version"
    if first.startswith("ไฟล์กรอบการประเมินไม่ถูกต้อง"):
        details = []
        for line in rest:
            match = _LINE.match(line)
            details.append(f"{match.group(1)}: {_thai(match.group(2))}" if match else _thai(line))
        return Refusal("บันทึกไม่ได้: ข้อมูลที่แก้ไขไม่ผ่านการตรวจของระบบ ข้อมูลที่กรอกไว้ยังอยู่ครบ", details)
    return Refusal(_thai(first), [_thai(line) for line in rest if line.strip()], conflict)


def _attach(exc: ProngsaiError, anchors: list[tuple[str, Any, str | None]]) -> None:
    """Put each schema problem beside the field it names, when a form row holds that field."""
    for line in (exc.th or "").splitlines()[1:]:
        match = _LINE.match(line)
        if not match:
            continue
        path, message = match.group(1).strip(), _thai(match.group(2))
        best = None
        for prefix, form, field in anchors:
            if (path == prefix or path.startswith((prefix + ".", prefix + "["))) and (
                best is None or len(prefix) > len(best[0])
            ):
                best = (prefix, form, field)
        if best is not None:
            _, form, field = best
            if field is None:
                leaf = path.rsplit(".", 1)[-1]
                field = leaf if leaf in form.fields else None
            form.add_error(field, message)


def _live(formset: Any) -> list[Any]:
    """The rows of a valid formset that hold data and are not marked for removal, in page order."""
    return [row for row in formset.forms if row.cleaned_data and not row.cleaned_data.get("DELETE")]


# --- the list of years --------------------------------------------------------------------------------------------


def _year_rows() -> list[dict[str, Any]]:
    registry = framework_registry()
    rows = []
    for year in sorted(registry.years(), reverse=True):
        try:
            fw = registry.get(year)
        except ProngsaiError as exc:
            rows.append({"year": year, "error": _thai(exc.th.splitlines()[0])})
            continue
        rows.append({
            "year": year,
            "provisional": fw.is_provisional,
            "source": origin_label(fw.origin),
            "oit_items": len(fw.oit.items()) if fw.oit else 0,
            "weights": " · ".join(f"{i.code} {i.weight:g}" for i in fw.instruments.items),
            "title": fw.title_th,
        })
    return rows


@framework_editor_view
@require_http_methods(["GET", "HEAD", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    years = framework_registry().years()
    today_year = current_fiscal_year()
    missing = today_year if today_year not in years else None
    suggestion = missing or (max(years) + 1 if years else today_year)
    base = max((y for y in years if y < suggestion), default=max(years) if years else None)
    form = f.YearCreateForm(request.POST or None, years=years,
                            initial={"fiscal_year": suggestion, "base_year": base})
    refused = None
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            version = year_create_from(actor=request.user, fiscal_year=cd["fiscal_year"], base_year=cd["base_year"],
                                       reason=cd["reason"])
        except FrameworkRefused as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.th)
            else:
                refused = refusal(exc)
        else:
            messages.success(request, f"สร้างกรอบการประเมินปีงบประมาณ {cd['fiscal_year']} จากปี {cd['base_year']}"
                                      f" แล้ว (ฉบับที่ {version.number} ชั่วคราว) ตรวจและแก้ไขแต่ละส่วนตามคู่มือ")
            return redirect("frameworks:year", fiscal_year=cd["fiscal_year"])
    status = 400 if request.method == "POST" else 200
    return render(request, "frameworks/index.html", {
        "rows": _year_rows(), "form": form, "refused": refused, "missing": missing, "base": base,
        "today_year": today_year,
    }, status=status)


# --- one year -----------------------------------------------------------------------------------------------------


def _sections(fw: Framework) -> list[dict[str, Any]]:
    out = []
    for name, label in SECTION_LABELS.items():
        section = getattr(fw, name, None)
        if section is None:
            continue
        out.append({"name": name, "label": label, "source": section.source,
                    "confidence": CONFIDENCE_TH[section.confidence], "weak": section.confidence in ("low", "unknown"),
                    "notes": section.notes})
    return out


def _effects_counts(fiscal_year: int) -> tuple[int, int]:
    return len(effect("results").behind(fiscal_year)), len(effect("checklists").behind(fiscal_year))


@framework_editor_view
@require_safe
def year(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    fw = _framework(fiscal_year)
    results, checklists = _effects_counts(fiscal_year)
    return render(request, "frameworks/year.html", {
        "fy": fiscal_year, "fw": fw, "state": year_state(fiscal_year=fiscal_year), "source": origin_label(fw.origin),
        "stored": stored_year(fiscal_year=fiscal_year), "sections": _sections(fw),
        "oit_count": len(fw.oit.items()) if fw.oit else 0,
        "questions_count": len(fw.questions.items) if fw.questions else 0,
        "results_behind": results, "checklists_behind": checklists, "parts": PARTS,
    })


# --- editing one part ---------------------------------------------------------------------------------------------
# Each part: ``build(raw, data)`` → forms (bound when ``data``), and ``apply(raw, forms)`` → the anchors that place
# schema errors beside fields, or None when a row was refused (its error is already beside it).


def _oit_indicators(raw: dict[str, Any]) -> list[int]:
    for inst in raw["instruments"]["items"]:
        if inst["code"] == "OIT":
            return list(inst["indicators"])
    return [i["number"] for i in raw["indicators"]["items"]]


def _weights_build(raw: dict[str, Any], data: Any) -> dict[str, Any]:
    items = raw["instruments"]["items"]
    rows = f.WeightFormSet(data, prefix="w", initial=[{"code": i["code"], "weight": i["weight"]} for i in items])
    names = {i["code"]: i["name_th"] for i in items}
    rows.labelled = [(row, row["code"].value(), names.get(row["code"].value(), "")) for row in rows.forms]
    return {"rows": rows, "section": f.SectionForm(data, prefix="s", initial=f.SectionForm.initial_for(
        raw["instruments"]))}


def _weights_apply(raw: dict[str, Any], forms: dict[str, Any]) -> list | None:
    section = raw["instruments"]
    by_code = {row.cleaned_data["code"]: row for row in forms["rows"].forms}
    if sorted(by_code) != sorted(i["code"] for i in section["items"]):
        forms["rows"].forms[0].add_error(None, "แบบฟอร์มไม่ตรงกับเครื่องมือของปีนี้ กรุณาเปิดหน้านี้ใหม่")
        return None
    anchors: list[tuple[str, Any, str | None]] = []
    for index, item in enumerate(section["items"]):
        row = by_code[item["code"]]
        item["weight"] = row.cleaned_data["weight"]
        anchors.append((f"instruments.items[{index}]", row, None))
    forms["section"].apply(section)
    return anchors


LEVEL_FIELDS = ("label", "label_en", "passed", "min_overall", "max_overall", "min_each_instrument")


def _levels_build(raw: dict[str, Any], data: Any) -> dict[str, Any]:
    initial = [{k: r.get(k) for k in LEVEL_FIELDS} for r in raw["levels"]["rules"]]
    for index, row in enumerate(initial, start=1):
        row["ORDER"] = index
    return {"rows": f.LevelFormSet(data, prefix="l", initial=initial),
            "section": f.SectionForm(data, prefix="s", initial=f.SectionForm.initial_for(raw["levels"]))}


def _levels_apply(raw: dict[str, Any], forms: dict[str, Any]) -> list | None:
    rules, anchors = [], []
    for index, row in enumerate(forms["rows"].ordered_forms):
        cd = row.cleaned_data
        rule = {k: cd[k] for k in LEVEL_FIELDS if cd.get(k) is not None}
        rule["passed"] = bool(cd.get("passed"))
        rules.append(rule)
        anchors.append((f"levels.rules[{index}]", row, None))
    raw["levels"]["rules"] = rules
    forms["section"].apply(raw["levels"])
    return anchors


def _indicators_build(raw: dict[str, Any], data: Any) -> dict[str, Any]:
    items = raw["indicators"]["items"]
    rows = f.IndicatorFormSet(data, prefix="i", initial=[
        {"number": i["number"], "name_th": i["name_th"], "name_en": i["name_en"]} for i in items])
    instrument = {i["number"]: i["instrument"] for i in items}
    rows.labelled = [(row, row["number"].value(), instrument.get(_int(row["number"].value()), ""))
                     for row in rows.forms]
    return {"rows": rows, "section": f.SectionForm(data, prefix="s", initial=f.SectionForm.initial_for(
        raw["indicators"]))}


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _indicators_apply(raw: dict[str, Any], forms: dict[str, Any]) -> list | None:
    items = raw["indicators"]["items"]
    by_number = {row.cleaned_data["number"]: row for row in forms["rows"].forms}
    if sorted(by_number) != sorted(i["number"] for i in items):
        forms["rows"].forms[0].add_error(None, "แบบฟอร์มไม่ตรงกับตัวชี้วัดของปีนี้ กรุณาเปิดหน้านี้ใหม่")
        return None
    anchors = []
    for index, item in enumerate(items):
        row = by_number[item["number"]]
        item["name_th"], item["name_en"] = row.cleaned_data["name_th"], row.cleaned_data["name_en"]
        anchors.append((f"indicators.items[{index}]", row, None))
    forms["section"].apply(raw["indicators"])
    return anchors


def _oit_build(raw: dict[str, Any], data: Any) -> dict[str, Any]:
    section = raw.get("oit") or {"source": [], "confidence": "unknown", "subindicators": []}
    subs_initial, items_initial = [], []
    for sub in section["subindicators"]:
        subs_initial.append({"old_code": sub["code"], "code": sub["code"], "indicator": sub["indicator"],
                             "name_th": sub.get("name_th", "")})
        for item in sub["items"]:
            items_initial.append({
                "code": item["code"], "title_th": item.get("title_th", ""), "subindicator": sub["code"],
                "required_parts": "\n".join(item.get("required_parts", [])), "period": item.get("period", ""),
                "source": item.get("source", ""), "confidence": item.get("confidence", ""),
            })
    indicators = [("", "เลือก"), *[(n, str(n)) for n in _oit_indicators(raw)]]
    subs = f.SubindicatorFormSet(data, prefix="sub", initial=subs_initial)
    for row in [*subs.forms, subs.empty_form]:
        row.fields["indicator"].choices = indicators
    items = f.OitItemFormSet(data, prefix="it", initial=items_initial)
    items.code_label = "ข้อ"
    return {"subs": subs, "items": items,
            "section": f.SectionForm(data, prefix="s", initial=f.SectionForm.initial_for(section))}


def _oit_apply(raw: dict[str, Any], forms: dict[str, Any]) -> list | None:
    section = raw.setdefault("oit", {"source": [], "confidence": "unknown", "subindicators": []})
    old = {s["code"]: s for s in section["subindicators"]}
    sub_rows = _live(forms["subs"])
    codes = [row.cleaned_data["code"] for row in sub_rows]
    renamed = {row.cleaned_data["old_code"]: row.cleaned_data["code"] for row in sub_rows
               if row.cleaned_data.get("old_code") and row.cleaned_data["old_code"] != row.cleaned_data["code"]}
    grouped: dict[str, list[tuple[Any, dict[str, Any]]]] = {code: [] for code in codes}
    ok = True
    for row in _live(forms["items"]):
        cd = row.cleaned_data
        sub = cd["subindicator"].strip()
        if sub not in grouped:
            sub = renamed.get(sub, sub)
        if sub not in grouped:
            row.add_error("subindicator", f"ไม่มีตัวชี้วัดย่อย {cd['subindicator']} ในตารางด้านบน")
            ok = False
            continue
        item: dict[str, Any] = {"code": cd["code"], "required_parts": f.lines(cd["required_parts"])}
        for key in ("title_th", "period", "source", "confidence"):
            if (cd.get(key) or "").strip():
                item[key] = cd[key].strip()
        grouped[sub].append((row, item))
    for row in sub_rows:
        if not grouped[row.cleaned_data["code"]]:
            row.add_error(None, f"ตัวชี้วัดย่อย {row.cleaned_data['code']} ยังไม่มีข้อ OIT เพิ่มข้อในตารางด้านล่าง"
                                " หรือลบตัวชี้วัดย่อยนี้")
            ok = False
    if not ok:
        return None
    subindicators, anchors = [], []
    for i, row in enumerate(sub_rows):
        cd = row.cleaned_data
        kept = {k: v for k, v in old.get(cd.get("old_code") or "", {}).items() if k in ("confidence", "notes")}
        sub = {"code": cd["code"], "indicator": cd["indicator"], **kept,
               "items": [item for _, item in grouped[cd["code"]]]}
        if cd["name_th"].strip():
            sub["name_th"] = cd["name_th"].strip()
        subindicators.append(sub)
        anchors.append((f"oit.subindicators[{i}]", row, None))
        for j, (item_row, _) in enumerate(grouped[cd["code"]]):
            anchors.append((f"oit.subindicators[{i}].items[{j}]", item_row, None))
    section["subindicators"] = subindicators
    forms["section"].apply(section)
    return anchors


def _questions_build(raw: dict[str, Any], data: Any) -> dict[str, Any]:
    section = raw.get("questions") or {"source": [], "confidence": "unknown", "scales": {}, "items": []}
    initial = [{"old_code": q["code"], "code": q["code"], "indicator": q["indicator"], "text_th": q["text_th"],
                "scale": q["sub_items"][0]["scale"]} for q in section["items"]]
    kwargs = {"indicators": [], "scales": []}
    rows = f.QuestionFormSet(data, prefix="q", initial=initial, form_kwargs=kwargs)
    indicators = [("", "เลือก"), *[(i["number"], str(i["number"])) for i in raw["indicators"]["items"]]]
    scales = [("", "เลือก"), *[(k, f"{k}: {v.get('name_th', '')}") for k, v in section.get("scales", {}).items()]]
    for row in [*rows.forms, rows.empty_form]:
        row.fields["indicator"].choices = indicators
        row.fields["scale"].choices = scales
    return {"rows": rows, "section": f.SectionForm(data, prefix="s", initial=f.SectionForm.initial_for(section)),
            "no_scales": not section.get("scales")}


def _questions_apply(raw: dict[str, Any], forms: dict[str, Any]) -> list | None:
    live = _live(forms["rows"])
    if raw.get("questions") is None and not live:
        return []  # nothing to add to a year without questions
    section = raw.setdefault("questions", {"source": [], "confidence": "unknown", "scales": {}, "items": []})
    old = {q["code"]: q for q in section["items"]}
    items, anchors = [], []
    for index, row in enumerate(live):
        cd = row.cleaned_data
        base = copy.deepcopy(old.get(cd.get("old_code") or "", {}))
        sub_items = base.get("sub_items") or [{"code": "", "scale": cd["scale"]}]
        if sub_items[0].get("scale") != cd["scale"]:
            for sub in sub_items:
                sub["scale"] = cd["scale"]
        items.append({**base, "code": cd["code"], "indicator": cd["indicator"], "text_th": cd["text_th"],
                      "sub_items": sub_items})
        anchors.append((f"questions.items[{index}]", row, None))
    section["items"] = items
    forms["section"].apply(section)
    return anchors


def _sources_build(raw: dict[str, Any], data: Any) -> dict[str, Any]:
    sections = [(name, label) for name, label in SECTION_LABELS.items() if isinstance(raw.get(name), dict)]
    initial = {}
    for name, _ in sections:
        for key, value in f.SectionForm.initial_for(raw[name]).items():
            initial[f"{name}_{key}"] = value
    return {"sources": f.SourcesForm(data, prefix="src", sections=sections, initial=initial)}


def _sources_apply(raw: dict[str, Any], forms: dict[str, Any]) -> list | None:
    form = forms["sources"]
    anchors = []
    for name, _ in form.sections:
        section = raw[name]
        section["source"] = f.lines(form.cleaned_data[f"{name}_source"])
        section["confidence"] = form.cleaned_data[f"{name}_confidence"]
        notes = form.cleaned_data[f"{name}_notes"].strip()
        if notes:
            section["notes"] = notes
        else:
            section.pop("notes", None)
        anchors.append((name, form, None))
    return anchors


@dataclass(frozen=True)
class Part:
    label: str
    template: str
    build: Any
    apply: Any


PARTS: dict[str, Part] = {
    "weights": Part("น้ำหนักเครื่องมือ", "frameworks/edit_weights.html", _weights_build, _weights_apply),
    "levels": Part("เกณฑ์ระดับผล", "frameworks/edit_levels.html", _levels_build, _levels_apply),
    "indicators": Part("ตัวชี้วัด", "frameworks/edit_indicators.html", _indicators_build, _indicators_apply),
    "oit": Part("ตัวชี้วัดย่อยและข้อ OIT", "frameworks/edit_oit.html", _oit_build, _oit_apply),
    "questions": Part("ข้อคำถาม", "frameworks/edit_questions.html", _questions_build, _questions_apply),
    "sources": Part("ที่มาและความเชื่อมั่นของทุกส่วน", "frameworks/edit_sources.html", _sources_build,
                    _sources_apply),
}


def _more_rows(data: Any, forms: dict[str, Any]) -> Any:
    """The posted data with a few more blank rows in every table that may grow (the "add rows" button)."""
    data = data.copy()
    for form in forms.values():
        if hasattr(form, "management_form") and form.can_delete:
            key = f"{form.prefix}-TOTAL_FORMS"
            current = _int(data.get(key)) or 0
            data[key] = str(min(current + 5, 395))
    return data


@framework_editor_view
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, fiscal_year: int, part: str) -> HttpResponse:
    spec = PARTS.get(part)
    if spec is None:
        raise Http404("ไม่พบส่วนที่ต้องการแก้ไข")
    _framework(fiscal_year)
    raw = current_raw(fiscal_year=fiscal_year)
    data = request.POST if request.method == "POST" else None
    forms = spec.build(raw, data)
    if data is not None and "add_rows" in data:
        data = _more_rows(data, forms)
        forms = spec.build(raw, data)
        meta = f.ReasonForm(initial={"version": data.get("version"), "reason": data.get("reason", "")})
        return _edit_page(request, fiscal_year, part, spec, forms, meta, None, status=200, quiet=True)
    meta = f.ReasonForm(data, initial={"version": current_version(fiscal_year=fiscal_year)})
    refused = None
    status = 200
    if data is not None:
        status = 400
        valid = meta.is_valid()
        valid = all([form.is_valid() for form in forms.values() if hasattr(form, "is_valid")]) and valid
        if valid:
            anchors = spec.apply(raw, forms)
            if anchors is not None:
                try:
                    version = version_save(
                        actor=request.user, fiscal_year=fiscal_year, raw=raw,
                        expected_version=meta.cleaned_data["version"], reason=meta.cleaned_data["reason"],
                        origin_note=f"แก้ไข: {spec.label}",
                    )
                except FrameworkRefused as exc:
                    refused = refusal(exc)
                    if exc.field == "reason":
                        meta.add_error("reason", exc.th)
                    elif refused.conflict:
                        status = 409
                    else:
                        _attach(exc, anchors)
                else:
                    messages.success(request, f"บันทึก{spec.label}ของปีงบประมาณ {fiscal_year} แล้ว (ฉบับที่"
                                              f" {version.number}) ตรวจผลกระทบต่อผลการประเมินและรายการ OIT ได้ที่ลิงก์ด้านล่าง")
                    return redirect("frameworks:year", fiscal_year=fiscal_year)
    return _edit_page(request, fiscal_year, part, spec, forms, meta, refused, status=status)


def _edit_page(request: HttpRequest, fiscal_year: int, part: str, spec: Part, forms: dict[str, Any], meta: Any,
               refused: Refusal | None, *, status: int, quiet: bool = False) -> HttpResponse:
    errors = not quiet and (bool(meta.errors) or any(
        (getattr(form, "total_error_count", None) and form.total_error_count())
        or (not hasattr(form, "total_error_count") and hasattr(form, "errors") and form.errors)
        for form in forms.values() if not isinstance(form, bool)
    ))
    context = {"fy": fiscal_year, "part": part, "spec": spec, "meta": meta, "refused": refused,
               "has_errors": errors, **forms}
    return render(request, spec.template, context, status=status)


# --- YAML export --------------------------------------------------------------------------------------------------


@framework_editor_view
@require_safe
def export_yaml(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    fw = _framework(fiscal_year)
    header = (f"กรอบการประเมิน ITA ปีงบประมาณ {fiscal_year} ({origin_label(fw.origin)})\n"
              f"ส่งออกจากโปร่งใส (Prongsai) เมื่อ {timezone.localtime():%Y-%m-%d %H:%M}")
    response = HttpResponse(framework_to_yaml(fw, header=header), content_type="application/yaml; charset=utf-8")
    return mark_attachment(response, f"กรอบการประเมิน-{fiscal_year}.yaml")


# --- importing the OIT item list from the manual as typed (XLSX/CSV) ----------------------------------------------


def _review_context(request: HttpRequest, payload: dict[str, Any]) -> dict[str, Any]:
    """What the review page shows, from the signed payload alone (the same on the upload and confirm answers)."""
    fy = payload["fy"]
    new = framework_from_raw(payload["raw"], f"review:{fy}")
    current = framework_for(fiscal_year=fy)
    before = current if current is not None else framework_for(fiscal_year=payload.get("base") or 0)
    before_label = f"ปี {fy} ฉบับปัจจุบัน" if current is not None else f"ปี {payload.get('base')} (ฐาน)"
    diff = diff_frameworks(before, new, a_label=before_label, b_label="จากไฟล์") if before is not None else None
    return {"fy": fy, "payload": payload, "new": new, "diff": diff, "before_label": before_label,
            "exists": current is not None, "change_th": CHANGE_TH,
            "oit_count": len(new.oit.items()) if new.oit else 0}


def _load_token(token: str, *, salt: str, request: HttpRequest) -> dict[str, Any] | None:
    try:
        payload = signing.loads(token or "", salt=salt, max_age=REVIEW_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or payload.get("user") != request.user.pk:
        return None
    return payload


@framework_editor_view
@require_http_methods(["GET", "HEAD", "POST"])
def sheet_upload(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    if not 2500 <= fiscal_year <= 2700:
        raise Http404("ปีงบประมาณต้องเป็นปี พ.ศ. ระหว่าง 2500 ถึง 2700")
    exists = framework_for(fiscal_year=fiscal_year) is not None
    base_years = None if exists else framework_registry().years()
    form = f.SheetUploadForm(request.POST or None, request.FILES or None, base_years=base_years,
                             initial={"base_year": year_state(fiscal_year=fiscal_year).base_year})
    problems: list[str] = []
    refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = PurePath(upload.name or "sheet").name[:200]
        try:
            data = b"".join(upload.chunks())
            sheet = read_oit_sheet(data, name)
            base_year = fiscal_year if exists else form.cleaned_data["base_year"]
            base = _framework(base_year)
            raw = framework_with_oit_items(base, sheet, fiscal_year=fiscal_year, source=f"ไฟล์ {name}")
            validate_raw(raw, fiscal_year=fiscal_year)
        except ProngsaiError as exc:
            found = getattr(exc, "problems", None)
            if found:
                problems = [p.text_th() for p in found]
                refused = Refusal(f"ไฟล์ “{name}” มีข้อผิดพลาด {len(found)} รายการ ยังไม่มีอะไรถูกบันทึก", [])
            else:
                refused = refusal(exc)
                refused.headline = f"อ่านไฟล์ “{name}” ไม่ได้: {refused.headline} ยังไม่มีอะไรถูกบันทึก"
        else:
            payload = {"fy": fiscal_year, "raw": raw, "version": current_version(fiscal_year=fiscal_year), "name": name,
                       "user": request.user.pk, "base": None if exists else base_year,
                       "notes": list(getattr(sheet, "notes", []) or []), "sheet_name": getattr(sheet, "sheet_name", ""),
                       "header_row": getattr(sheet, "header_row", None), "rows": len(sheet.items)}
            token = signing.dumps(payload, salt=SHEET_SALT, compress=True)
            confirm = f.ImportConfirmForm(initial={"token": token})
            return render(request, "frameworks/sheet_review.html",
                          {**_review_context(request, payload), "confirm": confirm})
    status = 400 if request.method == "POST" else 200
    return render(request, "frameworks/sheet_upload.html", {
        "fy": fiscal_year, "form": form, "exists": exists, "problems": problems, "refused": refused,
    }, status=status)


@framework_editor_view
@require_POST
def sheet_confirm(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    confirm = f.ImportConfirmForm(request.POST)
    payload = _load_token(request.POST.get("token", ""), salt=SHEET_SALT, request=request)
    if payload is None or payload.get("fy") != fiscal_year:
        return render(request, "frameworks/token_refused.html", {"fy": fiscal_year, "message": TOKEN_REFUSED},
                      status=400)
    refused = None
    if confirm.is_valid():
        try:
            version = version_save(
                actor=request.user, fiscal_year=fiscal_year, raw=payload["raw"], expected_version=payload["version"],
                reason=confirm.cleaned_data["reason"], origin_note=f"ไฟล์รายการข้อ OIT: {payload['name']}",
            )
        except FrameworkRefused as exc:
            refused = refusal(exc)
        else:
            messages.success(request, f"บันทึกรายการข้อ OIT ปีงบประมาณ {fiscal_year} จากไฟล์ “{payload['name']}”"
                                      f" แล้ว (ฉบับที่ {version.number}) ตรวจผลกระทบต่อหน่วยงานได้ที่หน้านี้")
            return redirect("frameworks:effects", fiscal_year=fiscal_year)
    return render(request, "frameworks/sheet_review.html",
                  {**_review_context(request, payload), "confirm": confirm, "refused": refused}, status=400)


# --- YAML shared by another installation --------------------------------------------------------------------------


def _yaml_context(payload: dict[str, Any]) -> dict[str, Any]:
    fy = payload["fy"]
    new = validate_raw({**payload["raw"], "fiscal_year": fy}, fiscal_year=fy)
    current = framework_for(fiscal_year=fy)
    diff = diff_frameworks(current, new, a_label=f"ปี {fy} ฉบับปัจจุบัน", b_label="จากไฟล์") if current is not None else None
    return {"fy": fy, "payload": payload, "new": new, "diff": diff, "exists": current is not None,
            "change_th": CHANGE_TH, "oit_count": len(new.oit.items()) if new.oit else 0,
            "sections": _sections(new)}


@framework_editor_view
@require_http_methods(["GET", "HEAD", "POST"])
def yaml_import(request: HttpRequest) -> HttpResponse:
    form = f.YamlUploadForm(request.POST or None, request.FILES or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = PurePath(upload.name or "framework.yaml").name[:200]
        try:
            text = b"".join(upload.chunks()).decode("utf-8")
        except UnicodeDecodeError:
            form.add_error("file", "ไฟล์ต้องเป็นข้อความ UTF-8")
        else:
            try:
                raw = parse_yaml_text(text)
                fy = raw.get("fiscal_year", raw.get("extends"))
                if not 2500 <= fy <= 2700:
                    raise FrameworkRefused("ปีงบประมาณในไฟล์ต้องเป็นปี พ.ศ. ระหว่าง 2500 ถึง 2700", field="file")
                payload = {"fy": fy, "raw": raw, "text": text, "name": name, "version": current_version(fiscal_year=fy),
                           "user": request.user.pk}
                context = _yaml_context(payload)
            except FrameworkRefused as exc:
                refused = refusal(exc)
            else:
                token = signing.dumps(payload, salt=YAML_SALT, compress=True)
                return render(request, "frameworks/yaml_review.html",
                              {**context, "confirm": f.ImportConfirmForm(initial={"token": token})})
    status = 400 if request.method == "POST" else 200
    return render(request, "frameworks/yaml_upload.html", {"form": form, "refused": refused}, status=status)


@framework_editor_view
@require_POST
def yaml_confirm(request: HttpRequest) -> HttpResponse:
    confirm = f.ImportConfirmForm(request.POST)
    payload = _load_token(request.POST.get("token", ""), salt=YAML_SALT, request=request)
    if payload is None:
        return render(request, "frameworks/token_refused.html", {"fy": None, "message": TOKEN_REFUSED}, status=400)
    fy = payload["fy"]
    refused = None
    if confirm.is_valid():
        try:
            if current_version(fiscal_year=fy) != payload["version"]:
                raise FrameworkRefused(
                    f"มีผู้แก้ไขกรอบการประเมินปี {fy} ไปก่อนหน้าท่าน ข้อมูลจากไฟล์ยังไม่ถูกบันทึก กรุณาอัปโหลดไฟล์อีกครั้ง"
                    " เพื่อตรวจทานกับฉบับล่าสุด", field="version")
            version = year_import_yaml(actor=request.user, text=payload["text"], reason=confirm.cleaned_data["reason"],
                                       source_name=payload["name"])
        except FrameworkRefused as exc:
            refused = refusal(exc)
        else:
            messages.success(request, f"นำเข้ากรอบการประเมินปีงบประมาณ {fy} จากไฟล์ “{payload['name']}” แล้ว"
                                      f" (ฉบับที่ {version.number})")
            return redirect("frameworks:effects", fiscal_year=fy)
    try:
        context = _yaml_context(payload)
    except FrameworkRefused as exc:  # the installation changed since the review (e.g. a base year)
        return render(request, "frameworks/token_refused.html", {"fy": fy, "message": exc.th}, status=400)
    return render(request, "frameworks/yaml_review.html", {**context, "confirm": confirm, "refused": refused},
                  status=400)


# --- versions, diff, confirm --------------------------------------------------------------------------------------


@framework_editor_view
@require_safe
def versions(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    fw = _framework(fiscal_year)
    rows = list(year_versions(fiscal_year=fiscal_year))
    return render(request, "frameworks/versions.html", {
        "fy": fiscal_year, "fw": fw, "versions": rows, "source": origin_label(fw.origin),
        "has_builtin": fiscal_year in framework_registry().without_stored(fiscal_year).years(),
    })


_SPEC = re.compile(r"^\s*(\d{4})\s*(?:@\s*v(\d{1,6}))?\s*$")


def _resolve(spec: str) -> tuple[Framework, str]:
    """``2569`` (the year as it is now), ``2570@v2`` (a stored version) or ``2570@v0`` (the built-in or file year
    without any stored version) → the framework and a Thai label. Raises FrameworkRefused with a Thai reason."""
    match = _SPEC.match(spec or "")
    if not match:
        raise FrameworkRefused(f"ระบุปีหรือฉบับไม่ถูกต้อง: “{spec[:40]}” (เช่น 2569 หรือ 2570@v2)")
    fy = int(match.group(1))
    if match.group(2) is None:
        fw = framework_for(fiscal_year=fy)
        if fw is None:
            raise FrameworkRefused(f"ไม่พบกรอบการประเมินปีงบประมาณ {fy}")
        return fw, f"ปี {fy} ({origin_label(fw.origin)})"
    number = int(match.group(2))
    if number == 0:
        try:
            return framework_registry().without_stored(fy).get(fy), f"ปี {fy} ในตัวระบบหรือไฟล์"
        except ProngsaiError:
            raise FrameworkRefused(f"ปีงบประมาณ {fy} ไม่มีกรอบในตัวระบบหรือไฟล์") from None
    version = year_version(fiscal_year=fy, number=number)
    if version is None:
        raise FrameworkRefused(f"ไม่พบฉบับที่ {number} ของปีงบประมาณ {fy}")
    try:
        if version.raw is None:
            fw = framework_registry().without_stored(fy).get(fy)
        else:
            fw = framework_from_raw(version.raw, version.origin)
    except ProngsaiError as exc:
        raise FrameworkRefused(exc.th, exc.en) from None
    return fw, f"ปี {fy} ฉบับที่ {number}"


@framework_editor_view
@require_safe
def diff(request: HttpRequest) -> HttpResponse:
    a, b = request.GET.get("a", "")[:40], request.GET.get("b", "")[:40]
    years = sorted(framework_registry().years(), reverse=True)
    context: dict[str, Any] = {"a": a, "b": b, "years": years, "change_th": CHANGE_TH}
    status = 200
    if a or b:
        try:
            fw_a, label_a = _resolve(a)
            fw_b, label_b = _resolve(b)
        except FrameworkRefused as exc:
            context["error"] = exc.th
            status = 400
        else:
            context = {**context, "label_a": label_a, "label_b": label_b,
                       "diff": diff_frameworks(fw_a, fw_b, a_label=label_a, b_label=label_b)}
    return render(request, "frameworks/diff.html", context, status=status)


@framework_editor_view
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    fw = _framework(fiscal_year)
    meta = f.ReasonForm(request.POST or None, initial={"version": current_version(fiscal_year=fiscal_year)})
    refused = None
    status = 200
    if request.method == "POST":
        status = 400
        if meta.is_valid():
            try:
                version = year_confirm(actor=request.user, fiscal_year=fiscal_year,
                                       expected_version=meta.cleaned_data["version"],
                                       reason=meta.cleaned_data["reason"])
            except FrameworkRefused as exc:
                refused = refusal(exc)
                status = 409 if refused.conflict else 400
            else:
                messages.success(request, f"ยืนยันกรอบการประเมินปีงบประมาณ {fiscal_year} กับคู่มือแล้ว"
                                          f" (ฉบับที่ {version.number})")
                return redirect("frameworks:year", fiscal_year=fiscal_year)
    return render(request, "frameworks/confirm.html", {
        "fy": fiscal_year, "fw": fw, "meta": meta, "refused": refused, "sections": _sections(fw),
    }, status=status)


# --- effects of a new version -------------------------------------------------------------------------------------


def _effects_page(request: HttpRequest, fiscal_year: int, *, rescore_form: Any = None, rescored: Any = None,
                  followed: Any = None, error: str = "", status: int = 200) -> HttpResponse:
    fw = _framework(fiscal_year)
    return render(request, "frameworks/effects.html", {
        "fy": fiscal_year, "fw": fw, "source": origin_label(fw.origin),
        "results": effect("results").behind(fiscal_year),
        "checklists": effect("checklists").behind(fiscal_year),
        "rescore_form": rescore_form or f.RescoreForm(), "rescored": rescored, "followed": followed, "error": error,
    }, status=status)


@framework_editor_view
@require_safe
def effects(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    return _effects_page(request, fiscal_year)


def _refusal_text(exc: Exception) -> str:
    th = getattr(exc, "th", None)
    if th:
        return th
    messages_ = getattr(exc, "messages", None)
    return " ".join(messages_) if messages_ else "ทำรายการไม่สำเร็จ"


@framework_editor_view
@require_POST
def rescore(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    _framework(fiscal_year)
    form = f.RescoreForm(request.POST)
    if not form.is_valid():
        return _effects_page(request, fiscal_year, rescore_form=form, status=400)
    try:
        report = effect("results").apply(request.user, fiscal_year, form.cleaned_data["reason"])
    except (ProngsaiError, ValidationError) as exc:  # the owning app's refusal, with its Thai message
        return _effects_page(request, fiscal_year, rescore_form=form, error=_refusal_text(exc), status=400)
    return _effects_page(request, fiscal_year, rescored=report)


@framework_editor_view
@require_POST
def follow(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    _framework(fiscal_year)
    if request.POST.get("confirm") != "yes":
        return _effects_page(request, fiscal_year, error="กรุณากดปุ่มปรับรายการตรวจเพื่อยืนยัน", status=400)
    try:
        report = effect("checklists").apply(request.user, fiscal_year, "")
    except (ProngsaiError, ValidationError) as exc:
        return _effects_page(request, fiscal_year, error=_refusal_text(exc), status=400)
    return _effects_page(request, fiscal_year, followed=report)


# --- who may use the workbench ------------------------------------------------------------------------------------


@system_admin_view
@require_http_methods(["GET", "HEAD", "POST"])
def editors(request: HttpRequest) -> HttpResponse:
    form = f.EditorGrantForm(request.POST if request.POST.get("action") == "grant" else None)
    error = ""
    status = 200
    if request.method == "POST":
        status = 400
        action = request.POST.get("action")
        if action == "grant" and form.is_valid():
            user = active_user_named(username=form.cleaned_data["username"])
            if user is None:
                form.add_error("username", "ไม่พบผู้ใช้ชื่อนี้ (หรือบัญชีถูกระงับ)")
            else:
                editor_grant(actor=request.user, user=user, note=form.cleaned_data["note"])
                messages.success(request, f"ให้สิทธิ์แก้ไขกรอบการประเมินแก่ {user.get_username()} แล้ว")
                return redirect("frameworks:editors")
        elif action == "revoke":
            user = user_by_pk(pk=_int(request.POST.get("user")) or 0)
            if user is None:
                error = "ไม่พบผู้ใช้ที่ต้องการยกเลิกสิทธิ์"
            else:
                editor_revoke(actor=request.user, user=user)
                messages.success(request, f"ยกเลิกสิทธิ์แก้ไขกรอบการประเมินของ {user.get_username()} แล้ว")
                return redirect("frameworks:editors")
        elif action != "grant":
            error = "คำขอไม่ถูกต้อง"
    return render(request, "frameworks/editors.html", {
        "form": form, "editors": framework_editors(), "error": error,
    }, status=status)
