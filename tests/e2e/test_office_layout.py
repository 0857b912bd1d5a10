"""The office's layout at desktop widths: /office loads without layout shift (CLS < 0.1,
measured by a PerformanceObserver of 'layout-shift' entries from the first paint), and the
KPI screen's labels fit at 1440 and 1024 px (no text wider than its box, no chart label
running into its neighbour or out of the chart)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.e2e

# Sums every layout shift not caused by input, from before the first script runs, and
# keeps what moved (for the failure message).
CLS_OBSERVER = """
window.__cls = 0;
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__cls += entry.value;
    const moved = entry.sources.map((s) => s.node && (s.node.className || s.node.nodeName));
    window.__shifts.push([Math.round(entry.value * 1000) / 1000, ...moved]);
  }
}).observe({ type: "layout-shift", buffered: true });
"""

# Elements whose text is wider than their box, and chart labels that overlap the next one
# or leave the chart.
OVERFLOWS = """
() => {
  const clipped = [];
  const boxes = ".kpi-card span, .kpi-chart figcaption, .kpi-chart__legend li, .kpi-section th, "
    + ".kpi-section h2, .kpi-filters .o-field__label, .o-toolbar h1";
  for (const el of document.querySelectorAll(boxes)) {
    if (el.scrollWidth > el.clientWidth + 1) clipped.push(el.textContent.trim());
  }
  for (const svg of document.querySelectorAll(".kpi-chart svg")) {
    const view = svg.viewBox.baseVal;
    const labels = [...svg.querySelectorAll(".kpi-chart__label")].map((t) => [t, t.getBBox()]);
    labels.forEach(([text, box], i) => {
      const next = labels[i + 1];
      const outside = box.x < view.x - 0.5 || box.x + box.width > view.x + view.width + 0.5;
      if (outside) clipped.push(text.textContent);
      if (next && box.x + box.width > next[1].x + 0.5) clipped.push(text.textContent);
    });
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) clipped.push("page");
  return clipped;
}
"""


def _signed_in_context(browser, live_server, viewport, locale="zh-CN"):
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale=locale, timezone_id="Asia/Shanghai"
    )
    tab = context.new_page()
    tab.goto("/login")
    tab.locator("input[name=username]").fill(live_server.world.supervisor.username)
    tab.locator("input[name=password]").fill(PASSWORD)
    tab.locator("button[type=submit]").click()
    expect(tab).to_have_url(re.compile(r"/office/"))
    return context, tab


@pytest.mark.parametrize(
    "viewport", [{"width": 1440, "height": 900}, {"width": 1024, "height": 768}]
)
def test_the_office_loads_without_layout_shift(browser, live_server, viewport):
    context, tab = _signed_in_context(browser, live_server, viewport)
    try:
        fresh = context.new_page()
        fresh.add_init_script(CLS_OBSERVER)
        fresh.goto("/office")
        expect(fresh).to_have_url(re.compile(r"/office/dispatch"))
        fresh.wait_for_load_state("networkidle")
        fresh.wait_for_timeout(800)
        cls = fresh.evaluate("window.__cls")
        shifts = fresh.evaluate("window.__shifts")
        assert cls < 0.1, f"layout shift {cls:.3f} on /office: {shifts}"
    finally:
        context.close()


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("width", [1440, 1024])
def test_kpi_labels_fit(browser, live_server, width, locale):
    context, tab = _signed_in_context(browser, live_server, {"width": width, "height": 900})
    try:
        if locale == "en":
            tab.evaluate("localStorage.setItem('aftercare.locale', 'en')")
        tab.goto("/office/kpi")
        expect(tab.locator(".kpi-chart").first).to_be_visible()
        expect(tab.locator(".kpi-section").first).to_be_visible()
        tab.wait_for_load_state("networkidle")
        assert tab.evaluate(OVERFLOWS) == []
    finally:
        context.close()
