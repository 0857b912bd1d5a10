"""What engineers carry: inspection checklists per system type (from the seeds' 巡检 items)
and parts stock in each centre's warehouse and each engineer's van."""

from __future__ import annotations

from collections.abc import Sequence

from server.extensions import db
from server.models import Centre, ChecklistTemplate, Part, StockLocation, StockMovement, User

# key, label, type, unit, min, max, required
_COMMON = (
    ("appearance", "设备外观完好、标识清晰", "pass_fail", None, None, None, True),
    ("cleaning", "设备及周边环境清洁除尘", "pass_fail", None, None, None, True),
    ("power", "电源供应及接地正常", "pass_fail", None, None, None, True),
    ("wiring", "连接线路接触良好、无松动氧化", "pass_fail", None, None, None, True),
    ("heat", "散热正常、无过热", "pass_fail", None, None, None, True),
)
CHECKLISTS: dict[str, tuple[str, tuple]] = {
    "cctv": ("视频监控系统巡检表", _COMMON + (
        ("image", "图像清晰、无干扰、夜视正常", "pass_fail", None, None, None, True),
        ("recording_days", "录像保存天数", "number", "天", 30, None, True),
        ("disk_health", "硬盘状态正常（无坏道告警）", "pass_fail", None, None, None, True),
        ("time_sync", "设备时间与标准时间偏差", "number", "秒", 0, 10, False),
        ("photo", "现场照片", "photo", None, None, None, False),
    )),
    "access_control": ("门禁系统巡检表", _COMMON + (
        ("card_open", "刷卡开门功能正常", "pass_fail", None, None, None, True),
        ("exit_button", "出门按钮、紧急破玻功能正常", "pass_fail", None, None, None, True),
        ("lock_force", "磁力锁吸合正常", "pass_fail", None, None, None, True),
        ("records", "通行记录上传正常", "pass_fail", None, None, None, True),
    )),
    "network": ("网络系统巡检表", _COMMON + (
        ("ports", "端口状态及错包检查", "pass_fail", None, None, None, True),
        ("cpu", "CPU 使用率", "number", "%", 0, 80, True),
        ("versions", "型号、序列号、版本与设备清单一致", "pass_fail", None, None, None, True),
        ("config_backup", "配置已备份", "pass_fail", None, None, None, True),
    )),
    "machine_room": ("机房环控系统巡检表", _COMMON + (
        ("room_temp", "手持温湿度仪读数（温度）", "number", "℃", 18, 27, True),
        ("sensor_gap", "手持仪表与系统温度传感器差值", "number", "℃", 0, 2, True),
        ("humidity", "相对湿度", "number", "%RH", 40, 60, True),
        ("ups_battery", "UPS 电池内阻测试合格", "pass_fail", None, None, None, True),
        ("leak", "漏水检测功能正常", "pass_fail", None, None, None, True),
        ("remarks", "其他情况说明", "text", None, None, None, False),
    )),
    "public_address": ("公共广播系统巡检表", _COMMON + (
        ("zones", "各分区播放正常", "pass_fail", None, None, None, True),
        ("fire_link", "消防联动强切功能正常", "pass_fail", None, None, None, True),
    )),
    "led_display": ("LED 显示屏巡检表", _COMMON + (
        ("dead_pixels", "坏点数量", "number", "个", 0, 20, True),
        ("brightness", "亮度、色彩均匀", "pass_fail", None, None, None, True),
    )),
}  # fmt: skip

#: Parts each van starts with (part number, quantity); the warehouse keeps ten of each.
VAN_KIT = (
    ("PSU-12V-2A", 6),
    ("CAM-IR-BOARD", 2),
    ("ACS-ZK-KR600M", 2),
    ("ACS-EXIT-BTN", 4),
    ("SFP-1G-SM", 2),
    ("RJ45-CAT6", 1),
    ("FIBER-PATCH-LC", 4),
)
WAREHOUSE_QUANTITY = 10


def build_checklists() -> list[ChecklistTemplate]:
    templates = [
        ChecklistTemplate(
            system_type=system_type,
            name=name,
            items=[
                {
                    "key": key,
                    "label": label,
                    "type": kind,
                    "unit": unit or "",
                    "min": low,
                    "max": high,
                    "required": required,
                }
                for key, label, kind, unit, low, high, required in items
            ],
        )
        for system_type, (name, items) in CHECKLISTS.items()
    ]
    db.session.add_all(templates)
    return templates


def build_stock(centres: Sequence[Centre], engineers: Sequence[User], parts: Sequence[Part]):
    """A warehouse per centre stocked by 'received' movements; a van per engineer stocked
    by 'issued' movements out of his centre's warehouse. Needs flushed centres and users."""
    by_number = {p.part_number: p for p in parts}
    warehouses = {}
    for centre in centres:
        warehouse = StockLocation(
            kind="warehouse", name=f"{centre.name}备件库", centre_id=centre.id
        )
        warehouses[centre.id] = warehouse
        db.session.add(warehouse)
        db.session.add_all(
            StockMovement(
                location=warehouse,
                part=part,
                quantity=WAREHOUSE_QUANTITY,
                kind="received",
                note="期初库存",
            )
            for part in parts
        )
    for engineer in engineers:
        van = StockLocation(
            kind="van",
            name=f"{engineer.display_name} 车载库存",
            centre_id=engineer.centre_id,
            engineer=engineer,
        )
        db.session.add(van)
        for number, quantity in VAN_KIT:
            part = by_number[number]
            db.session.add_all([
                StockMovement(location=warehouses[engineer.centre_id], part=part,
                              quantity=-quantity, kind="issued", note=f"领用至{van.name}"),
                StockMovement(location=van, part=part, quantity=quantity, kind="issued",
                              note="领用"),
            ])  # fmt: skip
