"""Photos that may go public (a meeting's photos on the portal): decoded and written again without their metadata.

A phone's photo carries EXIF: where it was taken (GPS), when, the phone's make and serial number, sometimes a
thumbnail of the uncropped picture. None of that may reach the public. ``photo_without_metadata`` turns the picture
upright by its EXIF orientation, then writes only its pixels (JPEG, PNG, or GIF with its frames), so no EXIF, XMP,
ICC comment or text chunk is kept; a file that does not decode as the image it claims to be is refused in Thai.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from prongsai.apps.base.files import EvidenceRefused

MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is refused before the pixels are decoded (decompression bombs)
FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF"}


def photo_without_metadata(data: bytes, kind: str) -> bytes:
    """``data`` (a ``kind`` image: jpeg, png or gif) written again with its pixels only."""
    if kind not in FORMATS:
        raise EvidenceRefused("รับเฉพาะรูปภาพ PNG, JPEG หรือ GIF")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != FORMATS[kind]:
                raise EvidenceRefused("ไฟล์รูปภาพไม่ตรงกับชนิดที่ระบุ กรุณาบันทึกภาพใหม่แล้วส่งอีกครั้ง")
            if image.width * image.height > MAX_PIXELS:
                raise EvidenceRefused("ภาพมีขนาดใหญ่เกินไป กรุณาย่อภาพก่อนส่ง")
            out = io.BytesIO()
            if kind == "gif":
                frames = [frame.copy() for frame in ImageSequence.Iterator(image)][:300]
                duration = image.info.get("duration", 100)
                frames[0].save(out, format="GIF", save_all=len(frames) > 1, append_images=frames[1:],
                               duration=duration, loop=image.info.get("loop", 0))
            else:
                upright = ImageOps.exif_transpose(image)
                upright.load()
                if kind == "jpeg":
                    pixels = upright if upright.mode in ("RGB", "L") else upright.convert("RGB")
                    pixels.save(out, format="JPEG", quality=90, optimize=True)
                else:
                    upright.save(out, format="PNG", optimize=True)
    except EvidenceRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise EvidenceRefused("เปิดไฟล์รูปภาพไม่ได้ ไฟล์อาจเสียหาย กรุณาบันทึกภาพใหม่แล้วส่งอีกครั้ง") from exc
    return out.getvalue()
