"""Official Thai place names (กรมการปกครอง data through the `geothai` package).

Used to tell which of several spellings of a local agency's name is the real subdistrict
(ตำบล) in the province and district the document states.
"""

from __future__ import annotations

from functools import cache

from rapidfuzz import fuzz

from prongsai.core.thai import normalise_text

_PREFIXES = ("จังหวัด", "จ.", "อำเภอ", "อ.", "เขต", "ตำบล", "ต.", "แขวง")


def _clean(name: str) -> str:
    name = normalise_text(name).strip()
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            name = name[len(prefix) :].strip()
    return name


@cache
def _tables() -> tuple[dict[str, str], dict[str, list[tuple[str, str]]], dict[str, list[str]]]:
    import geothai

    provinces: dict[str, str] = {}
    districts: dict[str, list[tuple[str, str]]] = {}
    subdistricts: dict[str, list[str]] = {}
    for p in geothai.provinces():
        provinces[normalise_text(p.name_th)] = p.code
        for d in geothai.districts(p.code):
            districts.setdefault(p.code, []).append((normalise_text(d.name_th), d.code))
            subdistricts[d.code] = [normalise_text(s.name_th) for s in geothai.subdistricts(d.code)]
    return provinces, districts, subdistricts


def _district_codes(province_code: str | None, district: str | None) -> list[str]:
    _, districts, _ = _tables()
    pool = districts.get(province_code, []) if province_code else [d for ds in districts.values() for d in ds]
    if not district:
        return [code for _, code in pool]
    wanted = _clean(district)
    exact = [code for name, code in pool if name == wanted]
    if exact:
        return exact
    # A misspelt district (แวง for แว้ง) still narrows the search within its province.
    if province_code:
        close = [(fuzz.ratio(name, wanted), code) for name, code in pool]
        best = max(close, default=(0, ""))
        if best[0] >= 75:
            return [best[1]]
        return [code for _, code in pool]
    return []


def official_subdistricts(*, province: str | None, district: str | None) -> set[str]:
    """Subdistrict names in the stated district (or province); all of them when neither is known."""
    provinces, _, subdistricts = _tables()
    province_code = provinces.get(_clean(province)) if province else None
    if province and province_code is None:
        return set()
    if province_code is None and not district:
        return {s for names in subdistricts.values() for s in names}
    return {s for code in _district_codes(province_code, district) for s in subdistricts.get(code, [])}


def official_form(candidates: list[str], *, province: str | None, district: str | None) -> str | None:
    """The one candidate spelling that is an official subdistrict name there, or None."""
    if not province and not district:
        return None
    names = official_subdistricts(province=province, district=district)
    matches = [c for c in candidates if normalise_text(c) in names]
    return matches[0] if len(matches) == 1 else None
