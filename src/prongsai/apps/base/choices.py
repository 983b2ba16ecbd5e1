"""The empty choice of every select in Thai: "— เลือก —" instead of Django's "---------".

Django spells the empty choice in two places, and every form of the project (and the admin) reads one of them:

- ``django.db.models.fields.BLANK_CHOICE_DASH``: the list ``Field.get_choices()`` takes by default, so the select of
  a model field with ``choices`` (and of a ForeignKey in the admin) starts with it;
- the default ``empty_label`` of ``ModelChoiceField`` (a ForeignKey in a ModelForm, a queryset select in a form).

``use_thai_empty_label()`` sets both once, from ``BaseConfig.ready()``: the base app comes before every domain app
in ``INSTALLED_APPS`` and no models module imports a form, so no form class is built before it. A form that names
its own empty label (``empty_label="— ไม่ระบุ —"``, ``[("", "ทั้งหมด"), …]``) keeps it.
"""

from __future__ import annotations

EMPTY_LABEL = "— เลือก —"


def use_thai_empty_label() -> None:
    from django.db.models import fields as model_fields
    from django.forms import models as form_models

    # The same list object is every get_choices() default (and the admin's action select): change it in place.
    model_fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_LABEL)]
    form_models.ModelChoiceField.__init__.__kwdefaults__["empty_label"] = EMPTY_LABEL
