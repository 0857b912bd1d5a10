"""Demo catalogue: the device models installed at the demo sites, and the parts (备品备件).

A model row says what the label on the unit says (manufacturer, model, serial format,
firmware) and where such a unit usually hangs (``where``: a location kind that
``server.demo.devices`` turns into a site's building, floor and spot).

Serial formats: ``#`` a digit, ``@`` a capital letter (no I or O), ``{date}`` the
manufacturing date as YYYYMMDD; everything else is printed as is.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.extensions import db
from server.models import Part


@dataclass(frozen=True)
class Model:
    kind: str  # what an engineer calls it: 枪型摄像机, 接入交换机 ...
    manufacturer: str
    model: str
    device_class: str  # main / peripheral / consumable
    version: str
    serial_format: str
    where: str  # location kind, see server.demo.devices.location()
    has_ip: bool = False
    #: The manufacturer's own warranty when it is longer than the usual year.
    manufacturer_warranty_months: int | None = None


_HIK = "{date}AACH@########"

MODELS: dict[str, Model] = {
    # 视频监控 CCTV
    "hik_nvr": Model(
        "网络硬盘录像机", "海康威视", "DS-9632NX-I8", "main",
        "V4.62.210 build 230420", _HIK, "rack", has_ip=True,
    ),
    "hik_bullet": Model(
        "枪型网络摄像机", "海康威视", "DS-2CD3T46WD-I3", "peripheral",
        "V5.5.82 build 190909", _HIK, "outdoor", has_ip=True,
    ),
    "hik_dome": Model(
        "半球网络摄像机", "海康威视", "DS-2CD3346WD-I", "peripheral",
        "V5.6.3 build 190923", _HIK, "corridor", has_ip=True,
    ),
    "hik_ptz": Model(
        "网络高清球机", "海康威视", "DS-2DE4425IW-DE", "peripheral",
        "V5.6.15 build 210628", _HIK, "outdoor", has_ip=True, manufacturer_warranty_months=36,
    ),
    "hik_explosion_proof": Model(
        "防爆筒型摄像机", "海康威视", "DS-2XE6242F-IS", "peripheral",
        "V5.5.800 build 210311", _HIK, "plant", has_ip=True,
    ),
    "dahua_nvr": Model(
        "网络硬盘录像机", "大华", "DH-NVR5864-4KS2", "main",
        "V4.001.0000000.3.R", "#@##@##PAZ#####", "rack", has_ip=True,
    ),
    "dahua_bullet": Model(
        "枪型网络摄像机", "大华", "DH-IPC-HFW2433M-I1", "peripheral",
        "V2.800.0000000.6.R", "#@##@##PAZ#####", "outdoor", has_ip=True,
    ),
    "dahua_dome": Model(
        "半球网络摄像机", "大华", "DH-IPC-HDW2433C-A", "peripheral",
        "V2.800.0000000.6.R", "#@##@##PAZ#####", "corridor", has_ip=True,
    ),
    "seagate_hdd": Model(
        "监控级硬盘 8TB", "希捷", "ST8000VX004", "consumable",
        "AV01", "ZA@#####", "rack",
    ),
    # 门禁 access control
    "zk_controller": Model(
        "四门门禁控制器", "中控智慧", "inBio460 Pro", "main",
        "AC Ver 5.7.8.3033", "CJDE2#######", "weak_room", has_ip=True,
    ),
    "zk_reader": Model(
        "IC 卡读头", "中控智慧", "KR600M", "peripheral",
        "Ver 1.0.4", "AJYS2#######", "door",
    ),
    "hik_face": Model(
        "人脸识别门禁终端", "海康威视", "DS-K1T671M", "peripheral",
        "V3.2.30 build 220415", _HIK, "door", has_ip=True,
    ),
    # 网络 network
    "hw_core": Model(
        "核心交换机", "华为", "S6730-H24X6C", "main",
        "V200R021C10SPC600", "210235####@#@#######", "rack", has_ip=True,
        manufacturer_warranty_months=60,
    ),
    "hw_firewall": Model(
        "防火墙", "华为", "USG6525E", "main",
        "V600R007C20SPC600", "210235####@#@#######", "rack", has_ip=True,
    ),
    "hw_wlan_ac": Model(
        "无线控制器", "华为", "AC6508", "main",
        "V200R021C00SPC100", "210235####@#@#######", "rack", has_ip=True,
    ),
    "hw_access": Model(
        "接入交换机", "华为", "S5735-L48T4X-A1", "main",
        "V200R021C00SPC100", "210235####@#@#######", "weak_room", has_ip=True,
    ),
    "hw_ap": Model(
        "无线 AP", "华为", "AirEngine 5761-11", "peripheral",
        "V200R021C00SPC100", "210235####@#@#######", "ceiling", has_ip=True,
    ),
    "hw_sfp": Model(
        "万兆多模光模块", "华为", "OMXD30000", "consumable",
        "", "INH####@#####", "rack",
    ),
    "h3c_core": Model(
        "核心交换机", "H3C", "S6520X-30QC-EI", "main",
        "Release 6635P07", "219801A####@#######", "rack", has_ip=True,
    ),
    "h3c_access": Model(
        "接入交换机", "H3C", "S5130S-52S-EI", "main",
        "Release 6357", "219801A####@#######", "weak_room", has_ip=True,
    ),
    "h3c_ap": Model(
        "无线 AP", "H3C", "WA6320", "peripheral",
        "R2444P01", "219801A####@#######", "ceiling", has_ip=True,
    ),
    # 公共广播 public address
    "dsppa_server": Model(
        "网络广播服务器", "迪士普", "MAG6182", "main",
        "V6.3.1", "DS{date}####", "control_room", has_ip=True,
    ),
    "dsppa_amplifier": Model(
        "广播功放", "迪士普", "MP1000P", "main",
        "", "DS{date}####", "control_room",
    ),
    "dsppa_terminal": Model(
        "网络广播终端", "迪士普", "DSP9150", "peripheral",
        "V2.1.6", "DS{date}####", "weak_room", has_ip=True,
    ),
    # 机房环控 machine-room environment
    "emerson_ups": Model(
        "UPS 不间断电源 10kVA", "艾默生", "UHA1R-0100L", "main",
        "V1.30", "EM@########", "machine_room", has_ip=True, manufacturer_warranty_months=36,
    ),
    "panasonic_battery": Model(
        "UPS 蓄电池组 12V100Ah×16", "松下", "LC-P12100ST", "consumable",
        "", "P####@####", "machine_room",
    ),
    "emerson_aircon": Model(
        "机房精密空调", "艾默生", "DME12MHP1", "main",
        "V2.10", "EM@########", "machine_room",
    ),
    "vertiv_rdu": Model(
        "动环监控主机", "维谛", "RDU-A G2", "main",
        "V1.08.02", "VT@#########", "machine_room", has_ip=True,
    ),
    "renke_th_sensor": Model(
        "温湿度变送器", "建大仁科", "RS-WS-N01-6J", "peripheral",
        "", "RK{date}###", "machine_room",
    ),
    "renke_leak": Model(
        "漏水检测变送器", "建大仁科", "RS-SJ-N01", "peripheral",
        "", "RK{date}###", "machine_room",
    ),
    # LED 显示屏
    "nova_controller": Model(
        "LED 视频控制器", "诺瓦科技", "MCTRL4K", "main",
        "V4.6.2.0", "BZ@@#####@########", "led_room", has_ip=True,
    ),
    "nova_player": Model(
        "LED 多媒体播放盒", "诺瓦科技", "TB60", "main",
        "V2.9.0", "BZ@@#####@########", "led_room", has_ip=True,
    ),
    "nova_receiver": Model(
        "LED 接收卡", "诺瓦科技", "A8s", "peripheral",
        "V4.6.3.0", "BZ@@#####@########", "led_back",
    ),
}  # fmt: skip

# part_number, name, category, manufacturer, unit, cost (yuan), list price (yuan)
PARTS = (
    ("CAM-HIK-3T46", "DS-2CD3T46WD-I3 枪型摄像机", "peripheral", "海康威视", "台", 420, 680),
    ("CAM-HIK-3346", "DS-2CD3346WD-I 半球摄像机", "peripheral", "海康威视", "台", 360, 590),
    ("CAM-DH-2433", "大华 DH-IPC-HFW2433M-I1 枪型摄像机", "peripheral", "大华", "台", 310, 520),
    ("CAM-HIK-PTZ-IRB", "球机红外灯板", "peripheral", "海康威视", "块", 85, 160),
    ("CAM-IR-BOARD", "半球摄像机红外灯板", "peripheral", "海康威视", "块", 45, 90),
    ("CAM-EXP-WINDOW", "防爆护罩视窗玻璃（含密封圈）", "peripheral", "海康威视", "套", 120, 220),
    ("PSU-12V-2A", "12V 2A 电源适配器", "peripheral", "海康威视", "个", 35, 60),
    ("PSU-POE-48V", "48V PoE 供电模块", "peripheral", "华为", "个", 95, 160),
    ("HDD-ST8000VX004", "希捷 8TB 监控级硬盘 ST8000VX004", "consumable", "希捷", "块", 1150, 1480),
    ("HDD-ST4000VX016", "希捷 4TB 监控级硬盘 ST4000VX016", "consumable", "希捷", "块", 620, 820),
    ("NVR-PSU-9632", "DS-9632NX-I8 录像机电源模块", "main", "海康威视", "个", 380, 620),
    ("SW-HW-S5735-48", "华为 S5735-L48T4X-A1 交换机", "main", "华为", "台", 2650, 3580),
    ("SW-HW-PAC150", "华为 PAC150S12-R 交换机电源模块", "main", "华为", "个", 560, 880),
    ("SW-H3C-LSPM", "H3C 交换机电源模块 PSR150-A1", "main", "H3C", "个", 520, 820),
    ("AP-HW-5761", "华为 AirEngine 5761-11 无线 AP", "peripheral", "华为", "台", 1380, 1890),
    ("SFP-10G-MM", "万兆多模光模块 OMXD30000", "consumable", "华为", "个", 180, 320),
    ("SFP-1G-SM", "千兆单模光模块（10km）", "consumable", "华为", "个", 65, 120),
    ("ACS-ZK-KR600M", "中控智慧 KR600M IC 卡读头", "peripheral", "中控智慧", "个", 95, 180),
    ("ACS-ZK-INBIO460", "中控智慧 inBio460 Pro 门禁控制器", "main", "中控智慧", "台", 1350, 1980),
    ("ACS-LOCK-280", "280kg 单门磁力锁（含支架）", "peripheral", "中控智慧", "套", 130, 230),
    ("ACS-EXIT-BTN", "不锈钢出门按钮", "consumable", "中控智慧", "个", 12, 30),
    ("UPS-BAT-12V100", "松下 LC-P12100ST 12V100Ah 蓄电池", "consumable", "松下", "节", 720, 980),
    ("UPS-SNMP-CARD", "艾默生 UPS SNMP 网卡 IS-UNITY-DP", "peripheral", "艾默生", "块", 1100, 1600),
    ("ENV-TH-SENSOR", "RS-WS-N01-6J 温湿度变送器", "peripheral", "建大仁科", "个", 150, 260),
    ("AC-FILTER-DME", "精密空调过滤网 DME12MHP1", "consumable", "艾默生", "片", 60, 110),
    ("LED-NOVA-A8S", "诺瓦科技 A8s 接收卡", "peripheral", "诺瓦科技", "块", 135, 220),
    ("LED-MODULE-P25", "P2.5 室内全彩 LED 模组（320×160）", "peripheral", "利亚德", "块", 160, 260),
    ("PA-DSP9150", "迪士普 DSP9150 网络广播终端", "peripheral", "迪士普", "台", 780, 1180),
    ("CABLE-CAT6", "六类非屏蔽网线（305 米/箱）", "consumable", "大唐电信", "箱", 480, 650),
    ("RJ45-CAT6", "六类水晶头（100 个/盒）", "consumable", "安普", "盒", 55, 95),
    ("FIBER-PATCH-LC", "LC-LC 多模光纤跳线 3 米", "consumable", "康宁", "根", 18, 35),
)  # fmt: skip


def build_parts() -> list[Part]:
    """The parts catalogue; prices in cents (fen)."""
    parts = [
        Part(
            part_number=number,
            name=name,
            category=category,
            manufacturer=manufacturer,
            unit=unit,
            cost_cents=cost * 100,
            price_cents=price * 100,
        )
        for number, name, category, manufacturer, unit, cost, price in PARTS
    ]
    db.session.add_all(parts)
    return parts
