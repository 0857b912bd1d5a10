// Reading and changing work orders. Online-only for now: each function asks the server.
// With the offline work these read the local database and queue changes in the outbox;
// screens keep calling the same functions.

import { LIST_FILTERS, type ListFilter } from "../domain/workOrderFlow";
import * as api from "../sync/api";
import type { Diagnosis, WorkOrder, WorkOrderEvent } from "../sync/types";

/** One page is enough for an engineer's own orders. */
const LIST_SIZE = 50;

export async function listWorkOrders(filter: ListFilter): Promise<WorkOrder[]> {
  const statuses = LIST_FILTERS[filter];
  const page = await api.listWorkOrders({
    per_page: LIST_SIZE,
    ...(statuses ? { status: statuses } : {}),
  });
  return page.items;
}

export function getWorkOrder(id: string): Promise<WorkOrder> {
  return api.getWorkOrder(id);
}

export function listEvents(id: string): Promise<WorkOrderEvent[]> {
  return api.listEvents(id);
}

/** accept, depart, arrive ...; the device's clock says when it happened. */
export function takeAction(id: string, action: string, note?: string): Promise<WorkOrder> {
  return api.takeAction(id, action, new Date().toISOString(), note);
}

export function saveDiagnosis(id: string, diagnosis: Diagnosis): Promise<WorkOrder> {
  return api.updateWorkOrder(id, diagnosis);
}
