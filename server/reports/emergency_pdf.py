"""Draws a level-1 emergency's root-cause report (根因分析报告) for the customer's management
as PDF, in Chinese, from the facts of server.services.reports.root_cause_report_facts.
Shares the service report's title block, tables and event words."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm

from server.reports.work_order_pdf import (
    _H2,
    _SMALL,
    _build,
    _event_label,
    _event_note,
    _grid,
    _p,
    _title_block,
    breach_rows,
)

MILESTONE = {
    "notify_managers": "通知管理层",
    "emergency_team": "应急小组到位",
    "expert_remote": "专家远程支持",
    "expert_group": "专家组到场",
}


def render_root_cause_report(facts: dict[str, Any]) -> bytes:
    story = _title_block(facts, "一级故障根因分析报告")
    story += [_p("一、故障概述", _H2), _p(facts["symptom"] or "—")]
    story += [
        _p("二、处理过程", _H2),
        _grid(
            [["事件", "现场时间", "服务器时间", "操作人", "备注"]]
            + [
                [
                    _event_label(e),
                    e["device_at"] or "—",
                    e["server_at"],
                    e["actor"],
                    _event_note(e),
                ]
                for e in facts["timeline"]
            ],
            [28 * mm, 32 * mm, 32 * mm, 25 * mm, 55 * mm],
        ),
        _p("应急响应节点", _H2),
        _grid(
            [["节点", "时限", "应完成时间", "确认人", "确认时间", "是否按时"]]
            + [
                [
                    MILESTONE.get(m["key"], m["key"]),
                    f"{m['minutes']} 分钟",
                    m["due_at"],
                    m["acknowledged_by"] or "—",
                    m["device_at"] or m["acknowledged_at"] or "未确认",
                    ("按时" if m["on_time"] else "超时") if m["acknowledged_by"] else "—",
                ]
                for m in facts["milestones"]
            ],
            [32 * mm, 18 * mm, 32 * mm, 25 * mm, 40 * mm, 25 * mm],
        ),
        _p(f"故障修复时间：{facts['resolved_at'] or '—'}"),
        _p(
            f"观察期：修复后 {facts['observation_days']} 天，"
            f"至 {facts['observation_due_at'] or '—'}"
        ),
    ]
    if facts["breaches"]:
        story += [
            _p("超时说明", _H2),
            _grid(breach_rows(facts["breaches"]), [22 * mm, 35 * mm, 60 * mm, 55 * mm]),
        ]
    story += [
        _p("三、故障原因", _H2),
        _p(facts["cause"]),
        _p("四、处理措施", _H2),
        _p(facts["actions"]),
        _p("五、预防措施", _H2),
        _p(facts["prevention"]),
        _p(
            f"报告人：{facts['emergency_closed_by']}　　结案时间：{facts['emergency_closed_at']}",
            _SMALL,
        ),
    ]
    return _build(story, f"根因分析报告 {facts['number']}")
