"""DOCX from the same HTML the PDFs are printed from: `render_html` → `html_to_docx` (python-docx).

Schools file orders in their registers as editable Word files, so every printable document can also come out
as .docx with the same text and tables. The document templates use a small, known subset of HTML (paragraphs
with a few layout classes, headings, numbered items, lists, tables, page breaks); this module maps that subset to
Word paragraphs, runs and tables — a general HTML→DOCX converter would ignore the GOST layout (fonts, margins,
page numbers) that matters here. Charts (inline SVG) are left out: the tables beside them carry the same figures.

Layout as in the PDFs (templates/documents/base.html): A4; margins 20 mm left, 10 mm right, 20 mm top and
bottom; «Times New Roman» (Liberation Serif in the PDFs has the same metrics); page numbers at the top centre
from the second page (GOST R 7.0.97-2016).
"""

import io
import re

import lxml.html
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
SKIP_TAGS = {"style", "script", "svg", "title", "head", "colgroup", "col", "img"}
SKIP_CLASSES = {"visually-hidden", "chart"}
INLINE_TAGS = {"span", "strong", "b", "em", "i", "u", "a", "abbr", "sub", "sup", "code", "small", "br"}
CENTER_CLASSES = {"center", "org", "doc-type", "place", "hint", "title-page", "name"}
RIGHT_CLASSES = {"right", "draft-mark"}
NO_INDENT_CLASSES = {"plain", "center", "right", "org", "doc-type", "place", "heading", "order-verb", "annex-ref",
                     "draft-mark", "fill", "hint", "addressee", "definition", "conclusions", "bold"}  # fmt: skip
BOLD_CLASSES = {"bold", "org", "doc-type", "heading", "order-verb", "draft-mark"}
# Blocks set off to the right like an addressee or an annex stamp (GOST: the stamp sits in the right half).
RIGHT_BLOCK_CLASSES = {"annex-ref", "addressee"}
PRE_LINE_CLASSES = {"conclusions"}
_SPACES = re.compile(r"\s+")


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _set_run_font(run, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    """Size and weight of a run; the family comes from the Normal style (set once, for every script)."""
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic


class _Writer:
    """Walks one HTML document and appends its blocks to a python-docx Document."""

    def __init__(self, document, base_size: float):
        self.doc = document
        self.base = base_size
        # Style ids looked up once: python-docx searches the styles part on every `paragraph.style = …`.
        self.styles = {name: document.styles[name].style_id for name in (CELL_STYLE, SMALL_STYLE, HINT_STYLE)}

    # --- blocks -------------------------------------------------------------------------------------------------

    def block(self, element, container=None) -> None:
        container = container if container is not None else self.doc
        tag = element.tag if isinstance(element.tag, str) else ""
        classes = _classes(element)
        if not tag or tag in SKIP_TAGS or classes & SKIP_CLASSES:
            return
        if "page-break" in classes:
            self.page_break()
            return
        if tag in ("h1", "h2", "h3", "h4"):
            size = {"h1": self.base + 2, "h2": self.base, "h3": self.base, "h4": self.base}[tag]
            paragraph = self.paragraph(element, container, align="left" if tag in ("h3", "h4") else "center",
                                       indent=False, bold=True, size=size)  # fmt: skip
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.space_before = Pt(6)
            return
        if tag == "p" or tag in ("dt", "dd", "caption"):
            bold = bool(classes & BOLD_CLASSES) or tag in ("dt", "caption")
            paragraph = self.paragraph(element, container, bold=bold)
            if tag == "dd":
                paragraph.paragraph_format.left_indent = Cm(0.5)
            return
        if tag in ("ol", "ul"):
            self.items(element, container, numbered=tag == "ol")
            return
        if tag == "table":
            self.table(element, container)
            return
        if tag in INLINE_TAGS:
            self.paragraph(element, container)
            return
        # div, section, dl, body…: text directly inside becomes a paragraph; children are blocks.
        if (element.text or "").strip():
            self.text_paragraph(element.text, container)
        for child in element:
            self.block(child, container)
            if (child.tail or "").strip():
                self.text_paragraph(child.tail, container)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def text_paragraph(self, text: str, container) -> None:
        paragraph = container.add_paragraph()
        self._format(paragraph, set(), "p")
        self.add_text(paragraph, text, {}, pre_line=False)

    def paragraph(self, element, container, *, align=None, indent=None, bold=False, size=None, prefix=""):
        classes = _classes(element)
        paragraph = container.add_paragraph()
        _apply_style(paragraph, self.styles.get(_paragraph_style(classes, container)))
        self._format(paragraph, classes, element.tag, align=align, indent=indent)
        style = {"bold": bold or None, "size": size if size and size != self.base else None}
        if prefix:
            self.add_text(paragraph, prefix, style, pre_line=False)
        self.inline(paragraph, element, style, pre_line=bool(classes & PRE_LINE_CLASSES) or element.tag == "dd")
        return paragraph

    def _format(self, paragraph, classes: set[str], tag, *, align=None, indent=None) -> None:
        fmt = paragraph.paragraph_format  # spacing comes from the styles (Normal, Cell), set once
        if align is None:
            if classes & CENTER_CLASSES:
                align = "center"
            elif classes & RIGHT_CLASSES:
                align = "right"
            elif tag in ("p",) and not classes & RIGHT_BLOCK_CLASSES:
                align = "justify"
            else:
                align = "left"
        if align != "left":  # left is every style's default
            paragraph.alignment = {
                "center": WD_ALIGN_PARAGRAPH.CENTER,
                "right": WD_ALIGN_PARAGRAPH.RIGHT,
                "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            }[align]
        if classes & RIGHT_BLOCK_CLASSES:
            fmt.left_indent = Cm(9.5)
        if indent is None:
            indent = tag == "p" and not classes & NO_INDENT_CLASSES and not classes & RIGHT_BLOCK_CLASSES
        if indent:
            fmt.first_line_indent = Cm(1.25)
        if "doc-type" in classes:
            fmt.space_before = fmt.space_after = Pt(6)

    def items(self, element, container, *, numbered: bool) -> None:
        number = int(element.get("start") or 1)
        for child in element:
            if not isinstance(child.tag, str) or child.tag != "li":
                continue
            prefix = f"{number}. " if numbered else "– "
            paragraph = self.paragraph(child, container, align="justify", indent=numbered, prefix=prefix)
            if not numbered:
                paragraph.paragraph_format.left_indent = Cm(1.25)
                paragraph.paragraph_format.first_line_indent = Cm(-0.5)
            number += 1

    # --- tables -------------------------------------------------------------------------------------------------

    def table(self, element, container) -> None:
        layout = bool(_classes(element) & {"reg", "sign"})  # layout tables (date/number, signature): no borders
        caption = element.find("caption")
        if caption is not None:
            self.paragraph(caption, container, align="left", indent=False, bold=True)
        rows = [tr for tr in element.iter("tr")]
        if not rows:
            return
        columns = max(sum(int(td.get("colspan") or 1) for td in _cells(tr)) for tr in rows)
        table = container.add_table(rows=0, cols=max(columns, 1))
        if not layout:
            table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for tr in rows:
            cells = _cells(tr)
            row = table.add_row()
            in_head = tr.getparent() is not None and tr.getparent().tag == "thead"
            if in_head:
                _repeat_header(row)
            position = 0
            for td in cells:
                span = max(1, min(int(td.get("colspan") or 1), columns - position))
                cell = row.cells[position]
                if span > 1:
                    cell = cell.merge(row.cells[position + span - 1])
                self.cell(cell, td, header=td.tag == "th" and (in_head or not layout))
                position += span
                if position >= columns:
                    break
        if not layout:
            container.add_paragraph().paragraph_format.space_after = Pt(0)

    def cell(self, cell, td, *, header: bool) -> None:
        first = cell.paragraphs[0]
        _apply_style(first, self.styles[CELL_STYLE])
        classes = _classes(td)
        align = "center" if header else ("right" if classes & {"num", "right", "name"} else "left")
        has_blocks = any(isinstance(c.tag, str) and c.tag in ("p", "div", "ul", "ol", "table") for c in td)
        if not has_blocks:
            self._format(first, set(), "td", align=align, indent=False)
            self.inline(first, td, {"bold": header or None}, pre_line=False, block_spans=True)
            return
        self._format(first, set(), "td", align=align, indent=False)
        if (td.text or "").strip():
            self.add_text(first, td.text, {}, pre_line=False)
        for child in td:
            self.block(child, cell)

    # --- inline -------------------------------------------------------------------------------------------------

    def inline(self, paragraph, element, style: dict, *, pre_line: bool, block_spans: bool = False) -> None:
        """The element's text and inline children as runs (bold/italic carried down, <br> as a line break)."""
        if element.text:
            self.add_text(paragraph, element.text, style, pre_line=pre_line)
        for child in element:
            if not isinstance(child.tag, str):
                if child.tail:
                    self.add_text(paragraph, child.tail, style, pre_line=pre_line)
                continue
            classes = _classes(child)
            if child.tag in SKIP_TAGS or classes & SKIP_CLASSES:
                pass
            elif child.tag == "br":
                paragraph.add_run().add_break()
            elif "line" in classes and not (child.text or "").strip():
                self.add_text(paragraph, "_" * 30, style, pre_line=False)
            else:
                inner = dict(style)
                if child.tag in ("strong", "b") or classes & {"bold"}:
                    inner["bold"] = True
                if child.tag in ("em", "i"):
                    inner["italic"] = True
                if block_spans and classes & {"person", "detail"} and _has_text_before(paragraph):
                    paragraph.add_run().add_break()  # a person per line in the annex cells, as in the PDF
                self.inline(paragraph, child, inner, pre_line=pre_line, block_spans=block_spans)
            if child.tail:
                self.add_text(paragraph, child.tail, style, pre_line=pre_line)

    def add_text(self, paragraph, text: str, style: dict, *, pre_line: bool) -> None:
        if pre_line:
            lines = [_SPACES.sub(" ", line) for line in text.split("\n")]
            while lines and not lines[0].strip() and not paragraph.runs:
                lines.pop(0)
            for n, line in enumerate(lines):
                if n:
                    paragraph.add_run().add_break()
                if line:
                    self._run(paragraph, line, style)
            return
        text = _SPACES.sub(" ", text.replace("\xa0", "\u0000")).replace("\u0000", "\xa0")
        if not paragraph.runs or not paragraph.text:
            text = text.lstrip(" ")
        if text:
            self._run(paragraph, text, style)

    def _run(self, paragraph, text: str, style: dict) -> None:
        """A run written as XML directly (python-docx's add_run re-validates the element order on every call)."""
        run = OxmlElement("w:r")
        if style.get("bold") or style.get("italic") or style.get("size"):
            properties = OxmlElement("w:rPr")
            for flag, tag in (("bold", "w:b"), ("italic", "w:i")):
                if style.get(flag):
                    properties.append(OxmlElement(tag))
            if style.get("size"):
                size = OxmlElement("w:sz")
                size.set(qn("w:val"), str(round(style["size"] * 2)))
                properties.append(size)
            run.append(properties)
        node = OxmlElement("w:t")
        node.set(qn("xml:space"), "preserve")
        node.text = text
        run.append(node)
        paragraph._p.append(run)


CELL_STYLE, SMALL_STYLE, HINT_STYLE = "Cell", "Small", "Hint"


def _paragraph_style(classes: set[str], container) -> str | None:
    """Smaller text goes through paragraph styles (one definition) rather than a size on every run."""
    if "hint" in classes:
        return HINT_STYLE
    if "small" in classes or "definition" in classes:
        return SMALL_STYLE
    if container.__class__.__name__ == "_Cell":
        return CELL_STYLE
    return None


def _apply_style(paragraph, style_id: str | None) -> None:
    if style_id:
        paragraph._p.get_or_add_pPr().style = style_id


def _cells(tr) -> list:
    return [td for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]


def _has_text_before(paragraph) -> bool:
    return bool(paragraph.text.strip())


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _page_number_header(section, size: float) -> None:
    """GOST R 7.0.97-2016: the number at the top centre, from the second page."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _set_run_font(run, size=size)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def _new_document(base_size: float):
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(base_size)
    r_pr = normal.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in ((CELL_STYLE, base_size - 2), (SMALL_STYLE, base_size - 2), (HINT_STYLE, max(base_size - 4, 8))):
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        if name == CELL_STYLE:
            style.paragraph_format.line_spacing = 1.0
            style.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(20), Mm(10)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = Mm(8)
    _page_number_header(section, base_size - 2)
    document.core_properties.author = ""
    document.core_properties.comments = ""
    return document


def html_to_docx(parts: list[str], *, base_size: float = 14, title: str = "") -> bytes:
    """One .docx from the HTML of each part (a person's consent forms, a report section), parts on new pages."""
    document = _new_document(base_size)
    document.core_properties.title = title[:250]
    writer = _Writer(document, base_size)
    for n, html in enumerate(parts):
        if n:
            writer.page_break()
        root = lxml.html.document_fromstring(html)
        body = root.find("body")
        writer.block(body if body is not None else root)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _paragraph_text(p) -> str:
    return "".join(
        (node.text or "") if node.tag == qn("w:t") else "\n" for node in p.iter(qn("w:t"), qn("w:br"))
    )


def docx_text(data: bytes) -> str:
    """All the text of a .docx, paragraphs and table cells in document order, line breaks kept (tests, benchmark)."""
    document = Document(io.BytesIO(data))
    lines = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(_paragraph_text(child))
        elif child.tag == qn("w:tbl"):
            lines += [" ".join(_paragraph_text(p) for p in tc.iter(qn("w:p"))) for tc in child.iter(qn("w:tc"))]
    return "\n".join(lines)

