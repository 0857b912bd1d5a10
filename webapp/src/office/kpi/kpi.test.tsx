import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";

import { fakeServer, mount, signIn, unmount, waitFor } from "../../../test/harness";
import { App } from "../../app";
import type { User } from "../../sync/types";

const EMPTY_PAGE = { items: [], page: 1, per_page: 200, total: 0, pages: 1 };
const DASHBOARD = {
  filters: { from: "2026-08-25", to: "2026-11-22" },
  as_of: "2026-11-22T03:00:00Z",
  targets: { on_time_percent: 98, complaint_rate_percent: 3, satisfied_percent: 100 },
  summary: {
    requests: 37,
    response_on_time_percent: 86.21,
    arrival_on_time_percent: 65,
    resolve_on_time_percent: 100,
    first_time_fix_percent: 90,
    satisfied_percent: 75,
    complaint_rate_percent: 2.94,
    plan_done_percent: 13.6,
    parts_cost_cents: 12345,
    loaners_outstanding: 2,
    loaners_overdue: 1,
  },
  tables: {
    "on-time": [
      { clock: "response", met: 25, late: 4, total: 29, on_time_percent: 86.21 },
      { clock: "arrival", met: 13, late: 7, total: 20, on_time_percent: 65 },
      { clock: "resolve", met: 12, late: 0, total: 12, on_time_percent: 100 },
    ],
    times: [{ clock: "response", stopped: 25, business_median_minutes: 22, business_p90_minutes: 42, wall_median_minutes: 35, wall_p90_minutes: 42 }],
    "first-time-fix": [{ repairs: 10, sent_back: 1, repeated: 0, first_time_fixes: 9, first_time_fix_percent: 90, repeat_window_days: 30 }],
    "repeat-failures": [],
    satisfaction: [{ key: "overall", label_zh: "总体满意度", label_en: "Overall", answers: 4, average: 4.25, satisfied_percent: 75 }],
    "satisfaction-engineers": [],
    complaints: [{ complaints: 2, our_fault: 1, not_our_fault: 0, undecided: 1, requests: 34, complaint_rate_percent: 2.94, verified_in_time: 1, answered_in_time: 1, answer_overdue: 0 }],
    "complaint-deadlines": [],
    plan: [{ kind: "inspection", planned: 11, done: 1, done_on_time: 1, overdue: 10, done_percent: 9.09 }],
    parts: [],
    "work-mix": [{ warranty_status: "paid", work: "paid", repairs: 6, share_percent: 60 }],
    loaners: [
      { work_order: "WO-2026-000007", customer: "第一人民医院", description: "DS-7816N 录像机", serial: "NVR1", issued_at: "2026-11-02T02:00:00Z", due_back_on: "2026-11-08", overdue: true },
      { work_order: "WO-2026-000009", customer: "第一人民医院", description: "DS-7816N 录像机", serial: "NVR2", issued_at: "2026-11-05T02:00:00Z", due_back_on: null, overdue: false },
    ],
  },
};

let container: HTMLElement | null = null;

afterEach(() => {
  if (container) unmount(container);
  container = null;
  vi.unstubAllGlobals();
});

function open(role: User["role"], path: string, routes: Parameters<typeof fakeServer>[0]) {
  signIn({ role, username: role, display_name: "主管老陈" });
  const server = fakeServer({
    "GET /api/v1/centres/": () => [200, EMPTY_PAGE],
    "GET /api/v1/users/": () => [200, EMPTY_PAGE],
    "GET /api/v1/customers/": () => [200, { ...EMPTY_PAGE, items: [{ id: "c1", name: "上海市第六人民医院" }], total: 1 }],
    ...routes,
  });
  vi.stubGlobal("fetch", server.fetch);
  window.history.replaceState(null, "", path);
  container = mount(<App />);
  return server;
}

describe("the KPI dashboard", () => {
  it("draws the on-time chart with its 98 % target line and the headline figures", async () => {
    open("supervisor", "/office/kpi", { "GET /api/v1/kpi/dashboard": () => [200, DASHBOARD] });
    const chart = await waitFor(() => {
      const found = container?.querySelector("[data-chart=on-time] svg");
      if (!found) throw new Error("no chart yet");
      return found;
    });
    expect([...chart.querySelectorAll("rect.kpi-bar")].map((bar) => bar.getAttribute("data-value"))).toEqual(["86.21", "65", "100"]);
    expect(chart.querySelector("[data-target='98']")?.textContent).toContain("98%");
    expect(container?.querySelector("[data-chart=complaint-rate] [data-target='3']")).not.toBeNull();
    expect(container?.querySelector("[data-kpi=response]")?.textContent).toContain("86.2%");
    expect(container?.querySelector("[data-kpi=response]")?.className).toContain("kpi-card--bad");
    expect(container?.querySelector("[data-loaners]")?.textContent).toContain("期末未归还备用机 2 台，其中逾期 1 台");
    expect(container?.querySelector("[data-kpi=loaners]")?.textContent).toContain("2");
    expect(container?.querySelector("[data-table=loaners]")?.textContent).toContain("NVR1");
    expect(container?.querySelector("[data-table=times]")?.textContent).toContain("22 分");
  });

  it("asks again with the filters when they are applied", async () => {
    const server = open("dispatcher", "/office/kpi", { "GET /api/v1/kpi/dashboard": () => [200, DASHBOARD] });
    const zone = await waitFor(() => {
      const found = container?.querySelector<HTMLSelectElement>("select[name=zone]");
      if (!found) throw new Error("no form yet");
      return found;
    });
    zone.value = "out_of_town";
    act(() => {
      zone.dispatchEvent(new Event("change", { bubbles: true }));
    });
    container?.querySelector<HTMLFormElement>("form.kpi-filters")?.requestSubmit();
    await waitFor(() => expect(server.calls.some((c) => c.url.searchParams.get("zone") === "out_of_town")).toBe(true));
    expect(container?.textContent).not.toContain("投诉处理");
  });
});

describe("the plan", () => {
  it("lists overdue visits and records a survey with its scores", async () => {
    const visit = {
      id: "v1",
      kind: "survey",
      status: "planned",
      state: "overdue",
      due_on: "2026-11-20",
      due_at: "2026-11-20T02:00:00Z",
      done_at: null,
      customer: { id: "c1", name: "上海市第六人民医院" },
      site: { id: "s1", name: "本部" },
      system: { id: "y1", name: "本部视频监控系统" },
      contract: null,
      work_order: { id: "w1", number: "WO-2026-000030", status: "completed", type: "repair", assigned_engineer: null },
    };
    const server = open("supervisor", "/office/plan", {
      "GET /api/v1/scheduled-visits/": () => [200, { ...EMPTY_PAGE, items: [visit], total: 1 }],
      "GET /api/v1/survey-questions/": () => [200, [{ id: "q1", key: "overall", label_zh: "总体满意度", label_en: "Overall", position: 1, is_active: true }]],
      "POST /api/v1/follow-ups/": () => [201, {}],
    });
    const button = await waitFor(() => {
      const found = container?.querySelector<HTMLButtonElement>("[data-visit=survey] button");
      if (!found) throw new Error("no row yet");
      return found;
    });
    expect(container?.querySelector("[data-visit=survey]")?.textContent).toContain("已超期");
    button.click();
    const score = await waitFor(() => {
      const found = container?.querySelector<HTMLSelectElement>("select[name=score-overall]");
      if (!found) throw new Error("no form yet");
      return found;
    });
    score.value = "4";
    act(() => {
      score.dispatchEvent(new Event("change", { bubbles: true }));
    });
    container?.querySelector<HTMLFormElement>("[data-form=follow-up]")?.requestSubmit();
    await waitFor(() => expect(server.calls.some((c) => c.method === "POST")).toBe(true));
    const call = server.calls.find((c) => c.method === "POST");
    expect(call?.body).toMatchObject({ scheduled_visit_id: "v1", mode: "phone", scores: { overall: 4 } });
  });
});
