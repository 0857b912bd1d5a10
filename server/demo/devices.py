"""Demo devices: every unit of every site's systems, with its label (serial, model,
firmware), where it hangs, its IP address, the dates its warranty can start from, and a
few units that failed and were replaced (faulty serial out, new serial in)."""

from __future__ import annotations

import random
import string
from datetime import date, timedelta

from server.demo.catalogue import MODELS, Model
from server.demo.customers import SitePlan
from server.extensions import db
from server.models import Device, Site, System

#: Third octet of a site's IP plan, one subnet per system type.
SUBNETS = {
    "network": 1,
    "cctv": 20,
    "access_control": 30,
    "public_address": 40,
    "machine_room": 50,
    "led_display": 60,
}

# site, system type, catalogue model, replaced how many days ago, what failed
REPLACEMENTS = (
    ("本部", "cctv", "hik_bullet", 76, "主板故障无视频输出，保修期内免费更换整机"),
    ("主校区", "access_control", "zk_reader", 13, "读头密封圈开裂进水短路，保修期内同型号更换"),
    ("厂区", "network", "hw_access", 210, "电源模块烧毁，按维保合同更换整机"),
)

_LETTERS = "".join(c for c in string.ascii_uppercase if c not in "IO")


def serial_number(fmt: str, made_on: date, rng: random.Random) -> str:
    """A serial in the manufacturer's format (see server.demo.catalogue)."""
    text = fmt.replace("{date}", made_on.strftime("%Y%m%d"))
    out = []
    for char in text:
        if char == "#":
            out.append(rng.choice(string.digits))
        elif char == "@":
            out.append(rng.choice(_LETTERS))
        else:
            out.append(char)
    return "".join(out)


def location(where: str, plan: SitePlan, rng: random.Random, number: int) -> str:
    """Where a unit hangs: "门诊楼 3F 东侧走廊", "信息中心机房 B03 机柜" ..."""
    building, floors = rng.choice(plan.buildings)
    floor = f"{building} {rng.randint(1, floors)}F"
    match where:
        case "corridor":
            return f"{floor} {rng.choice(plan.corridors)}"
        case "ceiling":
            return f"{floor} {rng.choice(plan.corridors)} 吊顶"
        case "door":
            return f"{floor} {rng.choice(plan.doors)}"
        case "weak_room":
            return f"{floor} 弱电间"
        case "outdoor" | "plant":
            return f"{rng.choice(plan.outdoor)} {rng.randint(1, 12)} 号立杆"
        case "rack":
            return f"{plan.machine_room} {rng.choice('ABC')}{rng.randint(1, 8):02d} 机柜"
        case "machine_room":
            return plan.machine_room
        case "control_room":
            return plan.control_room
        case "led_room":
            return f"{plan.led_wall} LED 控制柜"
        case "led_back":
            return f"{plan.led_wall} LED 屏体背面 第 {number} 列箱体"
    raise ValueError(f"unknown location kind {where!r}")


def warranty_dates(accepted_on: date, rng: random.Random) -> dict[str, date]:
    """Sale, delivery, installation and commissioning dates leading up to the acceptance."""
    commissioned_on = accepted_on - timedelta(days=rng.randint(1, 6))
    installed_on = commissioned_on - timedelta(days=rng.randint(3, 30))
    delivered_on = installed_on - timedelta(days=rng.randint(2, 10))
    return {
        "sold_on": delivered_on - timedelta(days=rng.randint(7, 21)),
        "delivered_on": delivered_on,
        "installed_on": installed_on,
        "commissioned_on": commissioned_on,
        "accepted_on": accepted_on,
    }


class _Labeller:
    """Hands out unique serials and each subnet's next host address."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.serials: set[str] = set()
        self.hosts: dict[tuple[str, int], int] = {}

    def serial(self, model: Model, made_on: date) -> str:
        while True:
            serial = serial_number(model.serial_format, made_on, self.rng)
            if serial not in self.serials:
                self.serials.add(serial)
                return serial

    def ip(self, network: str, system_type: str) -> str:
        subnet = SUBNETS[system_type]
        host = self.hosts.get((network, subnet), 10) + 1
        self.hosts[(network, subnet)] = host
        return f"{network}.{subnet}.{host}"


def _device(model: Model, system: System, dates: dict[str, date], labeller: _Labeller) -> Device:
    made_on = dates["delivered_on"] - timedelta(days=labeller.rng.randint(20, 120))
    return Device(
        system=system,
        serial=labeller.serial(model, made_on),
        model=model.model,
        manufacturer=model.manufacturer,
        device_class=model.device_class,
        version=model.version,
        manufacturer_warranty_months=model.manufacturer_warranty_months,
        notes=model.kind,
        **dates,
    )


def build_devices(
    sites: list[tuple[SitePlan, Site, dict[str, System]]], today: date, rng: random.Random
) -> tuple[list[Device], list[tuple[Device, Device]]]:
    """All units of all systems, then the replacements: (devices, [(faulty, new) ...])."""
    labeller = _Labeller(rng)
    devices = []
    for plan, _site, systems in sites:
        for system_plan in plan.systems:
            system = systems[system_plan.type]
            accepted_on = today - timedelta(days=system_plan.accepted_days_ago)
            for key, count in system_plan.devices:
                model = MODELS[key]
                for number in range(1, count + 1):
                    device = _device(model, system, warranty_dates(accepted_on, rng), labeller)
                    device.location = location(model.where, plan, rng, number)
                    if model.has_ip:
                        device.ip_address = labeller.ip(plan.network, system.type)
                    devices.append(device)
    replacements = []
    for site_name, system_type, key, days_ago, reason in REPLACEMENTS:
        old = next(
            d
            for d in devices
            if d.system.site.name == site_name
            and d.system.type == system_type
            and d.model == MODELS[key].model
        )
        new = _replace(old, MODELS[key], today - timedelta(days=days_ago), reason, labeller)
        replacements.append((old, new))
    devices.extend(new for _old, new in replacements)
    db.session.add_all(devices)
    return devices, replacements


def _replace(old: Device, model: Model, on: date, reason: str, labeller: _Labeller) -> Device:
    """The new unit that took ``old``'s place on ``on``; its warranty dates are its own."""
    delivered_on = on - timedelta(days=labeller.rng.randint(1, 3))
    dates = {
        "sold_on": delivered_on,
        "delivered_on": delivered_on,
        "installed_on": on,
        "commissioned_on": on,
        "accepted_on": on,
    }
    new = _device(model, old.system, dates, labeller)
    new.location, new.ip_address = old.location, old.ip_address
    new.notes = f"{model.kind}；{on:%Y-%m-%d} 换上，替换故障设备 {old.serial}"
    old.status, old.replaced_by, old.ip_address = "replaced", new, ""
    old.notes = f"{model.kind}；{on:%Y-%m-%d} 换下：{reason}，新设备 {new.serial}"
    return new
