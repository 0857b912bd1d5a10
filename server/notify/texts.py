"""The words of the notifications, in Chinese (the source) and English, one subject and
one body per template (server.models.notification.NOTIFICATION_KINDS). Rendered when the
row is written, with the values of that moment; ``{name}`` fields come from
server.services.notifications."""

from __future__ import annotations

LOCALES = ("zh-CN", "en")

#: template -> locale -> (subject, body)
TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "registered": {
        "zh-CN": (
            "【{company}】报修已受理 {number}",
            "{greeting}您好：\n\n"
            "您的报修已登记，单号 {number}。\n"
            "故障现象：{symptom}\n\n"
            "处理进度请查看：\n{link}\n\n"
            "服务热线：{hotline}\n{company}\n",
        ),
        "en": (
            "[{company}] Request {number} registered",
            "Dear {greeting},\n\n"
            "We have registered your request {number}.\n"
            "Fault: {symptom}\n\n"
            "Follow its progress here:\n{link}\n\n"
            "Service hotline: {hotline}\n{company}\n",
        ),
    },
    "assigned": {
        "zh-CN": (
            "【{company}】已安排工程师 {number}",
            "{greeting}您好：\n\n"
            "报修单 {number} 已安排工程师 {engineer} 处理。\n"
            "预约时间：{appointment}\n\n"
            "处理进度请查看：\n{link}\n\n"
            "服务热线：{hotline}\n{company}\n",
        ),
        "en": (
            "[{company}] Engineer assigned to {number}",
            "Dear {greeting},\n\n"
            "Engineer {engineer} will handle your request {number}.\n"
            "Appointment: {appointment}\n\n"
            "Follow its progress here:\n{link}\n\n"
            "Service hotline: {hotline}\n{company}\n",
        ),
    },
    "appointment": {
        "zh-CN": (
            "【{company}】预约时间已更改 {number}",
            "{greeting}您好：\n\n"
            "报修单 {number} 的上门预约时间改为 {appointment}，工程师 {engineer}。\n\n"
            "处理进度请查看：\n{link}\n\n"
            "服务热线：{hotline}\n{company}\n",
        ),
        "en": (
            "[{company}] New appointment for {number}",
            "Dear {greeting},\n\n"
            "The visit for your request {number} is now set for {appointment}, "
            "engineer {engineer}.\n\n"
            "Follow its progress here:\n{link}\n\n"
            "Service hotline: {hotline}\n{company}\n",
        ),
    },
    "completed": {
        "zh-CN": (
            "【{company}】服务已完成 {number}",
            "{greeting}您好：\n\n"
            "报修单 {number} 的服务已完成。\n"
            "服务报告下载及满意度调查请打开：\n{link}\n\n"
            "感谢您的支持！\n服务热线：{hotline}\n{company}\n",
        ),
        "en": (
            "[{company}] Service completed: {number}",
            "Dear {greeting},\n\n"
            "The service for your request {number} is complete.\n"
            "Download the service report and tell us how we did here:\n{link}\n\n"
            "Thank you.\nService hotline: {hotline}\n{company}\n",
        ),
    },
    "level1": {
        "zh-CN": (
            "【一级故障】{number} {customer}",
            "一级（紧急）故障已登记。\n\n"
            "单号：{number}\n客户：{customer}\n地点：{site}\n故障现象：{symptom}\n"
            "登记时间：{reported}\n工程师：{engineer}\n\n"
            "查看：{office_link}\n",
        ),
        "en": (
            "[Level 1] {number} {customer}",
            "A level-1 (emergency) request has been registered.\n\n"
            "Number: {number}\nCustomer: {customer}\nSite: {site}\nFault: {symptom}\n"
            "Registered: {reported}\nEngineer: {engineer}\n\n"
            "Open: {office_link}\n",
        ),
    },
    "sla_breached": {
        "zh-CN": (
            "【超时】{number} {clock}时限已过",
            "工单 {number} 的{clock}时限已于 {deadline} 到期，未按时完成。\n\n"
            "客户：{customer}\n地点：{site}\n级别：{severity}\n工程师：{engineer}\n\n"
            "请记录超时原因并向客户说明。\n查看：{office_link}\n",
        ),
        "en": (
            "[SLA breached] {number}: {clock} deadline passed",
            "The {clock} deadline of work order {number} passed at {deadline}.\n\n"
            "Customer: {customer}\nSite: {site}\nSeverity: {severity}\n"
            "Engineer: {engineer}\n\n"
            "Please record the reason and explain the delay to the customer.\n"
            "Open: {office_link}\n",
        ),
    },
    # Web Push to the engineer's phone: the subject is the notification's title.
    "engineer_assigned": {
        "zh-CN": ("新工单 {number}", "{customer} · {site}：{symptom}\n预约：{appointment}"),
        "en": (
            "New work order {number}",
            "{customer} · {site}: {symptom}\nAppointment: {appointment}",
        ),
    },
    "engineer_unassigned": {
        "zh-CN": ("工单 {number} 已改派", "此工单已改由其他工程师处理。"),
        "en": ("Work order {number} reassigned", "Another engineer now handles this order."),
    },
    "engineer_appointment": {
        "zh-CN": ("预约时间更改 {number}", "新的预约时间：{appointment}\n{customer} · {site}"),
        "en": (
            "New appointment for {number}",
            "Appointment: {appointment}\n{customer} · {site}",
        ),
    },
}

#: Words put into the templates.
WORDS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "greeting": "客户",
        "no_appointment": "待与您确认",
        "appointment_not_set": "未定",
        "no_engineer": "待安排",
        "clock.response": "响应",
        "clock.remote": "远程处理",
        "clock.arrival": "到场",
        "clock.restore": "恢复",
        "clock.resolve": "修复",
    },
    "en": {
        "greeting": "customer",
        "no_appointment": "to be agreed with you",
        "appointment_not_set": "not set",
        "no_engineer": "not assigned yet",
        "clock.response": "response",
        "clock.remote": "remote support",
        "clock.arrival": "arrival",
        "clock.restore": "service restoration",
        "clock.resolve": "resolution",
    },
}


def language_of(locale: str | None, default: str) -> str:
    """The template language for a recipient's locale ("en-GB" → "en"), else the default."""
    for candidate in (locale, default):
        if candidate:
            if candidate in LOCALES:
                return candidate
            if candidate.lower().startswith("en"):
                return "en"
            if candidate.lower().startswith("zh"):
                return "zh-CN"
    return "zh-CN"


def word(language: str, key: str) -> str:
    return WORDS[language].get(key, key)


def render(template: str, language: str, values: dict[str, object]) -> tuple[str, str]:
    """The subject and body of ``template`` in ``language``."""
    subject, body = TEMPLATES[template][language]
    return subject.format(**values), body.format(**values)
