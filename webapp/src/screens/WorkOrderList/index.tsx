import { ImportantBadge, SeverityBadge, StatusBadge } from "../../components/Badge";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Link } from "../../components/Link";
import { Loading } from "../../components/Loading";
import { useAsync } from "../../components/useAsync";
import { LIST_FILTERS, type ListFilter } from "../../domain/workOrderFlow";
import { t } from "../../i18n";
import { formatDateTime } from "../../i18n/format";
import { listWorkOrders } from "../../store/workOrders";
import type { WorkOrder } from "../../sync/types";
import "./style.css";

const FILTERS = Object.keys(LIST_FILTERS) as ListFilter[];

export function WorkOrderList({ filter }: { filter: ListFilter }) {
  const orders = useAsync(() => listWorkOrders(filter), [filter]);

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
      {orders.error !== null && <ErrorMessage error={orders.error} onRetry={orders.reload} />}
      {orders.loading && orders.data === undefined && <Loading />}
      {orders.data !== undefined && (
        <>
          <p class="list-count">{t("workOrders.count", { count: orders.data.length })}</p>
          {orders.data.length === 0 ? (
            <p class="list-empty">{t("workOrders.empty")}</p>
          ) : (
            <ul class="orders">
              {orders.data.map((order) => (
                <li key={order.id}>
                  <OrderCard order={order} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </main>
  );
}

function OrderCard({ order }: { order: WorkOrder }) {
  return (
    <Link class={`order order--s${order.severity}`} href={`/work-orders/${order.id}`} data-number={order.number}>
      <div class="order__top">
        <span class="order__number">{order.number}</span>
        <StatusBadge status={order.status} />
      </div>
      <div class="order__badges">
        <SeverityBadge severity={order.severity} />
        {order.customer.is_important && <ImportantBadge />}
      </div>
      <div class="order__customer">{order.customer.name}</div>
      <div class="order__site">{order.site.name}</div>
      {order.symptom && <p class="order__symptom">{order.symptom}</p>}
      <div class="order__time">
        {order.appointment_at
          ? t("workOrders.appointment", { time: formatDateTime(order.appointment_at) })
          : t("workOrders.noAppointment")}
      </div>
    </Link>
  );
}
