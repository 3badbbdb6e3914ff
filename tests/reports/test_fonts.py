"""The documents carry their own fonts: every font a PDF embeds is a shipped file, and an order prints the same on a
machine whose fontconfig sees nothing but DejaVu as on this one."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from matplotlib import font_manager

from reports import fonts
from reports.monitoring import charts
from reports.pdf import html_to_pdf, render_html
from reports.selectors import order_document_context
from reports.services import document_request, order_create, order_submit
from tests import factories
from tests.factories_reports import approve_now
from tests.pdf import assert_only_shipped_fonts, embedded_fonts, pdf_lines, pdf_text, shipped_faces

pytestmark = pytest.mark.django_db

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core: the one system font Pango needs
OLD_LIBERATION = Path("/usr/share/fonts/truetype/liberation")  # fonts-liberation 1.07: another "Liberation Serif"


def organisation_order_html(year, curator, director) -> str:
    from roadmap.services import roadmap_create_from_template

    roadmap_create_from_template(year=year)
    appointee = factories.PersonFactory(last_name="Кураторова", first_name="Мария", patronymic="Петровна")
    order = order_create(year=year, order_type="organisation", created_by=curator, appointee=appointee)
    order = approve_now(order=order_submit(order=order, user=curator), user=director)
    return render_html("documents/order.html", order_document_context(order))


def test_the_shipped_files_and_their_licence_are_in_the_project():
    assert fonts.FONT_LICENCE.read_text().count("SIL Open Font License") >= 1
    faces = shipped_faces()
    assert {style for _family, style, _version in faces} == {"Regular", "Bold", "Italic", "Bold Italic"}
    assert {family for family, _style, _version in faces} == {fonts.DOCUMENT_FONT_FAMILY}
    css = (settings.BASE_DIR / "static" / fonts.FONTS_CSS).read_text()
    for path in fonts.FONT_FILES.values():
        assert f"../../fonts/liberation/{path.name}" in css
    assert css.count(f'@font-face {{ font-family: "{fonts.CSS_FONT_FAMILY}";') == 4


def test_document_styles_name_no_font_but_the_shipped_one():
    """A family named in a template or a document stylesheet could make the layout depend on the machine again."""
    sources = [*(settings.BASE_DIR / "templates" / "documents").rglob("*.html")]
    sources += [*(settings.BASE_DIR / "static" / "css" / "documents").glob("*.css")]
    for source in sources:
        for declaration in re.findall(r"font(?:-family)?\s*:[^;}]*", source.read_text()):
            families = re.findall(r"[\"']([^\"']+)[\"']", declaration)
            assert set(families) <= {fonts.CSS_FONT_FAMILY}, f"{source.name}: {declaration}"


def test_organisation_order_and_consent_form_embed_only_the_shipped_fonts(
    year, curator, director, django_capture_on_commit_callbacks
):
    order_pdf = html_to_pdf(organisation_order_html(year, curator, director))
    assert "Об организации наставничества" in pdf_text(order_pdf)
    assert_only_shipped_fonts(order_pdf)
    assert {"Liberation-Serif-Document", "Liberation-Serif-Document-Bold"} <= set(embedded_fonts(order_pdf))

    pupil = factories.StudentFactory(grade="6А", last_name="Шрифтова", first_name="Анна", patronymic="Павловна")
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(kind="consent_forms", requested_by=curator, params={"grade": "6А"})
    document.refresh_from_db()
    assert document.status == "done", document.error
    consent_pdf = document.file.read()
    assert pupil.full_name in pdf_text(consent_pdf)
    assert_only_shipped_fonts(consent_pdf)


_RENDER = """
import io, json, sys
import django
django.setup()
from reports.pdf import html_to_pdf
from tests.pdf import embedded_fonts, pdf_lines
# Control, before any @font-face is loaded: a family asked of fontconfig shows which fonts this process can see.
probe = html_to_pdf("<p style='font-family: \\"Liberation Serif\\"'>Проба</p>")
pdf = html_to_pdf(open(sys.argv[1], encoding="utf-8").read())
print(json.dumps({"lines": pdf_lines(pdf), "fonts": embedded_fonts(pdf), "probe": embedded_fonts(probe)}))
"""


def _render_elsewhere(html_file: Path, folders: list[Path], tmp_path: Path) -> dict:
    """Render in a fresh process whose fontconfig knows only `folders` (FONTCONFIG_FILE)."""
    conf = tmp_path / f"fonts-{len(folders)}.conf"
    dirs = "".join(f"<dir>{folder}</dir>" for folder in folders)
    conf.write_text(f"<fontconfig>{dirs}<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env.pop("FONTCONFIG_PATH", None)
    done = subprocess.run(
        [sys.executable, "-c", _RENDER, str(html_file)],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_order_prints_the_same_where_fontconfig_sees_only_dejavu(year, curator, director, tmp_path):
    assert DEJAVU.is_dir(), f"{DEJAVU} is missing: apt-get install -y fonts-dejavu-core (scripts/provision does)"
    html = organisation_order_html(year, curator, director)
    here = html_to_pdf(html)
    lines, used = pdf_lines(here), embedded_fonts(here)
    assert len(lines) >= 3  # the order, the regulation, the roadmap: pages to lay out
    html_file = tmp_path / "order.html"
    html_file.write_text(html, encoding="utf-8")

    variants = [[DEJAVU]] + ([[DEJAVU, OLD_LIBERATION]] if OLD_LIBERATION.is_dir() else [])
    for folders in variants:
        there = _render_elsewhere(html_file, folders, tmp_path)
        if folders == [DEJAVU]:  # the other process really has no Liberation Serif of its own
            assert all(family.startswith("DejaVu") for family, _s, _v in there["probe"].values()), there["probe"]
        assert len(there["lines"]) == len(lines), "page count"
        assert there["lines"] == lines, "text and line breaks"
        assert {name: tuple(face) for name, face in there["fonts"].items()} == used, "embedded fonts"


def test_charts_measure_with_the_shipped_files_and_draw_them_on_the_page_and_in_the_pdf():
    for bold in (False, True):
        for italic in (False, True):
            prop = font_manager.FontProperties(
                family=fonts.DOCUMENT_FONT_FAMILY,
                weight="bold" if bold else "normal",
                style="italic" if italic else "normal",
            )
            assert Path(font_manager.findfont(prop, fallback_to_default=False)) == fonts.FONT_FILES[(bold, italic)]
    args = (
        "Участники по категориям и ролям",
        ["педагоги", "обучающиеся"],
        [("наставники", [3, 5]), ("наставляемые", [4, 9])],
    )
    in_pdf = charts.bar_chart(*args)
    on_page = charts.bar_chart(*args, text_as_paths=True)
    # In the PDF the text stays text and names the documents' @font-face family; on the page (an <img>, which cannot
    # load the page's fonts) it is drawn as paths of the same glyphs.
    assert "Участники по категориям и ролям" in charts.chart_text(in_pdf)
    assert set(re.findall(r'font-family="([^"]*)"', in_pdf)) == {charts.SVG_FONT}
    assert "<text" not in on_page and "font-family" not in on_page
    # The same layout: the plotting area ends up the same size.
    assert re.search(r'viewBox="[^"]*"', in_pdf).group() == re.search(r'viewBox="[^"]*"', on_page).group()
    pdf = html_to_pdf(
        f"<html><head><link rel='stylesheet' href='/static/{fonts.FONTS_CSS}'></head><body>{in_pdf}</body></html>"
    )
    assert "Участники по категориям и ролям" in pdf_text(pdf)
    assert_only_shipped_fonts(pdf)


def test_a_phrase_the_layout_splits_over_lines_is_still_found():
    css = f"<link rel='stylesheet' href='/static/{fonts.FONTS_CSS}'>"
    body = (
        "<p style='width: 22mm'>О закреплении наставнических пар/групп, научно-исследовательский проект</p>"
        "<p style='width: 22mm; hyphens: auto'>наставничество</p>"  # broken by WeasyPrint's hyphenation
    )
    pdf = html_to_pdf(f"<html lang='ru'><head>{css}</head><body>{body}</body></html>")
    lines = pdf_lines(pdf)[0]
    assert len(lines) >= 6 and not any("наставнических пар" in line for line in lines), lines
    assert "научно-" in lines and any(line.endswith("\u2010") for line in lines), lines
    text = pdf_text(pdf)
    assert "О закреплении наставнических пар/групп, научно-исследовательский проект наставничество" in text


def test_with_hashed_static_names_as_in_production_the_fonts_still_load(settings, tmp_path, year, curator, director):
    """Production's manifest storage makes `{% static %}` give hashed names; the engine reads the collected files."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"  # Django's setting_changed signal drops the cached storages
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    html = organisation_order_html(year, curator, director)
    assert re.search(r"/static/css/documents/fonts\.[0-9a-f]{12}\.css", html)
    assert_only_shipped_fonts(html_to_pdf(html))
