"""Draws the service and inspection reports of a work order as PDF (reportlab) from the
plain facts of server.services.reports. Labels are bilingual and fixed here, like the
signing summary's: the report is one document for the customer and the archive.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from server.reports.pdf import FONT, GRID_LINE, HEADER_FILL, TYPE, paragraph

_BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13)
_SMALL = ParagraphStyle("small", parent=_BODY, fontSize=8, leading=10.5, textColor=colors.grey)
_MONO = ParagraphStyle("mono", parent=_BODY, fontName="Courier", fontSize=8, leading=10)
_H1 = ParagraphStyle("h1", parent=_BODY, fontSize=16, leading=21, spaceAfter=2)
_H2 = ParagraphStyle("h2", parent=_BODY, fontSize=11.5, leading=15, spaceBefore=9, spaceAfter=4)
_WARN = ParagraphStyle("warn", parent=_BODY, textColor=colors.HexColor("#b3001b"))

STATUS = {
    "new": "新建",
    "assigned": "已派单",
    "accepted": "已接单",
    "en_route": "在途",
    "on_site": "在现场",
    "on_hold": "挂起",
    "remote": "远程处理中",
    "completed": "已完成",
    "closed": "已关闭",
    "cancelled": "已取消",
}
EVENT = {
    "registered": "登记",
    "assigned": "派单",
    "unassigned": "撤回派单",
    "accepted": "接单",
    "departed": "出发",
    "arrived": "到达现场",
    "held": "挂起",
    "resumed": "恢复处理",
    "resolved": "处理完成",
    "sent_back": "退回",
    "closed": "关闭",
    "cancelled": "取消",
    "updated": "修改",
    "warranty_overridden": "主管判定保修",
    "warranty_override_removed": "撤销保修判定",
    "conflict_resolved": "处理同步冲突",
    "report_link_created": "发送报告链接",
    "phone_support_failed": "电话支持未解决",
    "remote_started": "开始远程支持",
    "restored": "恢复运行",
    "device_replaced": "更换设备",
    "late_accepted": "采纳迟到的现场记录",
    "late_dismissed": "驳回迟到的现场记录",
    "reported_again": "客户再次报修",
    "merged": "并入重复报修",
    "progress_link_created": "新的进度链接",
    "progress_link_revoked": "停用进度链接",
}
#: How a resolution came about (the "resolved" event's resolved_by).
RESOLVED_BY = {
    "complete": "现场处理完成",
    "resolve_by_phone": "电话解决",
    "resolve_remotely": "远程解决",
}
#: Work-order fields as the history names them (an "updated" event lists its fields).
FIELD = {
    "type": "类型",
    "channel": "来源",
    "severity": "故障等级",
    "system_id": "系统",
    "contract_id": "合同",
    "device_ids": "设备",
    "reporter_name": "报修人",
    "reporter_phone": "报修电话",
    "contact_name": "现场联系人",
    "contact_phone": "联系电话",
    "symptom": "故障描述",
    "appointment_at": "预约时间",
    "diagnosis_symptom": "故障现象",
    "diagnosis_location": "故障部位",
    "diagnosis_cause": "故障原因",
    "diagnosis_fix": "处理措施",
    "defect_code": "故障代码",
    "exclusions": "不保修情形",
    "labour_minutes": "工时",
    "visits": "上门次数",
}
#: Photo kinds.
PHOTO_KIND = {
    "label": "铭牌",
    "warranty_card": "保修卡",
    "before": "维修前",
    "after": "维修后",
    "other": "其他",
}
WARRANTY = {
    "return": "包退",
    "exchange": "包换",
    "free_repair": "保修（免费维修）",
    "paid": "保外（收费）",
    "excluded": "不保修范围（收费）",
}
SATISFACTION = {
    "attitude": "服务态度",
    "speed": "响应速度",
    "quality": "维修质量",
    "overall": "总体",
}
FEE_KIND = {
    "part": "备件",
    "labour": "人工",
    "visit": "上门费",
    "remote_session": "远程支持",
    "travel": "交通费",
}


#: SLA clocks, the reasons a deadline was missed and how the customer was told
#: (server.domain.escalation).
CLOCK = {
    "response": "响应",
    "remote": "远程",
    "arrival": "到场",
    "restore": "恢复",
    "resolve": "解决",
}
BREACH_REASON = {
    "customer_unavailable": "客户不在/无法联系",
    "parts_delay": "备件延误",
    "access_denied": "无法进入现场",
    "travel": "路途耗时",
    "workload": "工作量饱和",
    "other": "其他",
}
TOLD_HOW = {
    "phone": "电话",
    "in_person": "当面",
    "wechat": "微信",
    "email": "邮件",
    "sms": "短信",
}


def breach_rows(breaches: list[dict[str, Any]]) -> list[list[str]]:
    """Missed deadlines explained, as table rows (header first)."""
    rows = [["时限 Clock", "原因 Reason", "说明 Note", "告知客户 Customer told"]]
    for b in breaches:
        how = TOLD_HOW.get(b["customer_told_how"], b["customer_told_how"])
        whom = f" → {b['customer_told_whom']}" if b["customer_told_whom"] else ""
        rows.append(
            [
                CLOCK.get(b["clock"], b["clock"]),
                BREACH_REASON.get(b["reason"], b["reason"]),
                b["note"],
                f"{b['customer_told_at']} {how} {b['customer_told_by']}{whom}",
            ]
        )
    return rows


def _event_label(event: dict[str, Any]) -> str:
    if event["kind"] == "resolved":
        how = (event.get("data") or {}).get("resolved_by")
        return RESOLVED_BY.get(how, EVENT["resolved"])
    return EVENT.get(event["kind"], event["kind"])


def _event_note(event: dict[str, Any]) -> str:
    """The note, with what the event changed in words: the fields an edit touched, the
    units a swap exchanged, the reason a closing overrode the completion guards."""
    data = event.get("data") or {}
    parts = []
    if event["kind"] == "updated" and data.get("fields"):
        parts.append("、".join(FIELD.get(name, name) for name in data["fields"]))
    if event["kind"] == "device_replaced":
        parts.append(f"换下 SN {data.get('old_serial', '')}，换上 SN {data.get('new_serial', '')}")
    if data.get("late"):
        parts.append("迟到的现场记录（主管采纳）")
    if data.get("override"):
        parts.append("未满足完工条件，主管说明原因后关闭")
    if data.get("unsigned_reason"):
        parts.append(f"客户未签字：{data['unsigned_reason']}")
    if event["note"]:
        parts.append(event["note"])
    return "；".join(parts)


def _p(text: Any, style: ParagraphStyle = _BODY) -> Paragraph:
    return paragraph(text, style)


def _yuan(cents: int | None) -> str:
    return "" if cents is None else f"¥{cents / 100:,.2f}"


def _grid(rows: list[list[Any]], widths: list[float], header: bool = True) -> Table:
    cells = [[c if isinstance(c, Paragraph | Image) else _p(c) for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID_LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    table.setStyle(TableStyle(style))
    return table


def _facts(pairs: list[tuple[str, Any]]) -> Table:
    """Label/value pairs, two pairs per row."""
    rows, row = [], []
    for label, value in pairs:
        row += [_p(label, _SMALL), _p(value)]
        if len(row) == 4:
            rows.append(row)
            row = []
    if row:
        rows.append(row + ["", ""])
    return _grid(rows, [24 * mm, 62 * mm, 24 * mm, 62 * mm], header=False)


def _picture(data: bytes | None, max_w: float, max_h: float) -> Image | Paragraph:
    if not data:
        return _p("（图片尚未上传 not uploaded yet）", _SMALL)
    try:
        image = Image(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - a picture that cannot be drawn must not stop the report
        return _p("（图片无法显示 cannot be shown）", _SMALL)
    scale = min(max_w / image.imageWidth, max_h / image.imageHeight, 1.0)
    image.drawWidth = image.imageWidth * scale
    image.drawHeight = image.imageHeight * scale
    return image


def _title_block(facts: dict[str, Any], title: str) -> list[Any]:
    company = facts["company"]
    hotline = f"服务热线 Hotline {company['hotline']}" if company.get("hotline") else ""
    return [
        _p(company["name"], _H1),
        _p(hotline, _SMALL),
        Spacer(1, 3 * mm),
        _p(f"{title}  {facts['number']}", _H2),
        _p(f"生成时间 Generated {facts['generated_at']}", _SMALL),
        Spacer(1, 2 * mm),
        _facts(
            [
                ("客户 Customer", facts["customer"]["name"]),
                ("现场 Site", facts["site"]["name"]),
                ("地址 Address", facts["site"]["address"]),
                ("系统 System", facts["system"]),
                ("类型 Type", TYPE.get(facts["type"], facts["type"])),
                ("状态 Status", STATUS.get(facts["status"], facts["status"])),
                ("等级 Severity", f"{facts['severity']} 级"),
                ("合同 Contract", facts["contract"]),
                ("报修人 Reporter", " ".join(filter(None, facts["reporter"].values()))),
                ("现场联系人 Contact", " ".join(filter(None, facts["contact"].values()))),
                ("报修时间 Reported", facts["reported_at"]),
                ("工程师 Engineer", facts["engineer"]),
            ]
        ),
        _p("设备 Devices", _H2),
        _grid(
            [["序列号 Serial", "型号 Model", "厂家 Maker", "位置 Location"]]
            + [
                [d["serial"], d["model"], d["manufacturer"], d["location"]]
                for d in facts["devices"]
            ]
            if facts["devices"]
            else [["—"]],
            [40 * mm, 45 * mm, 35 * mm, 52 * mm] if facts["devices"] else [172 * mm],
            header=bool(facts["devices"]),
        ),
    ]


def _signature_block(signature: dict[str, Any] | None, title: str) -> list[Any]:
    if signature is None:
        return [_p(title, _H2), _p("客户尚未签字 Not signed by the customer yet.")]
    rows = [
        ("签字人 Signed by", signature["signer_name"]),
        ("签字时间 Signed at", signature["signed_at"]),
    ]
    ratings = signature["satisfaction"]
    if ratings:
        rows.append(
            (
                "满意度 Satisfaction",
                "；".join(f"{SATISFACTION.get(k, k)} {v}/5" for k, v in ratings.items()),
            )
        )
    if signature["comment"]:
        rows.append(("客户意见 Opinion", signature["comment"]))
    block = [
        _p(title, _H2),
        _picture(signature["image"], 70 * mm, 30 * mm),
        _facts(rows),
        Spacer(1, 2 * mm),
        _p("签字内容摘要 SHA-256 of the signed summary:", _SMALL),
        _p(signature["summary_sha256"], _MONO),
    ]
    if signature["differs"]:
        block.append(
            _p("注意：签字后工单内容已有变化 The work order changed after it was signed.", _WARN)
        )
    return [KeepTogether(block)]


def _build(story: list[Any], title: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=19 * mm,
        rightMargin=19 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="Aftercare",
    )

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawRightString(A4[0] - 19 * mm, 9 * mm, f"{title}  第 {document.page} 页")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def render_service_report(facts: dict[str, Any]) -> bytes:
    story = _title_block(facts, "维修服务报告 Service report")
    story += [_p("故障现象（报修） Reported symptom", _H2), _p(facts["symptom"] or "—")]

    story += [_p("处理过程 Timeline", _H2)]
    story.append(
        _grid(
            [
                [
                    "事件 Event",
                    "现场时间 Device time",
                    "服务器时间 Server time",
                    "操作人 By",
                    "备注 Note",
                ]
            ]
            + [
                [
                    _event_label(e),
                    f"{e['device_at']}（手机）" if e["device_at"] else "—",
                    e["server_at"],
                    e["actor"],
                    _event_note(e),
                ]
                for e in facts["timeline"]
            ],
            [28 * mm, 32 * mm, 32 * mm, 25 * mm, 55 * mm],
        )
    )

    diagnosis = facts["diagnosis"]
    story += [
        _p("诊断 Diagnosis", _H2),
        _facts(
            [
                ("故障现象 Symptom", diagnosis["symptom"]),
                ("故障部位 Location", diagnosis["location"]),
                ("故障原因 Cause", diagnosis["cause"]),
                ("处理方法 Fix", diagnosis["fix"]),
            ]
        ),
    ]

    warranty = facts["warranty"]
    status = warranty["effective_status"]
    period = " – ".join(filter(None, [warranty["start_on"], warranty["end_on"]]))
    pairs = [
        ("保修结论 Decision", WARRANTY.get(status, status) if status else "未判定 undecided"),
        ("保修期 Period", period),
    ]
    if warranty["override_reason"]:
        pairs.append(("主管判定 Override", warranty["override_reason"]))
    story += [_p("保修判定 Warranty", _H2), _facts(pairs)]

    story += [_p("备件与费用 Parts and costs", _H2)]
    fees = facts["fees"]
    if "error" in fees:
        story.append(
            _grid(
                [["备件号 Part no.", "名称 Name", "数量 Qty"]]
                + [
                    [p["part_number"], p["name"], f"{p['quantity']} {p['unit']}"]
                    for p in facts["parts"]
                ],
                [45 * mm, 90 * mm, 37 * mm],
            )
        )
        story.append(_p(f"费用未估算 No estimate: {fees['error']}", _SMALL))
    else:
        names = {p["part_number"]: p["name"] for p in facts["parts"]}
        rows = [["项目 Item", "数量 Qty", "单价 Unit", "金额 Amount", "收费 Charged"]]
        for line in fees["lines"]:
            item = FEE_KIND.get(line["kind"], line["kind"])
            if line["code"]:
                item = f"{item} {line['code']} {names.get(line['code'], '')}"
            rows.append(
                [
                    item,
                    f"{line['quantity']} {line['unit']}",
                    _yuan(line["unit_cents"]),
                    _yuan(line["amount_cents"]),
                    "是 yes" if line["is_chargeable"] else "免费 free",
                ]
            )
        rows.append(
            ["合计 Total", "", "", _yuan(fees["total_cents"]), _yuan(fees["chargeable_cents"])]
        )
        story.append(_grid(rows, [70 * mm, 25 * mm, 25 * mm, 27 * mm, 25 * mm]))
    consent = facts.get("consent")
    if consent:
        story.append(
            _p(
                f"客户同意付费 Customer consent to paid work: {_yuan(consent['amount_cents'])}"
                f" · {consent['signer_name']} · {consent['consented_at']}",
                _SMALL,
            )
        )
    for loaner in facts.get("loaners", []):
        state = (
            f"已归还 returned {loaner['returned_at']}"
            if loaner["returned_at"]
            else f"未归还 out, due {loaner['due_back_on'] or '-'}"
        )
        story.append(
            _p(
                f"备用机 Loaner: {loaner['description']} {loaner['serial']}"
                f" · 借出 issued {loaner['issued_at']} · {state}",
                _SMALL,
            )
        )

    if facts.get("breaches"):
        story += [
            _p("超时说明 Missed deadlines explained", _H2),
            _grid(breach_rows(facts["breaches"]), [22 * mm, 35 * mm, 60 * mm, 55 * mm]),
        ]

    if facts["photos"]:
        story += [_p("照片 Photos", _H2)]
        cells = [
            [
                _picture(p["image"], 52 * mm, 40 * mm),
                _p(
                    f"{PHOTO_KIND.get(p['kind'], p['kind'])} {p['caption']} {p['taken_at']}", _SMALL
                ),
            ]
            for p in facts["photos"]
        ]
        rows = []
        for i in range(0, len(cells), 3):
            chunk = cells[i : i + 3]
            chunk += [["", ""]] * (3 - len(chunk))
            rows.append([c[0] for c in chunk])
            rows.append([c[1] for c in chunk])
        table = Table(rows, colWidths=[57 * mm] * 3)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)

    story += _signature_block(facts["signature"], "客户签字 Customer sign-off")
    return _build(story, f"维修服务报告 {facts['number']}")


def _reading(row: dict[str, Any]) -> str:
    value = row["value"]
    if row["type"] == "pass_fail":
        return "通过 pass" if value is True else "不通过 fail" if value is False else "—"
    text = "—" if value in (None, "") else str(value)
    return f"{text} {row['unit']}".strip()


def _range(row: dict[str, Any]) -> str:
    low, high = row["min"], row["max"]
    if low is None and high is None:
        return ""
    return f"{'' if low is None else low} – {'' if high is None else high} {row['unit']}".strip()


def render_inspection_report(facts: dict[str, Any]) -> bytes:
    story = _title_block(facts, "巡检报告 Inspection report")
    if not facts["groups"]:
        story += [_p("检查结果 Checklist", _H2), _p("没有检查记录 No checklist answers.")]
    for group in facts["groups"]:
        title = group["device"] or "系统整体 Whole system"
        if group["location"]:
            title = f"{title}（{group['location']}）"
        rows = [["检查项 Item", "结果 Reading", "范围 Range", "判定 OK", "备注 Note"]]
        flagged = []
        for i, row in enumerate(group["rows"], start=1):
            verdict = "—" if row["is_ok"] is None else "合格 ok" if row["is_ok"] else "异常 NOT OK"
            if row["out_of_range"]:
                verdict = "超出范围 OUT OF RANGE"
            if row["is_ok"] is False:
                flagged.append(i)
                verdict = _p(verdict, _WARN)
            rows.append([row["label"], _reading(row), _range(row), verdict, row["note"]])
        table = _grid(rows, [48 * mm, 30 * mm, 30 * mm, 30 * mm, 34 * mm])
        for i in flagged:
            table.setStyle(
                TableStyle([("BACKGROUND", (0, i), (-1, i), colors.HexColor("#fdecee"))])
            )
        story += [_p(f"检查结果 Checklist: {title}", _H2), table]
    story += _signature_block(facts["signature"], "客户签字 Customer signature")
    return _build(story, f"巡检报告 {facts['number']}")
