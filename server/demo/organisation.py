"""Demo service company: its settings, regions, service centres and staff."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from server.extensions import db
from server.models import Centre, OrganisationCalendarDay, OrganisationSettings, Region, User

COMPANY = {
    "company_name": "华安智联售后服务有限公司",
    "hotline": "400-820-8899",
    "timezone": "Asia/Shanghai",
    "default_locale": "zh-CN",
}

# region, centre, city, address
CENTRES = (
    ("华东一区（沪浙）", "上海服务中心", "上海", "上海市闵行区虹梅南路 1755 号 3 号楼 2F"),
    ("华东二区（苏皖）", "南京服务中心", "南京", "南京市江宁区天元中路 126 号 B 座 5F"),
)

# username, display name, role, centre (None: head office), phone, email
USERS = (
    ("admin", "孙立新", "admin", None, "021-54890001", "sunlx@huaan.example"),
    ("dispatcher", "刘婷", "dispatcher", "上海服务中心", "400-820-8899", "liut@huaan.example"),
    ("supervisor", "黄志强", "supervisor", "上海服务中心", "13801762245", "huangzq@huaan.example"),
    ("engineer1", "张伟", "engineer", "上海服务中心", "13916620381", "zhangw@huaan.example"),
    ("engineer2", "李强", "engineer", "南京服务中心", "13813975526", "liq@huaan.example"),
    ("engineer3", "王磊", "engineer", "上海服务中心", "13761428809", "wangl@huaan.example"),
    ("engineer4", "陈刚", "engineer", "南京服务中心", "15951873340", "cheng@huaan.example"),
)  # fmt: skip


def build_organisation() -> None:
    """Fill the one settings row (created here if the database has none yet)."""
    row = db.session.scalar(select(OrganisationSettings)) or OrganisationSettings()
    for key, value in COMPANY.items():
        setattr(row, key, value)
    db.session.add(row)


# China's public holidays and make-up working days (调休) of 2026, from the State Council's
# notice on the 2026 holiday arrangement (国务院办公厅关于2026年部分节假日安排的通知):
# (first day, last day, name) off, and the weekend days worked instead.
HOLIDAYS_2026 = (
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
)
MAKE_UP_WORKDAYS_2026 = (
    ("2026-01-04", "元旦调休上班"),
    ("2026-02-14", "春节调休上班"),
    ("2026-02-28", "春节调休上班"),
    ("2026-05-09", "劳动节调休上班"),
    ("2026-09-20", "国庆节调休上班"),
    ("2026-10-10", "国庆节调休上班"),
)


def build_calendar() -> None:
    """The organisation calendar of 2026 (every demo contract uses it)."""
    for first, last, name in HOLIDAYS_2026:
        day, end = date.fromisoformat(first), date.fromisoformat(last)
        while day <= end:
            db.session.add(OrganisationCalendarDay(falls_on=day, kind="holiday", name=name))
            day += timedelta(days=1)
    for on, name in MAKE_UP_WORKDAYS_2026:
        db.session.add(
            OrganisationCalendarDay(
                falls_on=date.fromisoformat(on), kind="make_up_workday", name=name
            )
        )


def build_centres() -> dict[str, Centre]:
    """Regions and their service centres, by centre name."""
    centres = {}
    for region_name, name, city, address in CENTRES:
        region = Region(name=region_name)
        centres[name] = Centre(region=region, name=name, city=city, address=address)
        db.session.add(centres[name])
    return centres


def build_users(centres: dict[str, Centre], password: str) -> dict[str, User]:
    """Staff by username, all with the demo password."""
    # One hash for everyone: the password is the same and published, and scrypt is slow.
    password_hash = generate_password_hash(password)
    users = {}
    for username, display_name, role, centre, phone, email in USERS:
        users[username] = User(
            username=username,
            display_name=display_name,
            role=role,
            centre=centres[centre] if centre else None,
            phone=phone,
            email=email,
            password_hash=password_hash,
        )
        db.session.add(users[username])
    return users
