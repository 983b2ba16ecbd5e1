"""WordprocessingML basics shared by the DOCX builder (`docx_thai`) and the PDF step (`pdf`): namespaces, the
A4 page and its margins, the Thai font policy (see `docx_thai`'s module notes) and the child order Word insists on.
"""

from __future__ import annotations

from dataclasses import dataclass

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = f"{{{W_NS}}}"

# A4 and the margins of Thai official correspondence (ระเบียบงานสารบรรณ practice).
PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGIN_TOP_CM = 2.5
MARGIN_BOTTOM_CM = 2.0
MARGIN_LEFT_CM = 3.0
MARGIN_RIGHT_CM = 2.0
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGIN_LEFT_CM - MARGIN_RIGHT_CM  # 16 cm

# Sarabun ÷ TH Sarabun New for the same printed size (glyph heights 0.40 em vs 0.586 em → 0.68; 11/16 = 0.6875).
SARABUN_SCALE = 11.0 / 16.0

# Families drawn on the small em of the SIPA/Windows Thai fonts: a DOCX naming them is retargeted to Sarabun
# at SARABUN_SCALE for the server-side PDF. Matched case-insensitively, ignoring spaces.
SMALL_EM_THAI_FAMILIES = (
    "TH Sarabun New",
    "TH SarabunPSK",
    "TH Sarabun PSK",
    "TH SarabunIT๙",
    "TH SarabunIT9",
    "TH Sarabun",
    "TH Niramit AS",
    "TH Chakra Petch",
    "TH Baijam",
    "TH Charm of AU",
    "TH Charmonman",
    "TH Fah kwang",
    "TH K2D July8",
    "TH Kodchasal",
    "TH KoHo",
    "TH Krub",
    "TH Mali Grade 6",
    "TH Srisakdi",
    "Angsana New",
    "AngsanaUPC",
    "Cordia New",
    "CordiaUPC",
    "Browallia New",
    "BrowalliaUPC",
)
_SMALL_EM_KEYS = frozenset(name.replace(" ", "").casefold() for name in SMALL_EM_THAI_FAMILIES)

THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@dataclass(frozen=True)
class FontPolicy:
    """Which family a DOCX names, and how nominal TH Sarabun New points become that family's points."""

    name: str
    family: str
    scale: float

    def pt(self, nominal: float) -> float:
        """The size to write for a nominal TH Sarabun New size, rounded to Word's half points."""
        return round(nominal * self.scale * 2) / 2


TH_SARABUN_NEW = FontPolicy("th-sarabun-new", "TH Sarabun New", 1.0)
SARABUN = FontPolicy("sarabun", "Sarabun", SARABUN_SCALE)
FONT_POLICIES = {p.name: p for p in (TH_SARABUN_NEW, SARABUN)}


def font_policy(value: str | FontPolicy) -> FontPolicy:
    if isinstance(value, FontPolicy):
        return value
    try:
        return FONT_POLICIES[value]
    except KeyError:
        raise ValueError(f"unknown font policy {value!r}; choose one of {sorted(FONT_POLICIES)}") from None


def is_small_em_thai(family: str | None) -> bool:
    return bool(family) and family.replace(" ", "").casefold() in _SMALL_EM_KEYS


# --- the child order of elements ----------------------------------------------------------------------

# CT_RPr's child order (ECMA-376 §17.3.2.28), so Word does not reject the file.
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]
_RPR_RANK = {f"{W}{name}": i for i, name in enumerate(RPR_ORDER)}


def order_rpr(rpr) -> None:
    children = list(rpr)
    ranked = sorted(children, key=lambda el: _RPR_RANK.get(el.tag, len(_RPR_RANK)))
    if ranked != children:
        for el in children:
            rpr.remove(el)
        rpr.extend(ranked)


# CT_PPr's child order (ECMA-376 §17.3.1.26).
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


def order_children(parent, order: list[str]) -> None:
    rank = {f"{W}{name}": i for i, name in enumerate(order)}
    children = list(parent)
    ranked = sorted(children, key=lambda el: rank.get(el.tag, len(rank)))
    if ranked != children:
        for el in children:
            parent.remove(el)
        parent.extend(ranked)
