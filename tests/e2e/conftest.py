"""End-to-end fixtures: a real server (gunicorn, migrated SQLite file, seeded records)
serving the built webapp, and headless Chromium driving it.

Nothing is built here: run ``npm run build`` in webapp/ first, or these tests skip.
The tests look at the server's database through the ORM on the same file.

No fixture here is called ``app``: tests/conftest.py cleans tables after any test that
uses one, and that would act on its own in-memory database, not this one.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "webapp" / "dist"
VENV_BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct-horse-battery"
#: A phone-sized window (iPhone 12-14 class); the layout must work there first.
PHONE = {"width": 390, "height": 844}


#: The ceiling of every wait in a browser test (Playwright's own default is 5 s for
#: assertions): it ends on its condition, long before this on a quiet machine.
WAIT_MS = 20_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout}s")


def _seed(database_url: str) -> SimpleNamespace:
    """Two engineers with one work order each (engineer1 gets two: a repair and an
    inspection), a supervisor, a part in engineer1's van and the CCTV checklist."""
    from server import create_app
    from server.extensions import db
    from server.models import (
        Centre,
        ChecklistTemplate,
        Customer,
        Device,
        Part,
        Region,
        Site,
        StockLocation,
        StockMovement,
        System,
        User,
    )
    from server.services.work_orders import create_work_order
    from server.unit_of_work import committed

    flask_app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    with flask_app.app_context():
        region = Region(name="华东大区")
        centre = Centre(region=region, name="上海服务中心", city="上海")
        users = {}
        for username, display_name, role in (
            ("dispatcher", "调度小李", "dispatcher"),
            ("engineer1", "张工", "engineer"),
            ("engineer2", "王工", "engineer"),
            ("supervisor", "主管老陈", "supervisor"),
        ):
            user = User(username=username, display_name=display_name, role=role, centre=centre)
            user.set_password(PASSWORD)
            users[username] = user
        customer = Customer(name="上海市第一人民医院", code="SH-HOSP-1", is_important=True)
        site = Site(
            customer=customer, name="门诊楼", address="上海市虹口区四川北路 1878 号", zone="in_city"
        )
        system = System(
            site=site, type="cctv", name="门诊楼监控系统", responsible_engineer=users["engineer1"]
        )
        devices = [
            Device(
                system=system,
                serial=f"DS2CD{i:04d}",
                model="DS-2CD3T46",
                manufacturer="海康威视",
                device_class="peripheral",
                installed_on=date(2026, 1, 10),
                location=f"{i}F 走廊",
            )
            for i in range(1, 4)
        ]
        part = Part(
            part_number="PWR-12V-2A",
            name="12V 2A 电源适配器",
            category="peripheral",
            unit="个",
            cost_cents=3500,
            price_cents=5000,
        )
        van = StockLocation(kind="van", name="张工 车载库存", engineer=users["engineer1"])
        template = ChecklistTemplate(
            system_type="cctv",
            name="监控系统季度巡检",
            items=[
                {
                    "key": "appearance",
                    "label": "外观清洁、无损坏",
                    "type": "pass_fail",
                    "required": True,
                },
                {
                    "key": "temperature",
                    "label": "机柜温度",
                    "type": "number",
                    "unit": "°C",
                    "min": 10,
                    "max": 35,
                    "required": True,
                },
                {
                    "key": "firmware",
                    "label": "固件版本与设备清单一致",
                    "type": "text",
                    "required": False,
                },
                {"key": "cabinet_photo", "label": "机柜照片", "type": "photo", "required": True},
            ],
        )
        db.session.add_all(
            [region, centre, *users.values(), customer, site, system, *devices, part, van, template]
        )
        db.session.flush()
        db.session.add(
            StockMovement(location_id=van.id, part_id=part.id, quantity=5, kind="issued")
        )
        db.session.commit()

        def order(engineer: str, device: Device, **extra):
            data = {
                "customer_id": customer.id,
                "site_id": site.id,
                "system_id": system.id,
                "device_ids": [device.id],
                "assigned_engineer_id": users[engineer].id,
                "reporter_name": "王老师",
                "reporter_phone": "13800000000",
                **extra,
            }
            with committed():  # the seed is the edge that commits
                return create_work_order(data, users["dispatcher"])

        soon = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
        mine = order(
            "engineer1",
            devices[0],
            severity=1,
            symptom="门诊大厅 3 路画面黑屏",
            appointment_at=soon,
        )
        mine_later = order(
            "engineer1",
            devices[2],
            severity=3,
            type="inspection",
            symptom="季度巡检",
            appointment_at=soon + timedelta(days=2),
        )
        theirs = order("engineer2", devices[1], severity=2, symptom="录像机硬盘告警")
        return SimpleNamespace(
            flask_app=flask_app,
            engineer1=SimpleNamespace(id=users["engineer1"].id, username="engineer1"),
            engineer2=SimpleNamespace(id=users["engineer2"].id, username="engineer2"),
            supervisor=SimpleNamespace(id=users["supervisor"].id, username="supervisor"),
            part=SimpleNamespace(id=part.id, part_number=part.part_number),
            template=SimpleNamespace(id=template.id),
            mine=[SimpleNamespace(id=wo.id, number=wo.number) for wo in (mine, mine_later)],
            theirs=[SimpleNamespace(id=theirs.id, number=theirs.number)],
        )


def camera_photo(path: Path, size: tuple[int, int] = (800, 600)) -> str:
    """A JPEG as a phone camera gives it: its own bytes every time (no two photos are
    alike, and a photo another user already stored is refused by design), with a grid of
    white dots so resizing has something to keep."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, tuple(os.urandom(3)))
    for x in range(0, size[0], 200):
        for y in range(0, size[1], 200):
            image.putpixel((x, y), (255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    path.write_bytes(buffer.getvalue())
    return str(path)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """A migrated, seeded SQLite file and gunicorn serving the API and webapp/dist.

    Gives ``url``, ``world`` (ids and numbers of the seeded records) and
    ``database()``: an app context whose ORM session reads the server's database.
    """
    if not (DIST / "index.html").is_file():
        pytest.skip("webapp/dist is not built: run `npm ci && npm run build` in webapp/")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")

    workdir = tmp_path_factory.mktemp("e2e")
    database_url = f"sqlite:///{workdir / 'aftercare.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "WEBAPP_DIST": str(DIST),
        "MEDIA_DIR": str(workdir / "media"),
        "SECRET_KEY": secrets.token_hex(16),
    }
    migrate = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "server", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if migrate.returncode != 0:
        raise RuntimeError(f"flask db upgrade failed:\n{migrate.stderr}")
    world = _seed(database_url)

    port = _free_port()
    log = (workdir / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "-b",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            _wait_until_up(f"{url}/api/v1/openapi.json", process)
        except RuntimeError as exc:
            log.flush()
            raise RuntimeError(f"{exc}\n{(workdir / 'gunicorn.log').read_text()}") from None

        def database() -> AbstractContextManager:
            return world.flask_app.app_context()

        yield SimpleNamespace(url=url, world=world, database=database, log=workdir / "gunicorn.log")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def browser(live_server: SimpleNamespace):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server: SimpleNamespace):
    """A fresh phone-sized tab (its own storage) with a Chinese browser in Shanghai.

    Only our own server may be reached: any other request fails the test."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        device_scale_factor=2,
        has_touch=True,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    outside: list[str] = []

    def only_ours(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_ours)
    # Every wait ends on its condition; the ceiling is generous so a busy machine is no failure.
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    yield tab
    context.close()
    assert not outside, f"the webapp asked for outside URLs: {outside}"


@pytest.fixture
def sign_in(page) -> Callable[[str, str], None]:
    """``sign_in("engineer1")`` fills the login form and waits for the work order list."""
    from playwright.sync_api import expect

    def _sign_in(username: str, password: str = PASSWORD) -> None:
        page.goto("/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/work-orders(\?|$)"))

    return _sign_in


@pytest.fixture
def screenshot(page) -> Callable[[str], None]:
    """Save a screenshot when E2E_SCREENSHOTS names a directory (kept out of the repo)."""
    directory = os.environ.get("E2E_SCREENSHOTS")

    def _shot(name: str) -> None:
        if directory:
            Path(directory).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)

    return _shot


def open_step(page, name: str) -> None:
    """Open one of the work order's guided steps (tap its line) unless it is open: the
    current step opens by itself, the others fold to a line."""
    from playwright.sync_api import expect

    card = page.locator(f"[data-step-card={name}]")
    expect(card).to_have_count(1)
    for _ in range(3):
        if card.get_attribute("data-open") == "yes":
            return
        card.locator("[data-step-toggle]").click()
        try:
            expect(card).to_have_attribute("data-open", "yes", timeout=2_000)
            return
        except AssertionError:
            continue
    expect(card).to_have_attribute("data-open", "yes")


def wait_until(page, script: str, timeout: float = 30) -> None:
    """Poll ``script`` (a JavaScript expression or function) from the test until it is
    truthy, failing after ``timeout`` seconds. Not ``page.wait_for_function``: that polls
    inside the page with eval, which the app's Content-Security-Policy forbids, so it
    fails whenever the condition is not already true."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(script):
                return
        except Error as error:  # a navigation replaced the page meanwhile: ask again
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {script}")
        page.wait_for_timeout(100)
