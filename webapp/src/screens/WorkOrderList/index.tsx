import { ImportantBadge, SeverityBadge, StatusBadge, TypeBadge } from "../../components/Badge";
import { Link } from "../../components/Link";
import { Loading } from "../../components/Loading";
import { SlaBadge } from "../../components/SlaBadge";
import { hasFaultSeverity } from "../../domain/vocabulary";
import { isOpen, LIST_FILTERS, type ListFilter } from "../../domain/workOrderFlow";
import { t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { contractOf } from "../../store/contracts";
import { db, getMeta } from "../../store/db";
import { useSyncStatus } from "../../sync/status";
import { useLiveQuery } from "../../store/useLiveQuery";
import { APPOINTMENT_GROUPS, appointmentGroup, listWorkOrders, type WorkOrderCard } from "../../store/workOrders";
import "./style.css";

const FILTERS = Object.keys(LIST_FILTERS) as ListFilter[];

export function WorkOrderList({ filter }: { filter: ListFilter }) {
  const orders = useLiveQuery(() => listWorkOrders(filter), [filter]);
  const extras = useLiveQuery(async () => {
    const database = db();
    return {
      contracts: await database.contracts.toArray(),
      events: await database.work_order_events.toArray(),
    };
  }, []);
  const firstPull = useLiveQuery(async () => (await getMeta<string | null>("cursor", null)) === null, []);
  const status = useSyncStatus();
  const now = new Date();

  const cards = orders.data ?? [];
  const grouped = filter === "open";
  return (
    <main class="main">
      <h1>{t("workOrders.title")}</h1>
      <nav class="tabs" aria-label={t("workOrders.title")}>
        {FILTERS.map((name) => (
          <Link
            key={name}
            href={`/work-orders?filter=${name}`}
            replace
            class={`tabs__tab${name === filter ? " tabs__tab--current" : ""}`}
            aria-current={name === filter ? "page" : undefined}
          >
            {t(`workOrders.tabs.${name}`)}
          </Link>
        ))}
      </nav>
      {orders.data === undefined && <Loading />}
      {firstPull.data === true && status.running && (
        <p class="notice" role="status" data-first-sync>
          {t("login.firstSync")}
        </p>
      )}
      {orders.data !== undefined && (
        <>
          <p class="list-count">{t("workOrders.count", { count: cards.length })}</p>
          {cards.length === 0 && <p class="list-empty">{t("workOrders.empty")}</p>}
          {grouped
            ? APPOINTMENT_GROUPS.map((group) => {
                const inGroup = cards.filter((card) => appointmentGroup(card.wo, now) === group);
                if (inGroup.length === 0) return null;
                return (
                  <section key={group} class={`order-group order-group--${group}`} aria-labelledby={`group-${group}`} data-group={group}>
                    <h2 id={`group-${group}`} class="order-group__title">
                      {t(`workOrders.groups.${group}`)}
                    </h2>
                    <OrderCards cards={inGroup} extras={extras.data} now={now} />
                  </section>
                );
              })
            : cards.length > 0 && <OrderCards cards={cards} extras={extras.data} now={now} />}
        </>
      )}
    </main>
  );
}

type Extras = { contracts: import("../../store/records").ContractRecord[]; events: import("../../store/records").WorkOrderEventRecord[] };

function OrderCards({ cards, extras, now }: { cards: WorkOrderCard[]; extras: Extras | undefined; now: Date }) {
  return (
    <ul class="orders">
      {cards.map((card) => (
        <li key={card.wo.id}>
          <OrderCard card={card} extras={extras} now={now} />
        </li>
      ))}
    </ul>
  );
}

function OrderCard({ card, extras, now }: { card: WorkOrderCard; extras: Extras | undefined; now: Date }) {
  const { wo, customer, site } = card;
  const contract = extras ? contractOf(wo, extras.contracts) : undefined;
  const events = extras?.events.filter((e) => e.work_order_id === wo.id) ?? [];
  const fault = hasFaultSeverity(wo.type);
  return (
    <Link
      class={`order${fault ? ` order--s${wo.severity}` : ""}`}
      href={`/work-orders/${wo.id}`}
      data-number={wo.number}
      data-id={wo.id}
    >
      <div class="order__top">
        <span class="order__number">{wo.number || t("workOrder.unnumbered")}</span>
        <StatusBadge status={wo.status} />
      </div>
      <div class="order__badges">
        {fault ? <SeverityBadge severity={wo.severity} /> : <TypeBadge type={wo.type} />}
        {customer?.is_important && <ImportantBadge />}
        {isOpen(wo.status) && extras && <SlaBadge wo={wo} site={site} contract={contract} events={events} now={now} />}
        {card.pending > 0 && <span class="badge badge--pending">{t("workOrders.pending", { count: card.pending })}</span>}
      </div>
      <div class="order__customer">{customer?.name ?? ""}</div>
      <div class="order__site">{site?.name ?? ""}</div>
      {wo.symptom && <p class="order__symptom">{wo.symptom}</p>}
      <div class="order__time">
        {wo.appointment_at
          ? t("workOrders.appointment", { time: formatDateTime(wo.appointment_at) })
          : t("workOrders.reported", { time: formatDateTime(wo.reported_at) })}
      </div>
    </Link>
  );
}
