"""The site's own assets: Sarabun served as the UI webfont from our static files, the site icon (/favicon.ico and an
SVG), and a keyboard focus ring that keeps at least 3:1 contrast (WCAG 2.2, 1.4.11) — computed from the CSS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.views import serve
from django.test import RequestFactory
from django.urls import reverse

STATIC = Path(__file__).resolve().parents[2] / "src" / "prongsai" / "web" / "static" / "prongsai"
SITE_CSS = STATIC / "site.css"
TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "prongsai" / "web" / "templates"


def _css() -> str:
    return SITE_CSS.read_text(encoding="utf-8")


# --- the webfont ------------------------------------------------------------------------------------------------


def _font_faces(css: str) -> list[dict[str, str]]:
    faces = []
    for block in re.findall(r"@font-face\s*\{(.*?)\}", css, re.S):
        props = dict(re.findall(r"([a-z-]+)\s*:\s*([^;]+);", block))
        props["url"] = re.search(r'url\("?([^")]+)"?\)', block).group(1)
        faces.append(props)
    return faces


def test_the_css_names_sarabun_first_with_swap_and_its_files():
    css = _css()
    faces = _font_faces(css)
    assert {(f["font-style"], f["font-weight"]) for f in faces} >= {("normal", "400"), ("normal", "700"),
                                                                   ("italic", "400")}
    for face in faces:
        assert face["font-family"].strip('"') == "Sarabun" and face["font-display"] == "swap"
        assert face["url"].startswith("../fonts/sarabun/Sarabun-") and face["url"].endswith(".ttf")
    root = re.search(r":root\s*\{(.*?)\}", css, re.S).group(1)
    assert re.search(r"font-family:\s*\"Sarabun\",", root)


@pytest.mark.parametrize("name", ["Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-Italic.ttf"])
def test_the_font_url_answers_200_with_a_font_content_type(name):
    path = f"fonts/sarabun/{name}"
    assert f"../{path}" in _css()  # the stylesheet (static/prongsai/site.css) points at it
    assert finders.find(path)  # a static file of the site, from the installed fontpkg-sarabun: nothing downloaded
    response = serve(RequestFactory().get(f"/static/{path}"), path, insecure=True)
    assert response.status_code == 200
    assert response["Content-Type"] in ("font/ttf", "font/sfnt", "application/x-font-ttf")
    assert b"".join(response.streaming_content)[:4] in (b"\x00\x01\x00\x00", b"true")  # a TrueType font


# --- the site icon ----------------------------------------------------------------------------------------------


def test_favicon_ico_is_served_at_the_root(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    count = int.from_bytes(response.content[4:6], "little")
    assert count >= 2 and b"\x89PNG" in response.content
    assert reverse("favicon") == "/favicon.ico"


def test_pages_link_the_icons(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
    assert '<link rel="icon" href="/static/prongsai/favicon.svg" type="image/svg+xml">' in html
    svg = Path(finders.find("prongsai/favicon.svg")).read_text(encoding="ascii")
    assert svg.startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"") and "<script" not in svg
    assert 'rel="icon"' in (TEMPLATES / "500.html").read_text(encoding="utf-8")  # the standalone error page too


# --- the focus ring ---------------------------------------------------------------------------------------------


def _luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two sRGB colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#f0b429", "#ffffff"), 2) == 1.86  # the old amber ring: the failure measured in review


def _variables(css: str) -> dict[str, str]:
    return dict(re.findall(r"(--[a-z-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\s*;", css))


def _focus_colours(css: str) -> list[str]:
    variables = _variables(css)
    colours = []
    for rule in re.findall(r":focus(?:-visible)?[^{]*\{([^}]*)\}", css):
        outline = re.search(r"outline(?:-color)?\s*:\s*([^;]+);", rule)
        if not outline:
            continue
        found = re.search(r"#[0-9a-fA-F]{3,6}\b", outline.group(1))
        var = re.search(r"var\((--[a-z-]+)\)", outline.group(1))
        colours.append(found.group(0) if found else variables[var.group(1)])
    return colours


def test_the_focus_ring_keeps_3_to_1_on_every_background_of_the_site():
    css = _css()
    colours = _focus_colours(css)
    assert colours, "no :focus-visible outline found in site.css"
    variables = _variables(css)
    backgrounds = {variables["--paper"], variables["--band"], "#ffffff"}
    for sheet in [SITE_CSS, *STATIC.parents[2].glob("apps/*/static/*/*.css")]:
        # light backgrounds of notices, rows and cards (the focus ring can sit on any of them)
        for value in re.findall(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{3,6})\b", sheet.read_text("utf-8")):
            if _luminance(value) > 0.5:
                backgrounds.add(value)
    assert len(backgrounds) > 3
    for colour in colours:
        for background in sorted(backgrounds):
            ratio = contrast(colour, background)
            assert ratio >= 3.0, f"focus {colour} on {background}: {ratio:.2f}"
