"""A simulated phone: the sync client the tests drive (local store, outbox, cursor).

It follows docs/sync-protocol.md the way the webapp does: every local change is written
to the local store and queued in the outbox with the next sequence number; push sends the
outbox and drops what the server acknowledged; pull pages until has_more is false, then
drops work orders that left the scope unless the outbox still holds changes for them.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient

from server.domain.signing import summary_sha256, work_order_summary

SCHEMA_VERSION = 1


class Phone:
    def __init__(self, client: FlaskClient, headers: dict[str, str]):
        self.http = client
        self.headers = headers
        self.client_id = str(uuid.uuid4())
        self.seq = 0
        self.outbox: list[dict[str, Any]] = []
        self.store: dict[str, dict[str, dict[str, Any]]] = {}
        self.cursor: str | None = None
        self.results: dict[str, dict[str, Any]] = {}
        #: Rows the push answers gave it since its cursor ([entity, id, row_version]): the
        #: next pull says so and is not sent them again (docs/sync-protocol.md, "held").
        self.held: set[tuple[str, str, int]] = set()
        self.send_held = True
        #: Ask for the next page while applying one (over HTTP only: the Flask test
        #: client serves on the caller's thread).
        self.prefetch = False
        #: The digest of the last scope list applied, sent back with each pull (the last
        #: page then leaves the list out while the scope is the same).
        self.scope_digest: str | None = None
        #: Rows pulled, and of those the ones it held already at the same version.
        self.pulled_rows = 0
        self.redundant_rows = 0
        #: How far this phone's clock is off (positive: fast). Its mutations' occurred_at
        #: and its requests' client_time read this clock.
        self.clock_skew = timedelta(0)

    def now(self) -> datetime:
        """The time by this phone's clock."""
        return datetime.now(UTC) + self.clock_skew

    # --- local changes -------------------------------------------------------------
    def mutate(self, name: str, args: dict[str, Any], occurred_at: datetime | None = None):
        self.seq += 1
        mutation = {
            "id": str(uuid.uuid4()),
            "seq": self.seq,
            "name": name,
            "occurred_at": (occurred_at or self.now()).isoformat(),
            "args": args,
        }
        self.outbox.append(mutation)
        return mutation

    def update_work_order(self, wo_id: str, **changes: Any):
        record = self.store["work_orders"][wo_id]
        base = {name: record[name] for name in changes}
        record.update(changes)
        return self.mutate("work_order.update", {"id": wo_id, "base": base, "changes": changes})

    def transition(self, wo_id: str, action: str, occurred_at: datetime | None = None, **extra):
        args = {"id": wo_id, "action": action, "event_id": str(uuid.uuid4()), **extra}
        return self.mutate("work_order.transition", args, occurred_at)

    def sign(self, wo_id: str, purpose: str = "sign_off", summary: str | None = None, **extra):
        """The customer signs on this phone: by default the summary of the order as the
        phone has it (server.domain.signing, as the webapp shows it)."""
        if summary is None:
            record = self.store["work_orders"][wo_id]
            shown = ("number", "status", *(k for k in record if k.startswith("diagnosis_")))
            summary = work_order_summary({key: record[key] for key in shown})
        args = {
            "id": str(uuid.uuid4()),
            "work_order_id": wo_id,
            "purpose": purpose,
            "signer_name": "李主任",
            "signer_role": "customer",
            "sha256": "5" * 64,
            "summary": summary,
            "summary_sha256": summary_sha256(summary),
            **extra,
        }
        return self.mutate("signature.add", args)

    # --- network ---------------------------------------------------------------------
    def push_raw(self, mutations: list[dict[str, Any]]):
        return self.http.post(
            "/api/v1/sync/push",
            json={
                "schema_version": SCHEMA_VERSION,
                "client_id": self.client_id,
                "client_time": self.now().isoformat(),
                "mutations": mutations,
            },
            headers=self.headers,
        )

    def push(self, mutations: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        response = self.push_raw(self.outbox if mutations is None else mutations)
        assert response.status_code == 200, response.json
        body = response.json
        # Acknowledged mutations leave the outbox first: the records answered are the
        # server's result of them, not something to rebase them onto again.
        self.outbox = [m for m in self.outbox if m["seq"] > body["last_seq"]]
        for result in body["results"]:
            if result["status"] != "deferred":
                self.results[result["id"]] = result
            for item in result.get("records", []):
                self._put(item["entity"], item["record"])
                record = item["record"]
                self.held.add((item["entity"], record["id"], record["row_version"]))
        return body

    def _ask(self, cursor: str | None, limit: int | None) -> dict[str, Any]:
        body = {
            "schema_version": SCHEMA_VERSION,
            "client_id": self.client_id,
            "client_time": self.now().isoformat(),
            "cursor": cursor,
        }
        if limit:
            body["limit"] = limit
        if self.send_held and self.held:
            body["held"] = sorted(self.held)
        if self.scope_digest:
            body["scope_digest"] = self.scope_digest
        response = self.http.post("/api/v1/sync/pull", json=body, headers=self.headers)
        assert response.status_code == 200, response.json
        return response.json

    def pull(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Every page; with ``prefetch``, the next page is asked for (on another thread)
        while this one is applied, as the webapp does (webapp/src/sync/client.ts)."""
        pages = []
        with ThreadPoolExecutor(1) if self.prefetch else nullcontext() as ahead:
            asked = None
            while True:
                page = asked.result() if asked is not None else self._ask(self.cursor, limit)
                asked = None
                if ahead is not None and page["has_more"]:
                    asked = ahead.submit(self._ask, page["cursor"], limit)
                pages.append(page)
                for change in page["changes"]:
                    record = change["record"]
                    mine = self.store.get(change["entity"], {}).get(record["id"])
                    self.pulled_rows += 1
                    self.redundant_rows += mine is not None and (
                        mine.get("row_version") == record["row_version"]
                    )
                    self._put(change["entity"], record)
                self.cursor = page["cursor"]
                if not page["has_more"]:
                    break
        self.held.clear()  # behind the cursor now
        self._apply_final(pages[-1])
        return pages

    def sync(self) -> None:
        self.push()
        self.pull()

    # --- local store -----------------------------------------------------------------
    def _pending_ids(self) -> set[str]:
        ids = set()
        for m in self.outbox:
            ids.add(m["args"].get("id"))
            ids.add(m["args"].get("work_order_id"))
        return ids

    def _put(self, entity: str, record: dict[str, Any]) -> None:
        table = self.store.setdefault(entity, {})
        local = table.get(record["id"])
        if local is not None and local.get("row_version", 0) > record["row_version"]:
            return
        if entity == "work_orders" and record["id"] in self._pending_ids() and local:
            # Rebase: the server's record, with this phone's unsent edits on top.
            pending = {}
            for m in self.outbox:
                if m["name"] == "work_order.update" and m["args"]["id"] == record["id"]:
                    pending.update(m["args"]["changes"])
            record = {**record, **pending}
        table[record["id"]] = record

    def _apply_final(self, page: dict[str, Any]) -> None:
        for gone in page.get("deleted", []):
            self.store.get(gone["entity"], {}).pop(gone["id"], None)
        scope = page["scope"]
        self.scope_digest = scope["digest"]
        if "work_orders" not in scope:
            return  # the scope is the one this phone applied last: nothing left it
        keep = set(scope["work_orders"]) | self._pending_ids()
        orders = self.store.get("work_orders", {})
        for wo_id in list(orders):
            if wo_id not in keep:
                del orders[wo_id]
