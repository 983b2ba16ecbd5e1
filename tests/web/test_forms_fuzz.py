"""Every numeric field of every form of the web apps, fed hostile values: ``form.is_valid()`` never raises, and a
value refused gets a Thai message beside its field.

The forms are found, not listed: every ``forms.Form`` subclass in ``prongsai.apps.<app>.forms`` (and the sign-in
code form). A numeric field is a Django Integer/Decimal/Float field, ``MoneyField``, the results' ``ScoreField``,
or any field whose input asks for a numeric keyboard (``inputmode`` numeric/decimal: budgets, progress, dates).
A form whose constructor needs an argument this file cannot make fails ``test_every_form_can_be_built``: add it
to ``_KWARGS``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import prongsai.apps
from prongsai.apps.base.forms import MoneyField

THAI = re.compile(r"[\u0e00-\u0e7f]")
HOSTILE = [
    "1e30", "1E+50", "1e-30", "1e-400", "NaN", "nan", "sNaN", "Infinity", "inf", "-inf", "-0", "+0",
    "9" * 500, "1" + "0" * 5000, "0." + "0" * 500 + "1", "๑๒๓.๔๕", "๑๒๓", "1,000", "1,000.50", "12,5", "97,10",
    "1,00,000", "0x10", "0b11", "--1", "-1", "1-", "1..2", ".", "", " ", "\t\n", "\x00", "1\x00", "１２３",
    "１，０００．５０", "²", "٣", "1_000", "1 000", "12.345", "-", "+", "บาท", "1e", "e5", "∞", "1/2", "½",
    "99999999999999999999.99", "2568", "31/02/2568", "2568-02-31", "00/00/0000", "99/99/99999", "1/1/1",
]


@dataclass(frozen=True)
class FieldSpec:
    form: type
    name: str

    def __str__(self) -> str:
        app = self.form.__module__.removeprefix("prongsai.apps.").removesuffix(".forms")
        return f"{app}.{self.form.__name__}.{self.name}"


def form_classes() -> list[type]:
    found = []
    for module_info in pkgutil.iter_modules(prongsai.apps.__path__):
        try:
            module = importlib.import_module(f"prongsai.apps.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if not (inspect.isclass(value) and issubclass(value, forms.BaseForm)
                    and value.__module__ == module.__name__):
                continue
            if issubclass(value, forms.BaseModelForm) and getattr(value._meta, "model", None) is None:
                continue  # an abstract base (ThaiModelForm)
            found.append(value)
    from prongsai.web.security.views import CodeForm

    return sorted({*found, CodeForm}, key=lambda c: (c.__module__, c.__name__))


def _kwargs(world) -> dict:
    """The keyword arguments forms ask for, by name."""
    from prongsai.apps.frameworks.selectors import framework_registry

    return {
        "agency": world.own,
        "years": [2567, 2568],
        "base_years": [2568],
        "framework": framework_registry().get(2568),
        "choices": [("a", "ก")],
        "candidates": [(1, "ก")],
        "sections": [("a", "ก")],
        "items": [("O1", "O1 โครงสร้าง")],
        "indicators": [1, 2],
        "indicator_names": [(1, "การปฏิบัติหน้าที่")],
        "scales": ["agree5"],
        "item": SimpleNamespace(parts=[]),
        "fiscal_year": 2568,
        "units": world.own.units.all(),
    }


def build(form_class: type, world, data: dict | None = None):
    params = inspect.signature(form_class.__init__).parameters
    available = _kwargs(world)
    needed = {
        name: available[name]
        for name, p in params.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and (p.default is inspect.Parameter.empty or name in available)
    }
    return form_class(data, **needed) if data is not None else form_class(**needed)


def is_numeric(field: forms.Field) -> bool:
    from prongsai.apps.assessments.forms import ScoreField

    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField | MoneyField | ScoreField):
        return True
    return field.widget.attrs.get("inputmode") in ("numeric", "decimal")


def numeric_fields(world) -> list[FieldSpec]:
    out = []
    for form_class in form_classes():
        form = build(form_class, world)
        out.extend(FieldSpec(form_class, name) for name, field in form.fields.items() if is_numeric(field))
    return out


def check(spec: FieldSpec, world, value: str) -> None:
    """Validate ``value`` in the field (other fields blank): no exception; a refusal is Thai."""
    form = build(spec.form, world, {spec.name: value})
    try:
        form.is_valid()
    except Exception as exc:  # the point of the test: name the field and the value
        pytest.fail(f"{spec} raised {type(exc).__name__} for {value[:40]!r}: {exc}")
    for message in form.errors.get(spec.name, []):
        assert THAI.search(message), f"{spec}: {value[:40]!r} gave a message that is not Thai: {message!r}"


def test_every_form_can_be_built(world):
    classes = form_classes()
    assert len(classes) >= 40
    for form_class in classes:
        build(form_class, world)  # a TypeError here: add the missing argument to _KWARGS
    found = {str(s) for s in numeric_fields(world)}
    for expected in ("registers.GiftForm.value", "registers.AssetForm.value", "procurement.ContractForm.project_money",
                     "procurement.PlanItemForm.budget_amount", "portal.ServiceTypeForm.fee_amount",
                     "registers.EthicsActivityForm.hours", "plans.MeasureForm.budget", "plans.TaskUpdateForm.progress",
                     "assessments.ResultEntryForm.indicator_1", "frameworks.WeightRow.weight"):
        assert expected in found, expected


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_every_numeric_field(world, value):
    specs = numeric_fields(world)
    assert len(specs) >= 30
    for spec in specs:
        check(spec, world, value)


_NUMBERS = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙０１２３４５６７８９.,-+eE _xบาท฿\x00\u00a0", max_size=40),
    st.from_regex(r"\A[-+]?[0-9]{0,40}([.,][0-9]{0,40})?([eE][-+]?[0-9]{1,5})?\Z"),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.integers().map(str),
    st.sampled_from(HOSTILE),
)


@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_generated_values_in_every_numeric_field(world, data):
    specs = _specs_cache(world)
    spec = data.draw(st.sampled_from(specs), label="field")
    check(spec, world, data.draw(_NUMBERS, label="value"))


_CACHE: list[FieldSpec] = []


def _specs_cache(world) -> list[FieldSpec]:
    """The numeric fields (form class and name: the same for every ``world``), found once per session."""
    if not _CACHE:
        _CACHE.extend(numeric_fields(world))
    return _CACHE
