from __future__ import annotations

from django import forms

from prongsai.apps.assessments.imports import max_upload_bytes

SUFFIXES = (".csv", ".xlsx", ".parquet")


class NationalUploadForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์ผลการประเมินหลายหน่วยงาน",
        help_text="รองรับ .csv (UTF-8) .xlsx และ .parquet หนึ่งแถวต่อหนึ่งหน่วยงานต่อหนึ่งปี",
        error_messages={
            "required": "กรุณาเลือกไฟล์",
            "empty": "ไฟล์ว่างเปล่า ไม่มีเนื้อหา",
            "invalid": "ส่งไฟล์ไม่สำเร็จ กรุณาเลือกไฟล์ใหม่",
            "missing": "ไม่พบไฟล์ที่ส่งมา",
            "max_length": "ชื่อไฟล์ยาวเกินไป",
        },
        max_length=255,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(f"ไฟล์ใหญ่เกินกำหนด (ไม่เกิน {max_upload_bytes() / 1e6:g} MB)")
        return upload
