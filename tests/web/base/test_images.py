"""Photos that may go public lose their metadata (GPS, time, phone serial) and are turned upright; a broken or
disguised image and a decompression bomb are refused in Thai (prongsai.apps.base.images)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from prongsai.apps.base.files import EvidenceRefused
from prongsai.apps.base.images import photo_without_metadata


def _jpeg_with_gps(orientation: int = 6) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation  # rotate 90° when shown
    exif[0x010F] = "PhoneMaker"
    exif[0xA431] = "SERIAL-12345"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (13.0, 45.0, 0.0), "E", (100.0, 30.0, 0.0)
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 120, 200)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_gps_and_serial_are_gone_and_the_picture_is_upright():
    original = _jpeg_with_gps()
    assert b"SERIAL-12345" in original and Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    cleaned = photo_without_metadata(original, "jpeg")
    assert b"SERIAL-12345" not in cleaned and b"PhoneMaker" not in cleaned and b"Exif" not in cleaned
    image = Image.open(io.BytesIO(cleaned))
    assert image.format == "JPEG" and image.size == (20, 40)  # turned by its orientation, then the tag dropped
    assert not image.getexif()


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "13.75,100.5")
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG", pnginfo=info)
    cleaned = photo_without_metadata(out.getvalue(), "png")
    assert b"13.75,100.5" not in cleaned and Image.open(io.BytesIO(cleaned)).size == (4, 4)


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "png", "เปิดไฟล์รูปภาพไม่ได้"),
        (b"\xff\xd8\xff" + b"<script>", "jpeg", "เปิดไฟล์รูปภาพไม่ได้"),
        (b"GIF89a", "gif", "เปิดไฟล์รูปภาพไม่ได้"),
        (b"%PDF-1.4", "pdf", "รับเฉพาะรูปภาพ"),
    ],
)
def test_broken_or_disguised_images_are_refused_in_thai(data, kind, message):
    with pytest.raises(EvidenceRefused) as err:
        photo_without_metadata(data, kind)
    assert message in err.value.th


def test_a_png_called_jpeg_and_a_pixel_bomb_are_refused(monkeypatch):
    out = io.BytesIO()
    Image.new("RGB", (100, 100)).save(out, format="PNG")
    with pytest.raises(EvidenceRefused, match="ไม่ตรงกับชนิด"):
        photo_without_metadata(out.getvalue(), "jpeg")
    from prongsai.apps.base import images

    monkeypatch.setattr(images, "MAX_PIXELS", 9_999)
    with pytest.raises(EvidenceRefused, match="ใหญ่เกินไป"):
        photo_without_metadata(out.getvalue(), "png")
