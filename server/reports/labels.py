"""Draws QR labels from prepared text (server.services.labels decides what they say).

A label is a 50 × 30 mm sticker: the QR code of its URL at the top, its lines (model,
serial, service hotline) under it. The same layout is drawn three ways from one QR matrix:
a PNG at 300 dpi (Pillow), an SVG in millimetres, and an A4 PDF sheet of labels in a grid
with crop marks (reportlab).

Chinese text: the PDF uses the CID font of server.reports.pdf (no font file needed); the
PNG uses a CJK font file when one is installed (``font_file``, else the usual system
paths) and Pillow's own font otherwise, which draws Latin text only.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from server.reports.pdf import FONT

# --- the layout, in millimetres ------------------------------------------------------------

LABEL_W, LABEL_H = 50.0, 30.0
QR_SIZE = 19.0  # the QR with its 2-module quiet zone
QR_TOP = 0.8
TEXT_TOP = QR_TOP + QR_SIZE + 0.6
LINE_H = 3.0
FONT_MM = 2.3
MARGIN_X = 1.5

#: Where Chinese-capable fonts usually live (Debian fonts-noto-cjk, wqy, droid).
CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)

PNG_DPI = 300


@dataclass(frozen=True)
class Label:
    """What one sticker says: the URL its QR code holds and the lines printed under it."""

    url: str
    lines: list[str]


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR modules of ``text`` (error correction M), with a 2-module quiet zone: the
    label's white margin around it adds more."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2, box_size=1)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.get_matrix()


def _runs(row: list[bool]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    runs, start = [], None
    for x, dark in enumerate([*row, False]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            runs.append((start, x - start))
            start = None
    return runs


# --- PNG -------------------------------------------------------------------------------------


@cache
def _font_path(configured: str) -> str | None:
    for path in (configured, *CJK_FONT_CANDIDATES):
        if path and Path(path).is_file():
            return path
    return None


def _font(size_px: int, font_file: str) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _font_path(font_file)
    if path is not None:
        for index in (2, 0):  # in Noto's collection face 2 is Simplified Chinese
            try:
                return ImageFont.truetype(path, size_px, index=index)
            except OSError:
                continue
    return ImageFont.load_default(size_px)


def _fitted_font(
    draw: ImageDraw.ImageDraw, text: str, size_px: int, width_px: float, font_file: str
):
    """The label font, smaller for a line that would not fit the width."""
    font = _font(size_px, font_file)
    while size_px > 12 and draw.textlength(text, font=font) > width_px:
        size_px -= 2
        font = _font(size_px, font_file)
    return font


def label_png(label: Label, font_file: str = "") -> bytes:
    """The label as a PNG; ``font_file`` is a CJK font to try before the system's."""
    matrix = qr_matrix(label.url)
    px_per_mm = PNG_DPI / 25.4
    width, height = round(LABEL_W * px_per_mm), round(LABEL_H * px_per_mm)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    modules = len(matrix)
    box = max(1, int(QR_SIZE * px_per_mm) // modules)
    left, top = (width - box * modules) // 2, round(QR_TOP * px_per_mm)
    for y, row in enumerate(matrix):
        for x, length in _runs(row):
            x0, y0 = left + x * box, top + y * box
            draw.rectangle((x0, y0, x0 + length * box - 1, y0 + box - 1), fill=0)
    usable = (LABEL_W - 2 * MARGIN_X) * px_per_mm
    for i, line in enumerate(label.lines):
        font = _fitted_font(draw, line, round(FONT_MM * px_per_mm), usable, font_file)
        y = (TEXT_TOP + i * LINE_H) * px_per_mm
        draw.text((width / 2, y), line, fill=0, font=font, anchor="mt")
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(PNG_DPI, PNG_DPI))
    return out.getvalue()


# --- SVG -------------------------------------------------------------------------------------


def _estimated_width_mm(text: str, font_mm: float) -> float:
    """Roughly: a CJK character is one em wide, others about half."""
    return sum(font_mm if ord(ch) > 0x2E7F else 0.56 * font_mm for ch in text)


def label_svg(label: Label) -> str:
    matrix = qr_matrix(label.url)
    modules = len(matrix)
    module = QR_SIZE / modules
    left = (LABEL_W - QR_SIZE) / 2
    path = "".join(
        f"M{x} {y}h{length}v1h-{length}z"
        for y, row in enumerate(matrix)
        for x, length in _runs(row)
    )
    usable = LABEL_W - 2 * MARGIN_X
    texts = []
    for i, line in enumerate(label.lines):
        baseline = TEXT_TOP + i * LINE_H + FONT_MM * 0.88
        fit = (
            f' textLength="{usable}" lengthAdjust="spacingAndGlyphs"'
            if _estimated_width_mm(line, FONT_MM) > usable
            else ""
        )
        texts.append(f'<text x="{LABEL_W / 2}" y="{baseline:.2f}"{fit}>{escape(line)}</text>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{LABEL_W:g}mm" height="{LABEL_H:g}mm" '
        f'viewBox="0 0 {LABEL_W:g} {LABEL_H:g}">'
        f"<title>{escape(label.url)}</title>"
        f'<rect width="{LABEL_W:g}" height="{LABEL_H:g}" fill="#fff"/>'
        f'<path transform="translate({left:.3f} {QR_TOP}) scale({module:.5f})" d="{path}" '
        'fill="#000" shape-rendering="crispEdges"/>'
        f'<g font-family="Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, '
        f'sans-serif" font-size="{FONT_MM}" text-anchor="middle" fill="#000">'
        + "".join(texts)
        + "</g></svg>\n"
    )


# --- PDF sheet -------------------------------------------------------------------------------

#: A4 in a 3 × 7 grid of 60 × 40 mm cells: each 50 × 30 label has 5 mm around it for
#: cutting, with crop marks at its corners.
SHEET_COLUMNS, SHEET_ROWS = 3, 7
CELL_W, CELL_H = 60.0, 40.0
CROP_GAP, CROP_LEN = 1.0, 3.0


def labels_pdf(labels: list[Label], title: str) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=True)
    pdf.setTitle(title)
    page_w, page_h = A4[0] / mm, A4[1] / mm
    margin_x = (page_w - SHEET_COLUMNS * CELL_W) / 2
    margin_y = (page_h - SHEET_ROWS * CELL_H) / 2
    per_page = SHEET_COLUMNS * SHEET_ROWS
    for index, label in enumerate(labels):
        if index and index % per_page == 0:
            pdf.showPage()
        slot = index % per_page
        column, row = slot % SHEET_COLUMNS, slot // SHEET_COLUMNS
        # Label origin (bottom-left, PDF coordinates in mm).
        x = margin_x + column * CELL_W + (CELL_W - LABEL_W) / 2
        y = page_h - margin_y - (row + 1) * CELL_H + (CELL_H - LABEL_H) / 2
        _draw_crop_marks(pdf, x, y)
        _draw_label(pdf, label, x, y)
    if not labels:
        pdf.setFont(FONT, 12)
        pdf.drawString(20 * mm, (page_h - 30) * mm, "无设备 No devices")
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw_crop_marks(pdf: canvas.Canvas, x: float, y: float) -> None:
    pdf.setLineWidth(0.25)
    for cx, dx in ((x, -1), (x + LABEL_W, 1)):
        for cy, dy in ((y, -1), (y + LABEL_H, 1)):
            near, far = CROP_GAP, CROP_GAP + CROP_LEN
            pdf.line((cx + dx * near) * mm, cy * mm, (cx + dx * far) * mm, cy * mm)
            pdf.line(cx * mm, (cy + dy * near) * mm, cx * mm, (cy + dy * far) * mm)


def _draw_label(pdf: canvas.Canvas, label: Label, x: float, y: float) -> None:
    matrix = qr_matrix(label.url)
    modules = len(matrix)
    module = QR_SIZE / modules
    left = x + (LABEL_W - QR_SIZE) / 2
    top = y + LABEL_H - QR_TOP
    pdf.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        for start, length in _runs(row):
            pdf.rect(
                (left + start * module) * mm,
                (top - (row_index + 1) * module) * mm,
                length * module * mm,
                module * mm,
                stroke=0,
                fill=1,
            )
    usable = (LABEL_W - 2 * MARGIN_X) * mm
    for i, line in enumerate(label.lines):
        # Latin-only lines in Helvetica: every PDF reader has its metrics, so they
        # print evenly; Chinese needs the CID font.
        font = "Helvetica" if line.isascii() else FONT
        size = FONT_MM / 0.3528  # mm → points
        while size > 4 and stringWidth(line, font, size) > usable:
            size -= 0.25
        pdf.setFont(font, size)
        baseline = y + LABEL_H - (TEXT_TOP + i * LINE_H + FONT_MM * 0.88)
        pdf.drawCentredString((x + LABEL_W / 2) * mm, baseline * mm, line)
