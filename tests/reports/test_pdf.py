"""What the printed documents contain, their GOST layout, and what WeasyPrint may fetch (nothing from outside)."""

import http.server
import io
import threading

import pytest
from pypdf import PdfReader

from reports.pdf import RefusedURL, SafeURLFetcher, html_to_pdf, render_html
from reports.selectors import order_document_context
from reports.services import order_create, order_submit
from tests import factories
from tests.factories_reports import approve_now, pairing_order, pdf_images
from tests.pdf import pdf_text

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_approved_pairing_order_has_every_part_of_a_gost_order(year, curator, director, curator_person):
    order = pairing_order(year=year, curator=curator)
    mentor = order.groups.first().memberships.get(role="mentor").person
    order = approve_now(order=order, user=director)
    data = order.pdf.read()
    text = pdf_text(data)
    for part in (
        "Муниципальное бюджетное общеобразовательное учреждение",
        "ПРИКАЗ",
        f"{order.date:%d.%m.%Y}",
        "№ 1-од",
        "г. Киров",
        "О закреплении наставнических пар/групп",
        "ПРИКАЗЫВАЮ:",
        "1. Закрепить наставнические пары/группы",
        "Директор",
        "А. А. Директорова",
        "Приложение",
        "Состав наставнических пар/групп",
        f"{mentor.full_name}, {mentor.position}",
        "С приказом ознакомлены",
        mentor.full_name,
    ):
        assert part in text, part
    assert "ПРОЕКТ" not in text
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    fonts = [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    names = {str(f["/BaseFont"]) for f in fonts}
    assert any("Liberation-Serif" in n for n in names), names
    for font in fonts:  # every font is embedded (a file in its descriptor), so the PDF prints the same anywhere
        described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = described["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), font["/BaseFont"]


def test_organisation_order_prints_regulation_roadmap_and_appointee(year, curator, director, curator_person):
    from roadmap.services import roadmap_create_from_template

    roadmap_create_from_template(year=year)
    order = order_create(year=year, order_type="organisation", created_by=curator, appointee=curator_person)
    order = approve_now(order=order_submit(order=order, user=curator), user=director)
    text = pdf_text(order.pdf.read())
    assert "Об организации наставничества" in text
    assert "Приложение 1" in text and "ПОЛОЖЕНИЕ" in text
    assert "Приложение 2" in text and "ДОРОЖНАЯ КАРТА" in text
    assert "Формирование базы наставников" in text  # a roadmap row
    assert "Кураторову М. П." in text and "Кураторова Мария Петровна" in text  # appointed, then acquainted


def test_reward_order_lists_people_with_their_reward(year, curator, director):
    person = factories.PersonFactory(last_name="Наградова", first_name="Ольга", patronymic="Ильинична")
    order = order_create(
        year=year, order_type="reward", created_by=curator, people=[(person, "Благодарность директора")]
    )
    text = pdf_text(html_to_pdf(render_html("documents/order.html", order_document_context(order))))
    assert "О поощрении участников наставнической деятельности" in text
    assert "Наградова Ольга Ильинична" in text and "Благодарность директора" in text
    assert "ПРОЕКТ" in text and "№ ________" in text  # a draft has no number yet


# --- the URL fetcher --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/hostname",
        "http://127.0.0.1:1/x.css",
        "https://example.com/logo.png",
        "https://documents.invalid/media/consents/1/scan.pdf",
        "https://documents.invalid/static/../../settings.py",
        "https://user@documents.invalid/static/css/app.css",
        "data:text/html,<script>alert(1)</script>",
        "data:application/octet-stream;base64,AAAA",
        "ftp://example.com/x",
    ],
)
def test_fetcher_refuses_everything_outside_our_static_files(url):
    with pytest.raises((RefusedURL, ValueError)):
        SafeURLFetcher().fetch(url)


def test_fetcher_serves_our_static_files_and_data_images():
    css = SafeURLFetcher().fetch("https://documents.invalid/static/css/app.css")
    assert b"no-print" in css.read() and css.content_type == "text/css"
    image = SafeURLFetcher().fetch("data:image/png;base64,iVBORw0KGgo=")
    assert image.read().startswith(b"\x89PNG")


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802
        _CountingHandler.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args):
        pass


@pytest.fixture
def spy_server():
    _CountingHandler.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_hostile_html_reaches_neither_disk_nor_network(tmp_path, spy_server):
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    html = f"""<html><head><link rel="stylesheet" href="{spy_server}/evil.css">
      <style>@import url("{spy_server}/imported.css"); body {{ background: url("file://{secret}"); }}
      p {{ background-image: url("{spy_server}/bg.png"); }}</style></head>
      <body><p>Текст</p><img src="file://{secret}"><img src="{spy_server}/pixel.png">
      <img src="data:text/html;base64,PGI+PC9iPg=="><object data="file:///etc/passwd"></object>
      <iframe src="{spy_server}/frame"></iframe></body></html>"""
    data = html_to_pdf(html)
    assert _CountingHandler.hits == []
    assert pdf_images(data) == 0
    assert "Текст" in pdf_text(data)


def test_a_data_image_is_allowed(tmp_path):
    import base64

    html = f'<img src="data:image/png;base64,{base64.b64encode(PNG).decode()}" width="20">'
    assert pdf_images(html_to_pdf(html)) == 1


def test_hostile_names_are_printed_as_text(year, curator, director, spy_server):
    hostile = factories.PersonFactory(
        last_name="<img src=file:///etc/passwd>",
        first_name=f'<link rel=stylesheet href="{spy_server}/x.css">',
        patronymic="</td></tr></table><img src='https://example.com/a.png'>",
    )
    mentee = factories.MenteeProfileFactory(year=year).person
    factories.MentorProfileFactory(person=hostile, year=year)
    from mentoring.services.groups import group_propose

    group = group_propose(
        year=year,
        mentors=[hostile],
        mentees=[mentee],
        form="teacher_teacher",
        types=["traditional"],
        planned_start=year.start_date,
        planned_end=year.end_date,
    )
    order = approve_now(order=pairing_order(year=year, curator=curator, groups=[group]), user=director)
    data = order.pdf.read()
    text = pdf_text(data)
    assert "<img src=file:///etc/passwd>" in text
    assert pdf_images(data) == 0 and _CountingHandler.hits == []


def test_memo_rich_text_cannot_fetch(spy_server, tmp_path):
    from reports.models import Memo
    from reports.services import document_request

    secret = tmp_path / "s.png"
    secret.write_bytes(PNG)
    memo = Memo.objects.create(
        slug="m",
        audience="mentors",
        title="Памятка наставнику",
        body="x",
        body_html=f'<p style="background:url(file://{secret})">Советы</p><img src="file://{secret}">'
        f'<img src="{spy_server}/t.png"><link rel="stylesheet" href="{spy_server}/s.css">',
    )
    document = document_request(kind="memo", requested_by=None, params={"target_id": memo.pk})
    from reports.services import document_render

    document = document_render(document_id=document.pk)
    data = document.file.read()
    assert "Советы" in pdf_text(data) and "ПАМЯТКА" in pdf_text(data)
    assert pdf_images(data) == 0 and _CountingHandler.hits == []
