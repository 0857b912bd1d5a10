// The KPI dashboard (质量考核): a period and filters, headline figures against their
// targets, charts, and every table with its CSV export. The server computes everything
// (server/kpi/); this screen only draws it.

import { useState } from "preact/hooks";

import { ErrorMessage } from "../../components/ErrorMessage";
import { useAsync } from "../../components/useAsync";
import { getLocale, t } from "../../i18n";
import { listRows } from "../api";
import { Input, Select } from "../components/Input";
import * as api from "./api";
import { BarChart } from "./charts/BarChart";
import { KpiTable } from "./KpiTable";
import { defaultFilters, filterQuery, formatMinutes, formatPercent, formatYuan, meets, quarterOf, saveBlob } from "./logic";
import type { Dashboard as DashboardData, Filters, Row } from "./types";

const CLOCKS = ["response", "remote", "arrival", "restore", "resolve"];
const GROUPS = ["severity", "zone", "engineer", "customer", "centre"];
/** The tables in the order the dashboard shows them. */
const TABLES = [
  "on-time",
  "times",
  "breach-reasons",
  "first-time-fix",
  "repeat-failures",
  "satisfaction",
  "satisfaction-engineers",
  "complaints",
  "complaint-deadlines",
  "calls",
  "plan",
  "parts",
  "work-mix",
  "loaners",
];

function units() {
  return { d: t("kpi.unit.days"), h: t("kpi.unit.hours"), min: t("kpi.unit.minutes") };
}

export function Dashboard() {
  const [draft, setDraft] = useState<Filters>(() => defaultFilters(new Date()));
  const [filters, setFilters] = useState<Filters>(draft);
  const key = JSON.stringify(filters);
  const data = useAsync(() => api.dashboard(filters), [key]);
  const centres = useAsync(() => listRows("centres"), []);
  const engineers = useAsync(() => listRows("users", { role: "engineer" }), []);
  const customers = useAsync(() => listRows("customers"), []);
  const set = (name: keyof Filters) => (value: string) => setDraft({ ...draft, [name]: value });
  const options = (rows: { id: string; [k: string]: unknown }[] | undefined, label: string) =>
    (rows ?? []).map((row) => ({ value: row.id, label: String(row[label] ?? row.id) }));

  return (
    <div class="o-page kpi-dashboard">
      <div class="o-toolbar">
        <h1>{t("kpi.title")}</h1>
      </div>
      <form
        class="kpi-filters o-card"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
      >
        <Input label={t("kpi.filter.from")} name="from" type="date" value={draft.from} onInput={set("from")} />
        <Input label={t("kpi.filter.to")} name="to" type="date" value={draft.to} onInput={set("to")} />
        <Select label={t("kpi.filter.centre")} name="centre_id" value={draft.centre_id} onChange={set("centre_id")} empty={t("kpi.filter.all")} options={options(centres.data?.items, "name")} />
        <Select label={t("kpi.filter.engineer")} name="engineer_id" value={draft.engineer_id} onChange={set("engineer_id")} empty={t("kpi.filter.all")} options={options(engineers.data?.items, "display_name")} />
        <Select label={t("kpi.filter.customer")} name="customer_id" value={draft.customer_id} onChange={set("customer_id")} empty={t("kpi.filter.all")} options={options(customers.data?.items, "name")} />
        <Select label={t("kpi.filter.severity")} name="severity" value={draft.severity} onChange={set("severity")} empty={t("kpi.filter.all")} options={[1, 2, 3, 4].map((s) => ({ value: String(s), label: t("severity.short", { level: s }) }))} />
        <Select label={t("kpi.filter.zone")} name="zone" value={draft.zone} onChange={set("zone")} empty={t("kpi.filter.all")} options={["in_city", "out_of_town"].map((z) => ({ value: z, label: t(`zone.${z}`) }))} />
        <button type="submit" class="o-button">
          {t("kpi.filter.apply")}
        </button>
      </form>
      {data.error !== null && <ErrorMessage error={data.error} onRetry={data.reload} />}
      {data.loading && !data.data && <p class="o-muted">{t("kpi.loading")}</p>}
      {data.data && <Figures data={data.data} filters={filters} />}
      {filters.customer_id && <QuarterlyReport customerId={filters.customer_id} />}
    </div>
  );
}

function Card({ name, value, good }: { name: string; value: string; good?: boolean | null }) {
  const tone = good === true ? " kpi-card--ok" : good === false ? " kpi-card--bad" : "";
  return (
    <div class={`kpi-card${tone}`} data-kpi={name}>
      <span class="o-muted">{t(`kpi.summary.${name}`)}</span>
      <span class="kpi-card__value">{value}</span>
    </div>
  );
}

function Figures({ data, filters }: { data: DashboardData; filters: Filters }) {
  const { summary, targets, tables } = data;
  const onTime = targets.on_time_percent;
  const rows = (name: string): Row[] => tables[name] ?? [];
  const clock = (row: Row) => t(`kpi.clock.${String(row.clock)}`);
  const percent = (v: number) => `${Math.round(v)}%`;
  const byClock = (name: string) => CLOCKS.map((c) => rows(name).find((r) => r.clock === c)).filter((r): r is Row => r !== undefined);
  return (
    <>
      <div class="kpi-cards">
        <Card name="requests" value={String(summary.requests)} />
        <Card name="response" value={formatPercent(summary.response_on_time_percent)} good={meets(summary.response_on_time_percent, onTime, "min")} />
        <Card name="arrival" value={formatPercent(summary.arrival_on_time_percent)} good={meets(summary.arrival_on_time_percent, onTime, "min")} />
        <Card name="resolve" value={formatPercent(summary.resolve_on_time_percent)} good={meets(summary.resolve_on_time_percent, onTime, "min")} />
        <Card name="firstTimeFix" value={formatPercent(summary.first_time_fix_percent)} />
        <Card name="satisfied" value={formatPercent(summary.satisfied_percent)} good={meets(summary.satisfied_percent, targets.satisfied_percent, "min")} />
        {"complaints" in tables && (
          <Card name="complaintRate" value={formatPercent(summary.complaint_rate_percent)} good={meets(summary.complaint_rate_percent, targets.complaint_rate_percent, "max")} />
        )}
        <Card name="calls" value={String(summary.calls)} />
        <Card name="firstCallResolution" value={formatPercent(summary.first_call_resolution_percent)} />
        <Card name="planDone" value={formatPercent(summary.plan_done_percent)} />
        <Card name="partsCost" value={formatYuan(summary.parts_cost_cents)} />
        <Card name="loaners" value={String(summary.loaners_outstanding)} good={summary.loaners_overdue === 0} />
      </div>
      <div class="kpi-charts">
        <BarChart
          name="on-time"
          title={t("kpi.chart.onTime")}
          groups={byClock("on-time").map((r) => ({ label: clock(r), values: [r.on_time_percent as number | null] }))}
          max={100}
          target={{ value: onTime, label: t("kpi.chart.target", { value: onTime }) }}
          format={percent}
        />
        <BarChart
          name="times"
          title={t("kpi.chart.times")}
          series={[t("kpi.chart.median"), t("kpi.chart.p90")]}
          groups={byClock("times").map((r) => ({ label: clock(r), values: [r.business_median_minutes as number, r.business_p90_minutes as number] }))}
          format={(v) => formatMinutes(Math.round(v), units())}
        />
        <BarChart
          name="satisfaction"
          title={t("kpi.chart.satisfaction")}
          groups={rows("satisfaction").map((r) => ({ label: String(getLocale() === "en" ? r.label_en : r.label_zh), values: [r.satisfied_percent as number | null] }))}
          max={100}
          target={{ value: targets.satisfied_percent, label: t("kpi.chart.target", { value: targets.satisfied_percent }) }}
          format={percent}
        />
        {"complaints" in tables && (
          <BarChart
            name="complaint-rate"
            title={t("kpi.chart.complaintRate")}
            groups={[{ label: t("kpi.chart.complaintRateBar"), values: [summary.complaint_rate_percent] }]}
            target={{ value: targets.complaint_rate_percent, label: t("kpi.chart.targetBelow", { value: targets.complaint_rate_percent }) }}
            format={(v) => `${v.toFixed(1)}%`}
          />
        )}
        <BarChart
          name="plan"
          title={t("kpi.chart.plan")}
          series={[t("kpi.chart.planned"), t("kpi.chart.done")]}
          groups={rows("plan").map((r) => ({ label: t(`kpi.kind.${String(r.kind)}`), values: [r.planned as number, r.done as number] }))}
        />
        <BarChart
          name="work-mix"
          title={t("kpi.chart.workMix")}
          groups={rows("work-mix").map((r) => ({ label: t(`kpi.warranty.${String(r.warranty_status ?? "undecided")}`), values: [r.repairs as number] }))}
        />
      </div>
      <p class="o-notice" data-loaners={summary.loaners_outstanding}>
        {t("kpi.loanersOutstanding", { count: summary.loaners_outstanding, overdue: summary.loaners_overdue })}
      </p>
      {TABLES.filter((name) => name in tables).map((name) => (
        <KpiTable key={name} name={name} rows={rows(name)} query={filterQuery(filters)} groups={name === "on-time" ? GROUPS : undefined} />
      ))}
    </>
  );
}

function QuarterlyReport({ customerId }: { customerId: string }) {
  const [year, quarter] = quarterOf(new Date());
  const [picked, setPicked] = useState(`${year}-${quarter}`);
  const [error, setError] = useState<unknown>(null);
  const choices = [0, 1, 2, 3].map((back) => {
    const q = ((quarter - 1 - back + 8) % 4) + 1;
    const y = year - (back >= quarter ? 1 : 0);
    return { value: `${y}-${q}`, label: t("kpi.report.quarter", { year: y, quarter: q }) };
  });
  return (
    <section class="kpi-section o-card">
      <div class="kpi-section__head">
        <h2>{t("kpi.report.title")}</h2>
        <Select label={t("kpi.report.period")} name="quarter" value={picked} onChange={setPicked} options={choices} />
        <button
          type="button"
          class="o-button o-button--secondary"
          onClick={() => {
            const [y, q] = picked.split("-").map(Number);
            setError(null);
            api.quarterlyReport(customerId, y ?? year, q ?? quarter).then((blob) => saveBlob(blob, `report-${picked}.pdf`), setError);
          }}
        >
          {t("kpi.report.download")}
        </button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
    </section>
  );
}
