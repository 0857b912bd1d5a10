// Which contract applies, read from the phone's copy: the twin of the server's rule
// (domain/contracts.ts, server/domain/contracts.py) fed with the synced contract records.
// The work-order list and detail, the warranty panel, the fee estimate and the consent
// amount all take a work order's contract from contractOf(), so they agree with each other
// and with the server, which prices by the same rule at the order's reported_at.

import { applicableContract, type ContractFacts, contractTimezone } from "../domain/contracts";
import type { InstantLike } from "../domain/dates";
import { mergeContractSettings } from "../domain/settings";
import type { ContractRecord, WorkOrderRecord } from "./records";

/** A record as the rule reads it, asked about ``siteId``.
 *
 * Leaving the rule's path on purpose: the server does not yet send the sites a contract
 * covers (server/sync/records.py writes only columns; they live in contract_sites). A
 * record without site_ids is read as covering the site asked about, so the phone still
 * checks the customer, the dates and the time zone and keeps its contract; once records
 * carry site_ids the rule applies exactly. */
function factsOf(record: ContractRecord, siteId: string): ContractFacts & { record: ContractRecord } {
  return {
    id: record.id,
    number: record.number,
    customer_id: record.customer_id,
    site_ids: record.site_ids ?? [siteId],
    starts_on: record.starts_on,
    ends_on: record.ends_on,
    timezone: contractTimezone(mergeContractSettings(record.settings)),
    record,
  };
}

/** The contract among ``records`` that applies to the site at ``at`` (or the named one). */
export function applicableRecord(
  records: readonly ContractRecord[],
  customerId: string,
  siteId: string,
  at: InstantLike,
  namedId: string | null = null,
): ContractRecord | undefined {
  const facts = records.map((record) => factsOf(record, siteId));
  return applicableContract(facts, customerId, siteId, at, namedId)?.record;
}

/** A work order's contract: its own if it names one, else the one that applied to its site
 * when it was reported (server/services/rule_facts.py contract_for_work_order). */
export function contractOf(wo: WorkOrderRecord, records: readonly ContractRecord[]): ContractRecord | undefined {
  return applicableRecord(records, wo.customer_id, wo.site_id, wo.reported_at, wo.contract_id);
}
