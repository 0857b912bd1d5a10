"""Webapp figures: first-load JavaScript (gzipped), opening the app shell from the
service worker's cache with the network off, and a serial lookup among 50,000 devices in
the phone's IndexedDB. Needs webapp/dist (npm run build) and /usr/bin/chromium.

The page is served by a plain static server with the SPA fallback (no API is needed: the
shell and the local database are what is measured)."""

from __future__ import annotations

import gzip
import re
import statistics
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from benchmarks.report import write_section

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "webapp" / "dist"
CHROMIUM = "/usr/bin/chromium"
DEVICES = 50_000
JS_BUDGET_KB = 150
LOOKUP_BUDGET_MS = 20


class _Shell(SimpleHTTPRequestHandler):
    """dist/ as Flask serves it: files, else index.html."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.path = "/index.html"
        return super().send_head()

    def end_headers(self):
        if self.path.endswith(("sw.js", "index.html")):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, *args):
        pass


def first_load_js_gzip_bytes() -> tuple[int, list[str]]:
    """Scripts index.html loads at once (entry and modulepreloads), gzipped; lazy chunks
    (signature pad, barcode reader) and the .wasm come later and are not counted."""
    html = (DIST / "index.html").read_text()
    names = sorted(set(re.findall(r'(?:src|href)="/(assets/[^"]+\.js)"', html)))
    total = sum(len(gzip.compress((DIST / name).read_bytes(), 9)) for name in names)
    return total, names


@pytest.fixture(scope="module")
def shell_url():
    if not (DIST / "index.html").is_file():
        pytest.skip("webapp/dist is not built")
    if not Path(CHROMIUM).exists():
        pytest.skip("no chromium")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Shell, directory=str(DIST)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


SESSION = """() => localStorage.setItem("aftercare.session", JSON.stringify({
  token: "bench", expires_at: "2099-01-01T00:00:00Z",
  user: {id: "u1", username: "bench", display_name: "Bench", role: "engineer", centre: null,
         phone: "", email: "", locale: "zh-CN", is_active: true}}))"""

SEED_AND_LOOKUP = """async ({count, lookups}) => {
  const open = () => new Promise((resolve, reject) => {
    const request = indexedDB.open("aftercare");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const db = await open();
  await new Promise((resolve, reject) => {
    const tx = db.transaction("devices", "readwrite");
    const store = tx.objectStore("devices");
    for (let i = 0; i < count; i++) {
      store.put({id: crypto.randomUUID(), row_version: 1, system_id: "s" + (i % 500),
                 serial: "SN" + String(i).padStart(8, "0"), model: "DS-2CD3T46",
                 manufacturer: "海康威视", label_token: "t" + i, location: "B1 机房"});
    }
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  const times = [];
  for (let n = 0; n < lookups; n++) {
    const serial = "SN" + String(Math.floor(Math.random() * count)).padStart(8, "0");
    const started = performance.now();
    const found = await new Promise((resolve, reject) => {
      const request = db.transaction("devices").objectStore("devices").index("serial").get(serial);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    times.push(performance.now() - started);
    if (!found) throw new Error("not found " + serial);
  }
  db.close();
  return times;
}"""


def test_webapp_figures(shell_url):
    from playwright.sync_api import sync_playwright

    js_bytes, scripts = first_load_js_gzip_bytes()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(shell_url + "/login")
        page.wait_for_function(
            "navigator.serviceWorker && navigator.serviceWorker.controller !== null"
        )
        # A signed-in engineer: the work-order list opens the local database.
        page.evaluate(SESSION)
        page.goto(shell_url + "/work-orders")
        page.wait_for_selector("p.list-count")

        context.set_offline(True)
        opens = []
        for _ in range(7):
            started = time.perf_counter()
            page.goto(shell_url + "/work-orders")
            page.wait_for_selector("p.list-count")
            opens.append((time.perf_counter() - started) * 1000)
        context.set_offline(False)

        times = page.evaluate(SEED_AND_LOOKUP, {"count": DEVICES, "lookups": 200})
        browser.close()

    open_ms = statistics.median(opens)
    lookup_median = statistics.median(times)
    lookup_p95 = sorted(times)[int(len(times) * 0.95) - 1]
    print(
        f"\nfirst-load JS gzipped: {js_bytes / 1024:.1f} KB ({', '.join(scripts)})"
        f"\nopen the shell offline from the service worker: median {open_ms:.0f} ms"
        f"\nserial lookup among {DEVICES:,} devices: median {lookup_median:.2f} ms, "
        f"p95 {lookup_p95:.2f} ms"
    )
    write_section(
        "Webapp",
        f"""
Built `webapp/dist`, headless Chromium (Debian) at 390×844, a phone-sized window.

| figure | value | target |
|---|---|---|
| first-load JavaScript, gzipped (1) | {js_bytes / 1024:.1f} KB | ≤ {JS_BUDGET_KB} KB |
| open the app offline from the service worker cache (2) | {open_ms:.0f} ms | |
| serial lookup, {DEVICES:,} local devices (3) | {lookup_median:.2f} ms | < {LOOKUP_BUDGET_MS} ms |

(1) The entry script and its preloads; the lazy chunks (signature pad, barcode reader)
and the barcode reader's .wasm are not counted.
(2) A navigation to /work-orders with the network off until the list is drawn from
IndexedDB; median of 7.
(3) Median of 200 random lookups; p95 {lookup_p95:.2f} ms.

The lookup uses the `devices.serial` index that `store/db.ts` declares, as the scan
screen's `findLocalDevice` does (without Dexie's thin wrapper).
""",
    )
    assert js_bytes > 0 and times
