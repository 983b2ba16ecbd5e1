from __future__ import annotations

from django import forms

from prongsai.apps.base.forms import check_upload_size, upload_field

SUFFIXES = (".csv", ".xlsx", ".parquet")


class NationalUploadForm(forms.Form):
    file = upload_field(
        label="ไฟล์ผลการประเมินหลายหน่วยงาน",
        help_text="รองรับ .csv (UTF-8) .xlsx และ .parquet หนึ่งแถวต่อหนึ่งหน่วยงานต่อหนึ่งปี",
        suffixes=SUFFIXES,
    )

    def clean_file(self):
        return check_upload_size(self.cleaned_data["file"])
