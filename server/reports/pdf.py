"""What the PDFs share: the Chinese font, a paragraph from plain text, the table colours and
the work-order types' names.

Chinese text uses reportlab's built-in CID font STSong-Light, which every PDF reader has: no
font file to ship or find.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

#: The lines of every table and the fill of its header row.
GRID_LINE = colors.HexColor("#9aa3ad")
HEADER_FILL = colors.HexColor("#e4e9f0")

TYPE = {
    "repair": "维修",
    "inspection": "巡检",
    "installation": "安装调试",
    "upgrade": "升级",
    "follow_up": "回访",
    "training": "培训",
    "rectification": "整改",
}


def paragraph(text: Any, style: ParagraphStyle) -> Paragraph:
    """``text`` (None prints nothing) escaped for reportlab, its line breaks kept."""
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), style)
