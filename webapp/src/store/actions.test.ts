import "fake-indexeddb/auto";

import { beforeEach, describe, expect, it } from "vitest";

import { signIn } from "../../test/harness";
import { freshDatabase, partRecord, workOrderRecord } from "../../test/records";
import {
  addNote,
  addPartUsage,
  issueLoaner,
  LocalError,
  returnLoaner,
  signPaidWorkConsent,
  transition,
  updateWorkOrder,
} from "./actions";
import { AftercareDB, getMeta } from "./db";

let database: AftercareDB;

const PNG = { blob: new Blob([new Uint8Array(8)], { type: "image/png" }), sha256: "cd".repeat(32), content_type: "image/png" };

beforeEach(() => {
  database = freshDatabase();
  signIn();
});

describe("a local change", () => {
  it("writes the row and its outbox mutation with consecutive seqs", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);

    const event = await transition(wo.id, "accept", {}, database);
    await updateWorkOrder(wo.id, { diagnosis_cause: "电源适配器损坏" }, database);

    expect((await database.work_orders.get(wo.id))?.status).toBe("accepted");
    expect((await database.work_order_events.get(event.id))?.origin).toBe("device");
    const outbox = await database.outbox.orderBy("seq").toArray();
    expect(outbox.map((e) => [e.seq, e.name])).toEqual([
      [1, "work_order.transition"],
      [2, "work_order.update"],
    ]);
    expect(outbox[0]?.args).toEqual({ id: wo.id, action: "accept", event_id: event.id });
    expect(outbox[1]?.args).toEqual({
      id: wo.id,
      base: { diagnosis_cause: "" },
      changes: { diagnosis_cause: "电源适配器损坏" },
    });
    expect(await getMeta("seq", 0, database)).toBe(2);
  });

  it("sends as base the value the phone holds, so consecutive edits do not conflict", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    await updateWorkOrder(wo.id, { diagnosis_cause: "A" }, database);
    await updateWorkOrder(wo.id, { diagnosis_cause: "B", diagnosis_fix: "" }, database);
    const second = (await database.outbox.orderBy("seq").toArray())[1];
    expect(second?.args).toMatchObject({ base: { diagnosis_cause: "A" }, changes: { diagnosis_cause: "B" } });
  });

  it("writes nothing when the transaction fails half way", async () => {
    const wo = workOrderRecord({ status: "completed" });
    await database.work_orders.add(wo);
    await expect(transition(wo.id, "accept", {}, database)).rejects.toBeInstanceOf(LocalError);
    await expect(addPartUsage(wo.id, { part_id: "no-such-part", quantity: 1 }, database)).rejects.toThrow();
    expect(await database.outbox.count()).toBe(0);
    expect(await database.part_usages.count()).toBe(0);
    expect(await database.work_order_events.count()).toBe(0);
    expect(await getMeta("seq", 0, database)).toBe(0);
  });

  it("survives closing the database and opening a new instance (a reload)", async () => {
    const wo = workOrderRecord();
    const part = partRecord();
    await database.work_orders.add(wo);
    await database.parts.add(part);
    await addNote(wo.id, "客户同意付费维修", database);
    await addPartUsage(wo.id, { part_id: part.id, quantity: 1, serial_out: "OLD1", serial_in: "NEW1" }, database);
    const name = database.name;
    database.close();

    const reopened = new AftercareDB(name);
    const outbox = await reopened.outbox.orderBy("seq").toArray();
    expect(outbox.map((e) => e.name)).toEqual(["work_order_note.add", "part_usage.add"]);
    expect(outbox[1]?.args).toMatchObject({ part_id: part.id, quantity: 1, serial_out: "OLD1", serial_in: "NEW1" });
    expect(await reopened.part_usages.count()).toBe(1);
    expect(await reopened.work_order_notes.count()).toBe(1);
    reopened.close();
  });
});

describe("a loaner and a consent to paid work", () => {
  it("issues a loaner: the row and loaner.issue together, with the phone's time", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    const loaner = await issueLoaner(wo.id, { description: " DS-7816N 录像机 ", serial: "NVR1", due_back_on: "2026-12-01" }, database);
    expect(await database.loaners.get(loaner.id)).toMatchObject({
      work_order_id: wo.id,
      description: "DS-7816N 录像机",
      returned_at: null,
      issued_by_id: "u1",
    });
    const [entry] = await database.outbox.toArray();
    expect(entry?.name).toBe("loaner.issue");
    expect(entry?.occurred_at).toBe(loaner.issued_at);
    expect(entry?.work_order_id).toBe(wo.id);
    expect(entry?.args).toEqual({
      id: loaner.id,
      work_order_id: wo.id,
      description: "DS-7816N 录像机",
      serial: "NVR1",
      due_back_on: "2026-12-01",
    });
  });

  it("returns a loaner once: a second return is refused and queues nothing", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    const loaner = await issueLoaner(wo.id, { description: "DS-7816N 录像机" }, database);
    const returned = await returnLoaner(loaner.id, "完好", database);
    expect(returned.returned_at).not.toBeNull();
    expect((await database.loaners.get(loaner.id))?.condition_note).toBe("完好");
    await expect(returnLoaner(loaner.id, "", database)).rejects.toMatchObject({ key: "errors.loaner.alreadyReturned" });
    const outbox = await database.outbox.orderBy("seq").toArray();
    expect(outbox.map((e) => [e.seq, e.name])).toEqual([
      [1, "loaner.issue"],
      [2, "loaner.return"],
    ]);
    expect(outbox[1]?.args).toEqual({ id: loaner.id, condition_note: "完好" });
    expect(outbox[1]?.work_order_id).toBe(wo.id);
  });

  it("records the customer's consent with the amount and the lines shown, and his signature", async () => {
    const wo = workOrderRecord();
    await database.work_orders.add(wo);
    const lines = [{ kind: "part", code: "PWR-12V", quantity: 1, amount_cents: 3500, is_chargeable: true }];
    const { consent, signature } = await signPaidWorkConsent(
      PNG,
      { amount_cents: 3500, lines, signer_name: " 李主任 " },
      { work_order_id: wo.id, summary: "工单 Work order:", summary_sha256: "ab".repeat(32) },
      database,
    );
    expect(await database.paid_work_consents.get(consent.id)).toMatchObject({ amount_cents: 3500, signer_name: "李主任", lines });
    expect(await database.signatures.get(signature.id)).toMatchObject({
      purpose: "paid_work_consent",
      signer_role: "customer",
      signer_name: "李主任",
    });
    expect(await database.blobs.get(PNG.sha256)).toMatchObject({ state: "pending" });
    const [first, second] = await database.outbox.orderBy("seq").toArray();
    expect(first?.name).toBe("paid_work_consent.add");
    expect(first?.occurred_at).toBe(consent.consented_at);
    expect(first?.args).toEqual({ id: consent.id, work_order_id: wo.id, amount_cents: 3500, lines, signer_name: "李主任" });
    expect(second?.name).toBe("signature.add");
    expect(second?.args).toMatchObject({ id: signature.id, purpose: "paid_work_consent", sha256: PNG.sha256 });
  });

  it("writes nothing for a missing work order or an empty model or signer", async () => {
    await expect(issueLoaner("no-such-order", { description: "NVR" }, database)).rejects.toBeInstanceOf(LocalError);
    await expect(issueLoaner("no-such-order", { description: " " }, database)).rejects.toBeInstanceOf(LocalError);
    const nobody = { amount_cents: 1, lines: [], signer_name: "" };
    const signed = { work_order_id: "no-such-order", summary: "", summary_sha256: "" };
    await expect(signPaidWorkConsent(PNG, nobody, signed, database)).rejects.toBeInstanceOf(LocalError);
    await expect(signPaidWorkConsent(PNG, { ...nobody, signer_name: "李主任" }, signed, database)).rejects.toBeInstanceOf(LocalError);
    expect(await database.signatures.count()).toBe(0);
    expect(await database.blobs.count()).toBe(0);
    expect(await database.outbox.count()).toBe(0);
    expect(await database.loaners.count()).toBe(0);
    expect(await getMeta("seq", 0, database)).toBe(0);
  });
});
