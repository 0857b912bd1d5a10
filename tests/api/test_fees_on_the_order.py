"""The fees price what the order records: the labour minutes and visits the engineer enters
(synced, device wins), the parts used and one remote session per remote session started;
the office's estimate and the service report show the same total."""

from __future__ import annotations

import io
import uuid

from pypdf import PdfReader

from server.domain.fees import estimate_fees
from server.models import WorkOrder
from server.services import rule_facts
from tests.rest import patch_work_order
from tests.sync.phone import Phone


def test_labour_and_visits_recorded_on_the_phone_are_priced_everywhere(client, login, world, db):
    phone = Phone(client, login("engineer1"))
    phone.pull()
    wo_id = str(world.wo1.id)
    phone.update_work_order(wo_id, exclusions=["lightning"], labour_minutes=60, visits=1)
    phone.mutate("part_usage.add", {"id": str(uuid.uuid4()), "work_order_id": wo_id,
                                     "part_id": str(world.part.id), "quantity": 2})  # fmt: skip
    assert {r["status"] for r in phone.push()["results"]} == {"applied"}
    office = login("supervisor")
    shown = client.get(f"/api/v1/work-orders/{wo_id}", headers=office).json
    assert (shown["labour_minutes"], shown["visits"]) == (60, 1)
    fees = client.get(f"/api/v1/work-orders/{wo_id}/fees", headers=office).json

    wo = db.session.get(WorkOrder, world.wo1.id)
    terms = rule_facts.effective_settings(rule_facts.contract_for_work_order(wo))["fees"]
    parts = [{"part_number": world.part.part_number, "quantity": 2,
              "unit_cost_cents": world.part.cost_cents}]  # fmt: skip
    travel = {"zone": wo.site.zone, "round_trip_km": 2 * (wo.site.distance_km or 0)}
    expected = estimate_fees("excluded", parts, 60, 1, 0, travel, terms)
    assert fees["total_cents"] == expected.total_cents > 0
    assert {line["kind"] for line in fees["lines"]} >= {"part", "labour", "visit"}

    pdf = client.get(f"/api/v1/work-orders/{wo_id}/report.pdf", headers=office)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert f"{expected.total_cents / 100:,.2f}" in text


def test_a_what_if_still_prices_other_numbers(client, login, world):
    office = login("supervisor")
    url = f"/api/v1/work-orders/{world.wo1.id}/fees"
    order = f"/api/v1/work-orders/{world.wo1.id}"
    patch_work_order(client, order, json={"exclusions": ["lightning"]}, headers=office)
    recorded = client.get(url, headers=office).json
    what_if = client.get(url, query_string={"labour_minutes": 120}, headers=office).json
    assert what_if["total_cents"] > recorded["total_cents"]
