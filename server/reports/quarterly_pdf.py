"""Draws the quarterly customer report (季度服务报告) as PDF from the facts of
server.services.quarterly_report; labels bilingual, like the service report's."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from server.reports.pdf import FONT, GRID_LINE, HEADER_FILL, TYPE, paragraph

_BODY = ParagraphStyle("q-body", fontName=FONT, fontSize=9, leading=12.5)
_SMALL = ParagraphStyle("q-small", parent=_BODY, fontSize=8, textColor=colors.grey)
_H1 = ParagraphStyle("q-h1", parent=_BODY, fontSize=16, leading=21, spaceAfter=2)
_H2 = ParagraphStyle("q-h2", parent=_BODY, fontSize=11.5, leading=15, spaceBefore=9, spaceAfter=4)
WIDTH = 174 * mm

CLOCK = {"response": "响应 Response", "remote": "远程 Remote", "arrival": "到场 Arrival",
         "restore": "恢复 Restore", "resolve": "解决 Resolve"}  # fmt: skip
KIND = {"inspection": "巡检 Inspection", "follow_up": "回访 Follow-up",
        "site_check": "现场检查 Site check", "survey": "满意度调查 Survey",
        "observation": "观察期回访 Observation"}  # fmt: skip


def _p(text: Any, style: ParagraphStyle = _BODY) -> Paragraph:
    return paragraph(text, style)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _grid(header: list[str], rows: list[list[Any]], widths: list[float]) -> Table:
    if not rows:
        return Table([[_p("—")]], colWidths=[WIDTH])
    scale = WIDTH / sum(widths)
    table = Table(
        [[_p(c) for c in header], *[[_p(c) for c in row] for row in rows]],
        colWidths=[w * scale for w in widths],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID_LINE),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render_quarterly_report(facts: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{facts['customer']['name']} {facts['year']} Q{facts['quarter']}",
    )
    service = facts["service"]
    ftf = service["first_time_fix"]
    period = f"{facts['year']} 年第 {facts['quarter']} 季度"
    story: list[Any] = [
        _p(facts["company"]["name"], _H1),
        _p(f"季度服务报告 Quarterly service report  {period}", _H2),
        _p(f"客户 Customer: {facts['customer']['name']}"),
        _p(f"期间 Period: {facts['first_on']} – {facts['last_on']}"),
        _p(
            "合同 Contracts: "
            + ("; ".join(f"{c['number']} {c['name']} ({c['starts_on']} – {c['ends_on']})"
                         for c in facts["contracts"]) or "—")
        ),
        _p(f"生成日期 Generated {facts['generated_at']}", _SMALL),
        _p("一、设备运行情况 How the equipment ran", _H2),
        _grid(
            ["现场 Site", "系统 System", "设备 Devices", "故障 Repairs", "巡检 Inspections",
             "状况 State"],
            [[r["site"], r["system"], r["devices"], r["repairs"], r["inspections"], r["state"]]
             for r in facts["equipment"]],
            [30, 48, 18, 18, 20, 34],
        ),
        _p("二、故障及分析 Faults and their analysis", _H2),
        _grid(
            ["单号 No.", "日期 Date", "系统/设备 System / devices", "现象 Symptom", "原因 Cause"],
            [[f["number"], f["reported_on"], f"{f['system']} {f['devices']}".strip(),
              f["symptom"], f["cause"]] for f in facts["faults"]],
            [31, 20, 35, 44, 44],
        ),
        Spacer(1, 2 * mm),
        _p("按故障类型 By defect: " + ("; ".join(f"{code} × {n}" for code, n in facts["defects"])
                                   or "—")),
        _p("三、纠正措施 Corrective measures", _H2),
        _grid(
            ["单号 No.", "处理措施 What was done", "状态 Status"],
            [[f["number"], f["fix"] or "（处理中 in progress）", f["status"]]
             for f in facts["faults"]],
            [31, 115, 28],
        ),
        _p("四、服务情况 Service given", _H2),
        _p("工单 Work orders: "
           + ("; ".join(f"{TYPE.get(t, t)} {n}" for t, n in service["by_type"]) or "—")),
        _grid(
            ["时限 Clock", "按时 Met", "超时 Late", "按时率 On time"],
            [[CLOCK.get(r["clock"], r["clock"]), r["met"], r["late"],
              _percent(r["on_time_percent"])] for r in service["on_time"]],
            [50, 30, 30, 40],
        ),
        Spacer(1, 2 * mm),
        _p(f"一次修复率 First-time fix: {_percent(ftf['first_time_fix_percent'])} "
           f"({ftf['first_time_fixes']}/{ftf['repairs']})"),
        _p("满意度 Satisfaction: "
           + ("; ".join(f"{r['label_zh']} {r['average']:.1f}/5" for r in service["satisfaction"])
              or "—")),
        _p("计划执行 Plan: "
           + ("; ".join(f"{KIND.get(r['kind'], r['kind'])} {r['done']}/{r['planned']}"
                        for r in service["plan"]) or "—")),
        _p("五、下季度计划 Next quarter's plan", _H2),
        _grid(
            ["日期 Date", "内容 Visit", "对象 What", "现场 Site", "工单 Work order"],
            [[p["on"], KIND.get(p["kind"], p["kind"]), p["what"], p["site"], p["work_order"]]
             for p in facts["next_plan"]],
            [22, 32, 60, 30, 30],
        ),
    ]  # fmt: skip
    doc.build(story)
    return out.getvalue()
