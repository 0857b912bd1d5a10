"""Demo customers (业主), their contacts and sites, and the systems installed at each site.

A site plan also lists the places devices hang (buildings, corridors, doors, machine room),
and each system plan says which catalogue models it holds, how many, and how many days ago
the system was accepted (验收): that date starts the warranty clock, so the ages below spread
the devices over the return, exchange, free-repair and expired windows.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.extensions import db
from server.models import Contact, Customer, Site, System, User

# code, name, important, address, notes
CUSTOMERS = (
    ("SH6Y", "上海市第六人民医院", True, "上海市徐汇区宜山路 600 号",
     "三级甲等综合医院，门急诊 7×24 小时运行；信息中心为弱电系统归口管理部门。"),
    ("NJDX", "中共南京市委党校", False, "南京市建邺区江东中路 288 号",
     "弱电系统由我司承建，验收后一年质保；保卫处负责监控与门禁日常管理。"),
    ("HNSH", "华宁石化有限公司", True, "南京市六合区化学工业园区方水路 118 号",
     "危化品生产企业，装置区进入须办理作业票并佩戴防爆对讲；质保期满后签订维保合同。"),
)  # fmt: skip

# customer, name, title, phone, email, authorised requester (at most 5 per customer)
CONTACTS = (
    ("SH6Y", "王建国", "信息中心主任", "13817726630", "wangjg@sh6hosp.example", True),
    ("SH6Y", "陈晓东", "信息中心网络工程师", "13601943387", "chenxd@sh6hosp.example", True),
    ("SH6Y", "李敏", "保卫科科长", "13512278814", "limin@sh6hosp.example", True),
    ("SH6Y", "周涛", "后勤保障处副处长", "13788915062", "zhoutao@sh6hosp.example", True),
    ("SH6Y", "赵丽华", "门诊办公室护士长", "13916084427", "", False),
    ("NJDX", "刘国庆", "行政处处长", "13951728836", "liugq@njdx.example", True),
    ("NJDX", "孙玉梅", "保卫处干事", "13770651290", "", True),
    ("NJDX", "何军", "信息中心主任", "13852066148", "hejun@njdx.example", True),
    ("HNSH", "吴海峰", "仪表电气车间主任", "13905172243", "wuhf@hnpc.example", True),
    ("HNSH", "郑斌", "信息中心主管", "13605193378", "zhengbin@hnpc.example", True),
    ("HNSH", "马晓静", "安全环保部安全员", "15805182291", "", True),
    ("HNSH", "钱伟", "储运部值班长", "13952041176", "", False),
)  # fmt: skip


@dataclass(frozen=True)
class SystemPlan:
    type: str
    name: str
    engineer: str  # the responsible engineer's username (责任到人)
    accepted_days_ago: int
    devices: tuple[tuple[str, int], ...]  # (catalogue model key, how many)


@dataclass(frozen=True)
class SitePlan:
    customer: str
    name: str
    address: str
    zone: str
    distance_km: int  # from the service centre
    latitude: float
    longitude: float
    network: str  # first two octets of the site's IP plan
    buildings: tuple[tuple[str, int], ...]  # (building, floors)
    corridors: tuple[str, ...]
    doors: tuple[str, ...]
    outdoor: tuple[str, ...]
    machine_room: str
    control_room: str
    led_wall: str
    systems: tuple[SystemPlan, ...]


SITES = (
    SitePlan(
        customer="SH6Y",
        name="本部",
        address="上海市徐汇区宜山路 600 号",
        zone="in_city",
        distance_km=8,
        latitude=31.1769,
        longitude=121.4263,
        network="10.16",
        buildings=(("门诊楼", 6), ("住院部", 16), ("医技楼", 5), ("急诊楼", 3)),
        corridors=("东侧走廊", "西侧走廊", "电梯厅", "楼梯口", "护士站", "候诊区"),
        doors=("药库", "财务室", "病案室", "手术室通道", "配电间", "护士站侧门"),
        outdoor=("南大门", "北门出入口", "地面停车场", "急诊车道", "污物通道", "围墙东北角"),
        machine_room="信息中心机房（医技楼 B1）",
        control_room="安防监控中心（门诊楼 1F）",
        led_wall="门诊楼 1F 大厅",
        systems=(
            SystemPlan("cctv", "本部视频监控系统", "engineer1", 420, (
                ("hik_nvr", 3), ("seagate_hdd", 10), ("hik_bullet", 22),
                ("hik_dome", 16), ("hik_ptz", 3),
            )),
            SystemPlan("access_control", "本部门禁系统", "engineer1", 420, (
                ("zk_controller", 5), ("zk_reader", 14),
            )),
            SystemPlan("network", "本部有线及无线网络", "engineer3", 420, (
                ("hw_core", 2), ("hw_firewall", 1), ("hw_wlan_ac", 1), ("hw_access", 10),
                ("hw_ap", 12), ("hw_sfp", 6),
            )),
            SystemPlan("public_address", "本部公共广播系统", "engineer3", 420, (
                ("dsppa_server", 1), ("dsppa_amplifier", 3), ("dsppa_terminal", 6),
            )),
            SystemPlan("machine_room", "信息中心机房环控系统", "engineer3", 420, (
                ("emerson_ups", 2), ("panasonic_battery", 2), ("emerson_aircon", 2),
                ("vertiv_rdu", 1), ("renke_th_sensor", 5), ("renke_leak", 2),
            )),
            SystemPlan("led_display", "门诊大厅 LED 信息显示屏", "engineer1", 55, (
                ("nova_controller", 1), ("nova_player", 1), ("nova_receiver", 6),
            )),
        ),
    ),
    SitePlan(
        customer="SH6Y",
        name="东院",
        address="上海市浦东新区南汇新城镇环湖西三路 222 号",
        zone="out_of_town",
        distance_km=68,
        latitude=30.8992,
        longitude=121.9307,
        network="10.17",
        buildings=(("门急诊楼", 4), ("病房楼", 12)),
        corridors=("东侧走廊", "西侧走廊", "电梯厅", "候诊区"),
        doors=("药房", "收费处后门", "配电间"),
        outdoor=("正门", "地下车库入口", "救护车通道"),
        machine_room="东院信息机房（门急诊楼 2F）",
        control_room="东院消控室",
        led_wall="门急诊楼 1F 大厅",
        systems=(
            # Just handed over: inside the 7-day return window.
            SystemPlan("cctv", "东院视频监控系统（二期）", "engineer1", 4, (
                ("dahua_nvr", 1), ("seagate_hdd", 4), ("dahua_bullet", 10), ("dahua_dome", 6),
            )),
            # Accepted three weeks ago: inside the exchange window (days 8-30).
            SystemPlan("network", "东院网络（二期）", "engineer3", 19, (
                ("hw_access", 3), ("h3c_ap", 8),
            )),
        ),
    ),
    SitePlan(
        customer="NJDX",
        name="主校区",
        address="南京市建邺区江东中路 288 号",
        zone="in_city",
        distance_km=12,
        latitude=32.0152,
        longitude=118.7385,
        network="172.20",
        buildings=(("教学楼", 5), ("行政楼", 6), ("学员宿舍楼", 8), ("图书馆", 4)),
        corridors=("东侧走廊", "西侧走廊", "电梯厅", "楼梯口", "报告厅门口"),
        doors=("303 教室", "档案室", "财务室", "宿舍楼道闸", "机要室"),
        outdoor=("校门口", "东侧停车场", "操场", "食堂门口", "围墙西南角"),
        machine_room="信息中心机房（行政楼 1F）",
        control_room="校园广播室（行政楼 2F）",
        led_wall="大礼堂主席台",
        systems=(
            SystemPlan("cctv", "校园视频监控系统", "engineer2", 150, (
                ("hik_nvr", 1), ("seagate_hdd", 8), ("hik_bullet", 12), ("hik_dome", 8),
            )),
            SystemPlan("access_control", "门禁及人脸识别系统", "engineer2", 150, (
                ("zk_controller", 2), ("zk_reader", 6), ("hik_face", 2),
            )),
            SystemPlan("network", "校园网络", "engineer4", 150, (
                ("h3c_core", 1), ("h3c_access", 5), ("h3c_ap", 6),
            )),
            SystemPlan("public_address", "校园公共广播系统", "engineer2", 5, (
                ("dsppa_server", 1), ("dsppa_amplifier", 2), ("dsppa_terminal", 4),
            )),
            # The contract's exchange window is 15 days: day 12 is still inside it.
            SystemPlan("led_display", "大礼堂 LED 显示屏", "engineer2", 11, (
                ("nova_controller", 1), ("nova_player", 1), ("nova_receiver", 4),
            )),
            SystemPlan("machine_room", "信息中心机房环控系统", "engineer4", 150, (
                ("emerson_ups", 1), ("panasonic_battery", 1), ("renke_th_sensor", 2),
            )),
        ),
    ),
    SitePlan(
        customer="HNSH",
        name="厂区",
        address="南京市六合区化学工业园区方水路 118 号",
        zone="out_of_town",
        distance_km=42,
        latitude=32.2436,
        longitude=118.8262,
        network="10.88",
        buildings=(("综合办公楼", 5), ("中心控制室", 2), ("化验楼", 3)),
        corridors=("东侧走廊", "西侧走廊", "楼梯口", "大厅"),
        doors=("办公楼大门", "中控室", "档案室", "配电室"),
        outdoor=("1 号装置区", "2 号装置区", "罐区东侧", "厂区东门", "装卸站台", "消防泵房"),
        machine_room="中心控制室机柜间",
        control_room="中心控制室操作台",
        led_wall="综合办公楼 1F 大厅",
        systems=(
            SystemPlan("cctv", "厂区工业电视监控系统", "engineer2", 1650, (
                ("hik_nvr", 2), ("seagate_hdd", 8), ("hik_explosion_proof", 10),
                ("hik_bullet", 8),
            )),
            SystemPlan("network", "厂区工业以太网", "engineer4", 1650, (
                ("hw_core", 2), ("hw_access", 4),
            )),
            SystemPlan("public_address", "厂区扩音对讲系统", "engineer2", 1650, (
                ("dsppa_server", 1), ("dsppa_amplifier", 2), ("dsppa_terminal", 4),
            )),
            SystemPlan("machine_room", "中控室机房环控系统", "engineer4", 1650, (
                ("emerson_ups", 2), ("panasonic_battery", 2), ("emerson_aircon", 1),
                ("vertiv_rdu", 1), ("renke_th_sensor", 4), ("renke_leak", 2),
            )),
            SystemPlan("access_control", "办公楼门禁系统", "engineer4", 1650, (
                ("zk_controller", 1), ("zk_reader", 4),
            )),
        ),
    ),
    SitePlan(
        customer="HNSH",
        name="储运部",
        address="南京市六合区化学工业园区长芦码头路 9 号",
        zone="out_of_town",
        distance_km=48,
        latitude=32.2071,
        longitude=118.8705,
        network="10.89",
        buildings=(("储运部值班楼", 3),),
        corridors=("走廊", "楼梯口"),
        doors=("值班室",),
        outdoor=("1 号罐区", "3 号罐区", "码头泊位", "装车栈台"),
        machine_room="储运部值班楼弱电间",
        control_room="储运部值班室",
        led_wall="储运部值班楼大厅",
        systems=(
            SystemPlan("cctv", "储运部视频监控系统", "engineer2", 1650, (
                ("hik_nvr", 1), ("seagate_hdd", 2), ("hik_explosion_proof", 6),
            )),
        ),
    ),
)  # fmt: skip


def build_customers() -> dict[str, Customer]:
    """Customers by code, with their contacts."""
    customers = {}
    for code, name, important, address, notes in CUSTOMERS:
        customers[code] = Customer(
            code=code, name=name, is_important=important, address=address, notes=notes
        )
        db.session.add(customers[code])
    for code, name, title, phone, email, authorised in CONTACTS:
        customers[code].contacts.append(
            Contact(name=name, title=title, phone=phone, email=email, is_authorised=authorised)
        )
    return customers


def build_sites(
    customers: dict[str, Customer], users: dict[str, User]
) -> list[tuple[SitePlan, Site, dict[str, System]]]:
    """Each site with its systems (by type), next to the plan that describes it."""
    built = []
    for plan in SITES:
        site = Site(
            customer=customers[plan.customer],
            name=plan.name,
            address=plan.address,
            zone=plan.zone,
            distance_km=plan.distance_km,
            latitude=plan.latitude,
            longitude=plan.longitude,
        )
        systems = {
            sp.type: System(
                site=site, type=sp.type, name=sp.name, responsible_engineer=users[sp.engineer]
            )
            for sp in plan.systems
        }
        db.session.add_all([site, *systems.values()])
        built.append((plan, site, systems))
    return built
