"""Demo work orders: about fifty requests in every status of the flow.

Each order is registered with create_work_order and moved with apply_action and
update_work_order, the services the API and sync use, so its events are real. Then the
times are back-dated as if it had happened: registered hours or weeks ago, assigned minutes
later, engineer steps stamped with the phone's clock (``device_at``) and received by the
server a few seconds later, or much later when the engineer was offline in a basement.

Texts may name ``{location}``: the location of the first device concerned.

What completing needs (the completion guards) is recorded on site as a phone would
(server.demo.on_site): after the diagnosis the parts, the consent to paid work and the
checklist; before completing the customer's signature. One order shows a customer who
could not sign and the office closing it with an override.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from server.demo.catalogue import MODELS
from server.demo.on_site import Images, record_findings, take_sign_off
from server.extensions import db
from server.models import Contact, Contract, Device, Site, System, User, WorkOrder, WorkOrderEvent
from server.services.work_orders import apply_action, create_work_order, update_work_order

LOCAL = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Order:
    site: str
    system: str  # system type at the site
    type: str
    channel: str
    severity: int
    symptom: str
    status: str
    engineer: str | None = None
    #: When it was reported; pushed earlier when its steps need longer.
    days_ago: float = 0.0
    #: Catalogue model of the device(s) concerned, how many, and which (default: random).
    device: str | None = None
    devices: int = 1
    pick: int | None = None
    #: Index in devices.REPLACEMENTS: the faulty unit and its replacement are attached.
    replacement: int | None = None
    reporter: str | None = None  # a contact's name; default the customer's first
    contact: str | None = None  # whom to meet on site, if not the reporter
    #: "+3h" from now (rounded up to the half hour) or "tomorrow 09:30" (Shanghai time).
    appointment: str | None = None
    diagnosis: tuple[str, str, str, str] | None = None  # symptom, location, cause, fix
    #: The defect found: the lemon rule counts repairs of the same defect on a unit.
    defect: str = ""
    hold: str = ""  # why it waits
    hold_reason: str = "waiting_parts"
    remark: str = ""  # the cancel, send-back or reassignment note
    steps: tuple[str, ...] | None = None  # instead of the usual path to ``status``
    reassigned_from: str | None = None  # first assigned to this engineer, then moved
    offline: bool = False  # on-site steps synced only after the engineer came back up
    #: Parts used on site (part number, quantity), recorded after the diagnosis.
    parts: tuple[tuple[str, int], ...] = ()
    #: An inspection's checklist answers other than a pass: (item key, value, note).
    readings: tuple[tuple[str, object, str], ...] = ()
    #: Why the customer could not sign: completed with this reason and a photo instead.
    unsigned: str = ""
    #: The office's reason to close although the order lacks what its guards ask.
    override: str = ""


#: The usual actions from registration to each status ("diagnose": the engineer's edit).
PATHS = {
    "new": (),
    "assigned": ("assign",),
    "accepted": ("assign", "accept"),
    "remote": ("assign", "accept", "escalate", "start_remote"),
    "en_route": ("assign", "accept", "depart"),
    "on_site": ("assign", "accept", "depart", "arrive"),
    "on_hold": ("assign", "accept", "depart", "arrive", "hold"),
    "completed": ("assign", "accept", "depart", "arrive", "diagnose", "complete"),
    "closed": ("assign", "accept", "depart", "arrive", "diagnose", "complete", "close"),
    "cancelled": ("cancel",),
}
ENGINEER_ACTIONS = (
    "accept", "escalate", "start_remote", "depart", "arrive", "hold", "resume", "diagnose",
    "complete",
)  # fmt: skip
OFFICE_ACTORS = {
    "assign": "dispatcher",
    "cancel": "dispatcher",
    "send_back": "supervisor",
    "close": "supervisor",
}
#: Minutes after the previous step (min, max); travel is computed from the site.
GAPS = {
    "assign": (5, 40),
    "accept": (2, 20),
    "escalate": (10, 30),  # talked the customer through it on the phone, in vain
    "start_remote": (5, 20),
    "depart": (10, 60),
    "hold": (20, 90),
    "diagnose": (15, 60),
    "complete": (20, 120),
    "send_back": (180, 1200),
    "close": (240, 2400),
    "cancel": (10, 180),
}
#: Office steps wait for office hours (Shanghai time); the hotline registers around the clock.
OFFICE_HOURS_ONLY = ("send_back", "close")
OFFICE_OPENS, OFFICE_CLOSES = time(8, 30), time(18, 0)
SIGN_OFF = {
    "repair": "已修复，客户现场签字确认",
    "inspection": "巡检完成，客户签字确认巡检报告",
    "installation": "安装调试完成，客户签字验收",
    "upgrade": "升级完成，业务验证正常，客户签字确认",
    "follow_up": "回访完成，客户签字确认",
    "training": "培训完成，签到表及客户签字已上传",
    "rectification": "整改完成，客户签字确认",
}
ESCALATE_NOTE = "电话指导客户重启客户端及录像机无效，转远程协助"
START_REMOTE_NOTE = "已远程连接监控中心客户端，排查录像检索服务"
UNSIGNED_NOTE = "处理完成，客户未能现场签字，已记录原因并拍照"
CLOSE_NOTE = "资料齐全，电话回访客户满意，审核关闭"
E1, E2, E3, E4 = "engineer1", "engineer2", "engineer3", "engineer4"

ORDERS = (
    # closed: the history of the last months
    Order(
        "本部", "cctv", "repair", "phone", 2, "{location} 枪机无图像，录像中断", "closed",
        E1, days_ago=77, replacement=0, reporter="李敏", defect="no_video",
        steps=("assign", "accept", "depart", "arrive", "hold", "depart", "arrive",
               "diagnose", "complete", "close"),
        hold="现场无法修复，等待同型号备机出库",
        diagnosis=("摄像机无视频输出，红外灯不亮，断电重启无效", "{location} 枪型摄像机",
                   "主板故障（非人为、非雷击），在保修期内",
                   "更换同型号摄像机，旧机序列号登记换出返厂；恢复录像计划，回放正常"),
    ),
    Order(
        "本部", "access_control", "repair", "phone", 3, "{location} 门禁刷卡无反应，只能用钥匙开门",
        "closed", E1, days_ago=96, device="zk_reader", pick=0, reporter="周涛",
        defect="reader_no_response",
        diagnosis=("读头指示灯不亮，刷卡无响应", "{location} 门禁读头",
                   "读头 485 通讯线接头氧化、松动",
                   "重新压接接线端子并做防水处理，刷卡开门测试正常"),
    ),
    Order(
        "本部", "access_control", "repair", "phone", 3,
        "{location} 门禁又出现刷卡无反应（两个月前修过）",
        "closed", E1, days_ago=41, device="zk_reader", pick=0, reporter="周涛",
        defect="reader_no_response",
        steps=("assign", "accept", "depart", "arrive", "diagnose", "complete", "send_back",
               "depart", "arrive", "diagnose", "complete", "close"),
        remark="回访时客户反映次日又偶发刷卡无反应，退回继续处理",
        diagnosis=("读头通讯时断时续", "{location} 门禁读头",
                   "读头通讯芯片故障，同一故障第二次维修",
                   "更换读头主板；同一故障已维修 2 次，按合同再次故障整机包换"),
    ),
    Order(
        "本部", "network", "repair", "phone", 2, "{location} 交换机端口频繁掉线，门诊挂号窗口断网",
        "closed", E3, days_ago=33, device="hw_access", reporter="陈晓东", offline=True,
        defect="port_flapping",
        diagnosis=("端口频繁 up/down，日志大量 CRC 错误", "{location} 接入交换机 GE0/0/17-24",
                   "跳线水晶头氧化、线缆被机柜门压折", "更换 8 根跳线及水晶头，观察 2 小时无掉线"),
    ),
    Order(
        "本部", "machine_room", "inspection", "scheduled", 4, "信息中心机房环控系统月度巡检",
        "closed", E3, days_ago=28, reporter="陈晓东", offline=True,
        readings=(("room_temp", 23.5, ""),
                  ("sensor_gap", 3.5, "2 号温湿度传感器比手持仪表低 3.5℃，灵敏度下降，已现场校准"),
                  ("humidity", 47, ""), ("remarks", "空调过滤网积灰，已清洗", "")),
        diagnosis=("月度巡检：UPS、精密空调、动环主机、漏水检测运行正常",
        "信息中心机房（医技楼 B1）",
                   "手持温湿度仪读数与 2 号温湿度传感器相差 3.5℃，传感器灵敏度下降",
                   "校准 2 号传感器；清洗空调过滤网；UPS 电池内阻测试合格"),
    ),
    Order(
        "本部", "cctv", "inspection", "scheduled", 4, "视频监控系统季度巡检", "closed",
        E1, days_ago=21, reporter="李敏",
        readings=(("image", False, "1 路半球摄像机镜头积灰、画面发雾，已清洁镜头及护罩"),
                  ("recording_days", 31, ""), ("time_sync", 2, "")),
        diagnosis=("季度巡检：摄像机在线 40/41 路，录像保存 31 天", "本部全部监控点位",
                   "1 路半球摄像机镜头积灰，画面发雾",
                   "清洁镜头及护罩；核对序列号、固件版本与设备清单一致；检查供电与接地"),
    ),
    Order(
        "本部", "led_display", "installation", "scheduled", 4, "门诊大厅 LED 信息屏安装调试",
        "closed", E1, days_ago=58, reporter="王建国", contact="赵丽华",
        diagnosis=("新屏安装调试", "门诊楼 1F 大厅", "—",
                   "完成箱体拼装、接收卡参数配置、播放计划导入；亮度、色温测试合格"),
    ),
    Order(
        "本部", "public_address", "repair", "wechat", 3, "{location} 对应广播分区无声", "closed",
        E3, days_ago=15, device="dsppa_terminal", reporter="周涛", defect="ip_conflict",
        diagnosis=("该分区无广播输出，终端离线", "{location} 网络广播终端",
                   "终端 IP 地址与新接入的护理 PDA 冲突",
                   "重新规划终端 IP 并在交换机绑定 MAC，分区播放正常"),
    ),
    Order(
        "本部", "network", "upgrade", "scheduled", 4, "核心交换机补丁升级（厂家安全公告）",
        "closed",
        E3, days_ago=120, device="hw_core", devices=2, reporter="陈晓东",
        diagnosis=("厂家发布安全公告，需升级补丁", "{location} 核心交换机",
                   "当前版本存在已知漏洞", "夜间维护窗口逐台升级补丁，主备切换及业务验证正常"),
    ),
    Order(
        "主校区", "cctv", "follow_up", "scheduled", 4, "交付后一周现场回访", "closed",
        E2, days_ago=142, reporter="刘国庆",
        diagnosis=("现场回访：系统运行正常", "校园监控中心", "—",
                   "客户对安装质量满意；建议东侧停车场增加补光，已转销售跟进"),
    ),
    Order(
        "主校区", "cctv", "upgrade", "phone", 4, "NVR 固件升级，启用 H.265+ 延长录像保存天数",
        "closed", E2, days_ago=45, device="hik_nvr", reporter="何军",
        diagnosis=("录像仅能保存 18 天，不满足 30 天要求", "{location} 网络硬盘录像机",
                   "固件版本过低，不支持 H.265+",
                   "升级固件至 V4.62.210 并启用 H.265+，录像保存 32 天"),
    ),
    Order(
        "主校区", "access_control", "repair", "qr", 3, "扫码报修：{location} 门禁读头刷卡无反应",
        "closed", E2, days_ago=13, replacement=1, reporter="孙玉梅", defect="water_ingress",
        diagnosis=("读头无响应，外壳内有水迹", "{location} 门禁读头",
                   "读头密封圈开裂导致进水，经工程师确认为产品质量问题",
                   "保修期内免费更换同型号读头，加装防雨罩"),
    ),
    Order(
        "主校区", "cctv", "training", "scheduled", 4, "新学期监控及门禁系统操作培训", "closed",
        E2, days_ago=9, reporter="孙玉梅",
        diagnosis=("操作培训：保卫处 6 人参加", "行政楼 3F 会议室", "—",
                   "讲解录像回放与导出、门禁权限下发；发放操作手册，签到表存档"),
    ),
    Order(
        "厂区", "network", "repair", "phone", 1,
        "{location} 交换机故障，中控室至 2 号装置区网络中断",
        "closed", E4, days_ago=210.4, replacement=2, reporter="郑斌", defect="psu_failure",
        diagnosis=("交换机无法上电，下联 23 台设备离线", "{location} 接入交换机",
                   "电源模块烧毁", "更换备用交换机并导入配置，网络恢复；故障件返厂检测"),
    ),
    Order(
        "厂区", "machine_room", "repair", "phone", 2, "中控室 UPS 告警：电池后备时间不足", "closed",
        E4, days_ago=60, device="emerson_ups", reporter="吴海峰", defect="battery_aged",
        steps=("assign", "accept", "depart", "arrive", "hold", "depart", "arrive",
               "diagnose", "complete", "close"),
        hold="蓄电池需更换（维保范围外），等待客户确认报价", hold_reason="customer_consent",
        parts=(("UPS-BAT-12V100", 4),),
        diagnosis=("UPS 电池自检失败，后备时间约 6 分钟", "{location} UPS",
                   "蓄电池组老化，4 节内阻超标",
                   "客户签字同意报价后按合同锁定价更换 4 节电池；放电测试后备 32 分钟"),
    ),
    Order(
        "储运部", "cctv", "repair", "phone", 3, "{location} 防爆摄像机画面模糊发白", "closed",
        E2, days_ago=25, device="hik_explosion_proof", reporter="马晓静", contact="钱伟",
        defect="window_fogging",
        unsigned="现场负责人钱伟被临时叫去码头处理装船作业，未能签字；已拍摄修复后画面照片",
        override="电话回访钱伟确认画面已恢复清晰，客户补签的纸质服务单已归档，同意关闭",
        diagnosis=("画面发白、夜间模糊", "{location} 防爆摄像机",
                   "防爆护罩视窗油污及结露", "清洁视窗、更换干燥剂并重新调焦，画面恢复清晰"),
    ),
    Order(
        "厂区", "public_address", "follow_up", "scheduled", 4, "季度走访回访：扩音对讲系统使用情况",
        "closed", E2, days_ago=35, reporter="吴海峰",
        diagnosis=("走访回访：系统运行正常", "中心控制室", "—",
                   "客户满意；建议提高 2 号装置区扬声器音量，已列入下次巡检"),
    ),
    # completed: signed off by the customer, waiting for the office's review
    Order(
        "本部", "cctv", "repair", "phone", 3, "{location} 半球摄像机夜间画面全黑", "completed",
        E1, days_ago=1.2, device="hik_dome", reporter="李敏", defect="ir_failure",
        parts=(("CAM-IR-BOARD", 1),),
        diagnosis=("夜间无红外补光，白天正常", "{location} 半球摄像机",
                   "红外灯板老化损坏（外围设备已过保修期）",
                   "客户签字同意收费后更换红外灯板，夜视恢复"),
    ),
    Order(
        "本部", "network", "repair", "web", 3, "{location} 无线 AP 频繁断开，医护 PDA 漫游掉线",
        "completed", E3, days_ago=2, device="hw_ap", reporter="陈晓东", defect="poe_contact",
        diagnosis=("AP 每隔数分钟重启", "{location} 无线 AP",
                   "PoE 供电跳线水晶头接触不良", "重新压接水晶头并更换跳线，AP 运行稳定"),
    ),
    Order(
        "主校区", "led_display", "repair", "phone", 3, "大礼堂 LED 屏一列箱体黑屏", "completed",
        E2, days_ago=1.5, device="nova_receiver", reporter="刘国庆", defect="receiver_card_failure",
        diagnosis=("一列箱体不亮", "{location}",
                   "接收卡故障（包换期内）", "更换接收卡并重新发送配置，画面正常"),
    ),
    Order(
        "厂区", "machine_room", "inspection", "scheduled", 4, "中控室机房环控月度巡检",
        "completed", E4, days_ago=3, reporter="吴海峰", offline=True,
        readings=(("room_temp", 22.8, ""), ("sensor_gap", 0.6, ""), ("humidity", 52, ""),
                  ("leak", False, "1 号漏水绳接头松动触发告警，已紧固接头，告警上报测试正常")),
        diagnosis=("月度巡检：各设备运行正常", "中心控制室机柜间",
                   "1 号漏水绳接头松动告警", "紧固漏水绳接头，测试告警上报正常"),
    ),
    Order(
        "东院", "cctv", "installation", "scheduled", 4, "东院二期监控点位安装调试",
        "completed", E1, days_ago=6, reporter="王建国",
        diagnosis=("二期 16 路摄像机安装调试", "东院门急诊楼、病房楼", "—",
                   "完成安装、调试及录像计划配置，客户签字验收"),
    ),
    # cancelled
    Order(
        "本部", "access_control", "repair", "phone", 3, "{location} 门禁无法开门", "cancelled",
        days_ago=6, device="zk_reader", reporter="周涛",
        remark="客户回电：电锁电源插头松动，自行插好后已恢复，撤销报修",
    ),
    Order(
        "主校区", "cctv", "repair", "wechat", 4, "门卫室监控客户端无法登录", "cancelled",
        E2, days_ago=4, reporter="孙玉梅", steps=("assign", "cancel"),
        remark="客户重置客户端密码后已可登录，撤销",
    ),
    Order(
        "厂区", "network", "repair", "email", 3, "办公楼 3F 财务室网口不通", "cancelled",
        E4, days_ago=11, reporter="郑斌", steps=("assign", "accept", "cancel"),
        remark="与前一工单重复报修，合并处理",
    ),
    # new: waiting for dispatch
    Order(
        "本部", "cctv", "repair", "phone", 2, "{location} 球机无法转动，画面固定", "new",
        days_ago=0.05, device="hik_ptz", reporter="李敏",
    ),
    Order(
        "东院", "network", "repair", "web", 3, "{location} 无线信号弱，候诊区手机无法连接", "new",
        days_ago=0.3, device="h3c_ap", reporter="陈晓东",
    ),
    Order(
        "主校区", "public_address", "repair", "wechat", 4, "{location} 广播终端有电流杂音", "new",
        days_ago=0.6, device="dsppa_terminal", reporter="何军",
    ),
    Order(
        "厂区", "cctv", "repair", "phone", 1, "2 号装置区 4 路防爆摄像机同时离线", "new",
        days_ago=0.02, device="hik_explosion_proof", devices=4, reporter="马晓静",
    ),
    Order(
        "储运部", "cctv", "rectification", "email", 4, "整改通知：码头监控录像保存天数不足 30 天",
        "new", days_ago=1.4, reporter="马晓静", contact="钱伟",
    ),
    # assigned
    Order(
        "本部", "access_control", "repair", "phone", 3, "{location} 刷卡后门不开", "assigned",
        E1, days_ago=0.2, device="zk_reader", reporter="周涛", appointment="+3h",
    ),
    Order(
        "本部", "machine_room", "repair", "phone", 2, "机房 2 号精密空调高压告警", "assigned",
        E3, days_ago=0.1, device="emerson_aircon", pick=1, reporter="陈晓东",
    ),
    Order(
        "东院", "cctv", "repair", "qr", 3, "扫码报修：{location} 摄像机画面花屏", "assigned",
        E1, days_ago=0.4, device="dahua_dome", reporter="王建国", reassigned_from=E3,
        remark="王磊在本部处理机房告警，改派张伟",
    ),
    Order(
        "主校区", "network", "repair", "phone", 3, "{location} 交换机下联办公室网络不通",
        "assigned",
        E4, days_ago=0.3, device="h3c_access", reporter="何军",
    ),
    Order(
        "厂区", "access_control", "repair", "phone", 4, "{location} 门禁偶发刷卡不开", "assigned",
        E2, days_ago=0.9, device="zk_reader", reporter="郑斌", appointment="tomorrow 09:30",
    ),
    # accepted: appointments today and tomorrow
    Order(
        "本部", "cctv", "repair", "phone", 3, "{location} 摄像机画面模糊", "accepted",
        E1, days_ago=1, device="hik_dome", reporter="李敏", appointment="+2h",
    ),
    Order(
        "本部", "led_display", "repair", "phone", 4, "门诊大厅 LED 屏偶发闪烁", "accepted",
        E1, days_ago=1.1, device="nova_controller", reporter="王建国", contact="赵丽华",
        appointment="tomorrow 10:00",
    ),
    Order(
        "主校区", "cctv", "inspection", "scheduled", 4, "视频监控系统半年巡检", "accepted",
        E2, days_ago=2, reporter="孙玉梅", appointment="tomorrow 09:00",
    ),
    Order(
        "厂区", "machine_room", "repair", "phone", 3, "{location} 温湿度传感器读数异常跳变",
        "accepted", E4, days_ago=0.8, device="renke_th_sensor", reporter="吴海峰",
        appointment="+4h",
    ),
    Order(
        "厂区", "cctv", "upgrade", "email", 4, "NVR 固件升级（厂家安全公告）", "accepted",
        E2, days_ago=3, device="hik_nvr", devices=2, reporter="郑斌",
        appointment="tomorrow 14:00",
    ),
    Order(
        "本部", "public_address", "repair", "wechat", 3, "住院部广播音量忽大忽小", "accepted",
        E3, days_ago=0.7, device="dsppa_amplifier", reporter="周涛", appointment="+5h",
    ),
    Order(
        "东院", "network", "repair", "phone", 3, "{location} 交换机下联收费处网络时断时续",
        "accepted", E3, days_ago=0.5, device="hw_access", reporter="陈晓东",
        appointment="tomorrow 08:30",
    ),
    # on the way, on site, waiting
    Order(
        "厂区", "cctv", "repair", "phone", 2, "中控室监控大屏 9 路画面无信号", "en_route",
        E2, device="hik_nvr", reporter="吴海峰",
    ),
    Order(
        "本部", "access_control", "repair", "phone", 2, "{location} 门禁控制器离线，门处于常开",
        "on_site", E1, device="zk_controller", reporter="李敏",
    ),
    Order(
        "本部", "machine_room", "repair", "phone", 2, "UPS 旁路告警，负载转旁路供电", "on_site",
        E3, device="emerson_ups", reporter="陈晓东",
    ),
    Order(
        "厂区", "public_address", "repair", "phone", 2, "{location} 扩音终端无声，装置区无法喊话",
        "on_site", E4, device="dsppa_terminal", reporter="马晓静",
    ),
    Order(
        "本部", "cctv", "repair", "phone", 3, "{location} 附近 3 路摄像机无图像", "on_hold",
        E1, days_ago=2, device="hik_bullet", reporter="李敏",
        hold="摄像机电源适配器损坏，等待 12V 2A 电源适配器从仓库调拨",
    ),
    Order(
        "主校区", "access_control", "repair", "phone", 3, "{location} 人脸门禁识别失败", "on_hold",
        E2, days_ago=1, device="hik_face", reporter="孙玉梅",
        hold="人脸终端主板故障，已寄修厂家（3–5 个工作日），先借用备用机", hold_reason="mail_in",
    ),
    Order(
        "厂区", "machine_room", "repair", "phone", 3, "精密空调压缩机频繁启停", "on_hold",
        E4, days_ago=4, device="emerson_aircon", reporter="吴海峰",
        hold="压缩机需更换（维保范围外），等待客户确认报价", hold_reason="customer_consent",
    ),
    # in a remote session: the ladder's step before a visit
    Order(
        "主校区", "cctv", "repair", "phone", 3, "监控中心客户端无法回放录像，提示检索失败",
        "remote", E2, days_ago=0.15, device="hik_nvr", reporter="何军",
    ),
)  # fmt: skip


@dataclass
class _Step:
    action: str
    at: datetime  # when it happened (by the phone's clock for engineer steps)
    synced: datetime  # when the server received it


@dataclass
class World:
    """What the orders refer to, looked up by name."""

    users: dict[str, User]
    sites: dict[str, Site]
    contracts: dict[str, Contract]  # by customer code
    replacements: list[tuple[Device, Device]]
    images: Images  # the signature image and the photo, stored once


def _local_morning(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, OFFICE_OPENS, LOCAL) + timedelta(minutes=rng.randint(0, 90))


def _in_office_hours(at: datetime, rng: random.Random) -> datetime:
    """``at``, or the next office morning when the office is closed then."""
    local = at.astimezone(LOCAL)
    if OFFICE_OPENS <= local.time() <= OFFICE_CLOSES:
        return at
    day = local.date() if local.time() < OFFICE_OPENS else local.date() + timedelta(days=1)
    return _local_morning(day, rng)


def _next(
    action: str, previous: str | None, at: datetime, site: Site, rng: random.Random
) -> datetime:
    """When ``action`` follows a step taken ``at``."""
    if action == "depart" and previous in ("hold", "send_back"):
        # Back on site the next morning (the part arrived, the customer agreed ...).
        return _local_morning(at.astimezone(LOCAL).date() + timedelta(days=1), rng)
    if action == "arrive":
        if site.zone == "in_city":
            minutes = rng.uniform(20, 50)
        else:
            minutes = site.distance_km * 1.2 + rng.uniform(10, 30)
    elif action == "assign" and previous == "assign":
        minutes = rng.uniform(30, 90)
    else:
        minutes = rng.uniform(*GAPS[action])
    at += timedelta(minutes=minutes)
    return _in_office_hours(at, rng) if action in OFFICE_HOURS_ONLY else at


def plan_order(
    order: Order, site: Site, now: datetime, rng: random.Random
) -> tuple[datetime, list[_Step]]:
    """When the order was reported, and when each of its steps happened and synced.

    Older orders are reported in office hours ``days_ago``; a story that would end in the
    future moves back (by whole days for older orders, so its office hours stay office hours).
    """
    if order.days_ago >= 1:
        day = (now - timedelta(days=order.days_ago)).astimezone(LOCAL).date()
        reported = datetime.combine(day, OFFICE_OPENS, LOCAL) + timedelta(
            minutes=rng.randint(0, 360)
        )
    else:
        reported = now - timedelta(days=order.days_ago)
    path = order.steps or PATHS[order.status]
    if order.reassigned_from:
        path = ("assign", *path)
    steps, at, previous = [], reported, None
    for action in path:
        at = _next(action, previous, at, site, rng)
        lag = rng.uniform(3, 90) if action in ENGINEER_ACTIONS else 0
        steps.append(_Step(action, at, at + timedelta(seconds=lag)))
        previous = action
    if order.offline:
        # No signal on site: everything from arrival to sign-off reaches the server together.
        first = next(i for i, s in enumerate(steps) if s.action == "arrive")
        last = next(i for i, s in enumerate(steps) if s.action in ("complete", "hold"))
        synced = steps[last].at + timedelta(minutes=rng.uniform(8, 25))
        for offset, step in enumerate(steps[first : last + 1]):
            step.synced = synced + timedelta(seconds=offset)

    end = max([reported, *(s.synced for s in steps)])
    latest = now - timedelta(minutes=rng.uniform(5, 30))
    if end > latest:
        shift = end - latest
        if order.days_ago >= 1:
            shift = timedelta(days=math.ceil(shift / timedelta(days=1)))
        reported -= shift
        for step in steps:
            step.at -= shift
            step.synced -= shift
    return reported, steps


def appointment_at(spec: str | None, now: datetime) -> datetime | None:
    if spec is None:
        return None
    if spec.startswith("+"):
        at = now + timedelta(hours=float(spec.strip("+h")))
        hour = at.replace(minute=0, second=0, microsecond=0)
        return hour + timedelta(minutes=30 * math.ceil((at - hour) / timedelta(minutes=30)))
    day, clock = spec.split()
    if day != "tomorrow":
        raise ValueError(f"appointment {spec!r}: '+<hours>h' or 'tomorrow HH:MM'")
    local_day = now.astimezone(LOCAL).date() + timedelta(days=1)
    return datetime.combine(local_day, time.fromisoformat(clock), LOCAL)


def _devices(order: Order, system: System, world: World, rng: random.Random) -> list[Device]:
    if order.replacement is not None:
        return list(world.replacements[order.replacement])
    if order.device is None:
        return []
    model = MODELS[order.device].model
    units = sorted(
        (d for d in system.devices if d.model == model and d.status == "in_service"),
        key=lambda d: d.serial,
    )
    if order.pick is not None:
        return units[order.pick : order.pick + order.devices]
    return rng.sample(units, order.devices)


def _contact(site: Site, name: str | None) -> Contact:
    contacts = site.customer.contacts
    if name is None:
        return next(c for c in contacts if c.is_authorised)
    return next(c for c in contacts if c.name == name)


def _new_events(wo: WorkOrder, action) -> list[WorkOrderEvent]:
    """Run ``action()`` and return the events it recorded on ``wo``."""
    seen = {e.id for e in wo.events}
    action()
    return [e for e in wo.events if e.id not in seen]


def _work_done(wo: WorkOrder, at: datetime) -> dict[str, int]:
    """What the engineer records to be priced: the visits made so far and the labour since
    he arrived, in quarter hours (at least half an hour)."""
    arrivals = [e.device_at or e.server_at for e in wo.events if e.kind == "arrived"]
    if not arrivals:
        return {}
    minutes = int((at - max(arrivals)).total_seconds() // 60)
    return {"visits": len(arrivals), "labour_minutes": max(30, -(-minutes // 15) * 15)}


def _run_step(wo: WorkOrder, order: Order, step: _Step, location: str, world: World) -> None:
    engineer = world.users[order.engineer] if order.engineer else None
    action = step.action
    if action == "diagnose":
        symptom, place, cause, fix = (text.format(location=location) for text in order.diagnosis)
        changes = {
            "defect_code": order.defect,
            "diagnosis_symptom": symptom,
            "diagnosis_location": place,
            "diagnosis_cause": cause,
            "diagnosis_fix": fix,
            **_work_done(wo, step.at),
        }
        update_work_order(wo, changes, engineer)
        record_findings(wo, engineer, world.images, step.at, step.synced,
                        parts=order.parts, readings=order.readings)  # fmt: skip
        return
    args: dict = {"action": action}
    if action == "assign":
        first = order.reassigned_from and wo.assigned_engineer_id is None
        args["engineer_id"] = world.users[order.reassigned_from if first else order.engineer].id
        if order.reassigned_from and not first:
            args["note"] = order.remark
    elif action in ("cancel", "send_back"):
        args["note"] = order.remark
    elif action == "escalate":
        args["note"] = ESCALATE_NOTE
    elif action == "start_remote":
        args["note"] = START_REMOTE_NOTE
    elif action == "hold":
        args["note"] = order.hold
        args["data"] = {"reason": order.hold_reason}
    elif action == "complete":
        args["note"] = UNSIGNED_NOTE if order.unsigned else SIGN_OFF[order.type]
        args["data"] = take_sign_off(wo, engineer, world.images, step.at, step.synced,
                                     unsigned_reason=order.unsigned)  # fmt: skip
    elif action == "close" and order.override:
        args["note"] = order.override
        args["data"] = {"override_reason": order.override}
    elif action == "close":
        args["note"] = CLOSE_NOTE
    elif action == "arrive":
        site = wo.site
        args["data"] = {"latitude": site.latitude, "longitude": site.longitude}
    if action in ENGINEER_ACTIONS:
        args["occurred_at"] = step.at
        apply_action(wo, args, engineer)
    else:
        apply_action(wo, args, world.users[OFFICE_ACTORS[action]])


def build_work_order(
    order: Order,
    reported: datetime,
    steps: list[_Step],
    world: World,
    now: datetime,
    rng: random.Random,
) -> WorkOrder:
    """Register the order, take its steps, and back-date every event to its planned time."""
    site = world.sites[order.site]
    system = next(s for s in site.systems if s.type == order.system)
    devices = _devices(order, system, world, rng)
    location = devices[0].location if devices else system.name
    reporter = _contact(site, order.reporter)
    contact = _contact(site, order.contact) if order.contact else reporter
    wo = create_work_order(
        {
            "type": order.type,
            "channel": order.channel,
            "severity": order.severity,
            "customer_id": site.customer_id,
            "site_id": site.id,
            "system_id": system.id,
            "contract_id": world.contracts[site.customer.code].id,
            "device_ids": [d.id for d in devices],
            "reporter_name": reporter.name,
            "reporter_phone": reporter.phone,
            "contact_name": contact.name,
            "contact_phone": contact.phone,
            "symptom": order.symptom.format(location=location),
            "reported_at": reported,
            "appointment_at": appointment_at(order.appointment, now),
        },
        world.users["dispatcher"],
    )
    for event in wo.events:  # "registered"
        event.server_at = reported
    last = reported
    for step in steps:
        for event in _new_events(wo, lambda s=step: _run_step(wo, order, s, location, world)):
            event.server_at = step.synced
            if event.origin == "device":
                event.device_at = step.at
        if step.action == "close":
            wo.closed_at = step.synced
        last = max(last, step.synced)
    wo.created_at = reported
    wo.updated_at = last
    db.session.flush()
    return wo


def build_work_orders(
    world: World, now: datetime, rng: random.Random, orders: tuple[Order, ...] = ORDERS
) -> list[WorkOrder]:
    """All demo orders, registered oldest first so their numbers follow the calendar."""
    planned = []
    for order in orders:
        reported, steps = plan_order(order, world.sites[order.site], now, rng)
        planned.append((reported, order, steps))
    planned.sort(key=lambda p: p[0])
    return [
        build_work_order(order, reported, steps, world, now, rng)
        for reported, order, steps in planned
    ]
