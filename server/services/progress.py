"""The customer's view of a work order: the progress page behind /t/<token> (no login),
the links that open it, and the survey answered on it.

A link's token is 256 random bits (server.models.progress_link); one is made when the
order is registered, the office revokes it or makes a new one, and an unknown or revoked
token is a plain 404. The page shows one order and only what the customer may know:
its number, its status and history in customer words, the engineer's display name, the
appointment (or the arrival deadline the contract promises), and after completion the
service report and the satisfaction survey. Never the site, the devices, notes, costs
or another order. The survey becomes a follow-up of mode progress_page, counted by the
satisfaction KPI like any survey (server.services.follow_ups)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from server.domain import work_order_flow as flow
from server.errors import Conflict, NotFound, field_error
from server.extensions import db
from server.models import (
    PROGRESS_PAGE_MODE,
    Device,
    FollowUp,
    ProgressLink,
    SlaOutcome,
    SurveyAnswer,
    User,
    WorkOrder,
    work_order_devices,
)
from server.models.base import utcnow
from server.services import follow_ups, rate_limit
from server.services.work_orders import record_event

SURVEY_ACTION = "progress_survey"

#: The customer's name for each status (server.public.texts: "status.<key>").
CUSTOMER_STATUS = {
    "new": "registered",
    "assigned": "assigned",
    "accepted": "assigned",
    "remote": "remote",
    "en_route": "on_the_way",
    "on_site": "on_site",
    "on_hold": "on_hold",
    "completed": "completed",
    "closed": "completed",
    "cancelled": "cancelled",
}
#: The history events a customer is told of, by their name for it ("step.<key>"); every
#: other event (edits, notes, reviews, warranty decisions, sync) is the office's business.
CUSTOMER_STEPS = {
    "registered": "registered",
    "reported_again": "reported_again",
    "assigned": "assigned",
    "remote_started": "remote",
    "departed": "on_the_way",
    "arrived": "arrived",
    "restored": "restored",
    "resolved": "completed",
    "cancelled": "cancelled",
}


# --- links ---------------------------------------------------------------------------


def progress_url(link: ProgressLink) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/t/{link.token}"


def issue_link(wo: WorkOrder) -> ProgressLink:
    """A new link to the order's page (registration, or the office asking for one)."""
    link = ProgressLink(work_order=wo)
    db.session.add(link)
    return link


def active_link(wo: WorkOrder) -> ProgressLink | None:
    """The order's newest link not revoked, if any."""
    return db.session.scalar(
        select(ProgressLink)
        .where(ProgressLink.work_order_id == wo.id, ProgressLink.revoked_at.is_(None))
        .order_by(ProgressLink.created_at.desc(), ProgressLink.id)
        .limit(1)
    )


def link_for_customer(wo: WorkOrder) -> ProgressLink:
    """The link to give a customer now: the active one, or a new one if the office
    revoked them all (a revoked link is never shown again)."""
    return active_link(wo) or issue_link(wo)


def revoke_links(wo: WorkOrder, actor: User) -> None:
    """Every link of the order stops working (404); recorded in its history."""
    now = utcnow()
    links = db.session.scalars(
        select(ProgressLink).where(
            ProgressLink.work_order_id == wo.id, ProgressLink.revoked_at.is_(None)
        )
    ).all()
    for link in links:
        link.revoked_at, link.revoked_by_id = now, actor.id
    record_event(wo, "progress_link_revoked", actor, data={"links": len(links)})
    db.session.flush()


def replace_link(wo: WorkOrder, actor: User) -> ProgressLink:
    """Revoke the order's links and make a new one (a link that went to the wrong
    person); recorded in its history."""
    revoke_links(wo, actor)
    link = issue_link(wo)
    record_event(wo, "progress_link_created", actor)
    db.session.flush()
    return link


def move_links(duplicate: WorkOrder, kept: WorkOrder) -> None:
    """A merge: the duplicate's customer follows the order kept through the link he has."""
    for link in db.session.scalars(
        select(ProgressLink).where(ProgressLink.work_order_id == duplicate.id)
    ):
        link.work_order = kept


def work_order_by_token(token: str) -> tuple[ProgressLink, WorkOrder]:
    """The link and its order; 404 for an unknown or revoked token."""
    link = db.session.scalar(select(ProgressLink).where(ProgressLink.token == token))
    if link is None or link.revoked_at is not None:
        raise NotFound("No such progress page.", key="errors.public.unknownProgress")
    return link, link.work_order


# --- one device, one open request ----------------------------------------------------


def open_request(device: Device) -> WorkOrder | None:
    """The device's open request a new fault report joins (the oldest, whose clocks run
    longest), or None: a new report then opens a new order."""
    return db.session.scalar(
        select(WorkOrder)
        .join(work_order_devices, work_order_devices.c.work_order_id == WorkOrder.id)
        .where(
            work_order_devices.c.device_id == device.id,
            WorkOrder.status.in_(flow.OPEN_STATUSES),
            WorkOrder.type.in_(flow.REQUEST_TYPES),
        )
        .order_by(WorkOrder.reported_at, WorkOrder.id)
        .limit(1)
    )


# --- the page ------------------------------------------------------------------------


def _arrival_deadline(wo: WorkOrder) -> datetime | None:
    """The running arrival clock's deadline: when the contract promises the visit."""
    return db.session.scalar(
        select(SlaOutcome.deadline_at).where(
            SlaOutcome.work_order_id == wo.id,
            SlaOutcome.clock == "arrival",
            SlaOutcome.stopped_at.is_(None),
        )
    )


def survey_answered(wo: WorkOrder) -> bool:
    return (
        db.session.scalar(
            select(FollowUp.id)
            .where(FollowUp.work_order_id == wo.id, FollowUp.mode == PROGRESS_PAGE_MODE)
            .limit(1)
        )
        is not None
    )


def is_done(wo: WorkOrder) -> bool:
    return wo.status in flow.DONE_STATUSES


def report_kind(wo: WorkOrder) -> str:
    """Which report the customer downloads once the work is done."""
    return "inspection" if wo.type == "inspection" else "service"


def page_view(wo: WorkOrder) -> dict[str, Any]:
    """What the page shows, as plain data (times as aware UTC instants; the page prints
    them in the organisation's timezone)."""
    engineer = wo.assigned_engineer
    is_open = flow.is_open(wo.status)
    steps = [
        {"step": CUSTOMER_STEPS[event.kind], "at": event.device_at or event.server_at}
        for event in wo.events
        if event.kind in CUSTOMER_STEPS
    ]
    done = is_done(wo)
    return {
        "number": wo.number,
        "status": CUSTOMER_STATUS.get(wo.status, "registered"),
        "engineer": engineer.display_name if engineer and (is_open or done) else "",
        "appointment_at": wo.appointment_at if is_open else None,
        "arrive_by": _arrival_deadline(wo)
        if is_open and wo.appointment_at is None and wo.status not in ("on_site", "on_hold")
        else None,
        "steps": steps,
        "report_kind": report_kind(wo) if done else None,
        "survey": done and not survey_answered(wo),
        "survey_answered": done and survey_answered(wo),
        "questions": [
            {"key": q.key, "label_zh": q.label_zh, "label_en": q.label_en}
            for q in follow_ups.questions(active_only=True)
        ]
        if done
        else [],
    }


# --- the survey ----------------------------------------------------------------------


def _limits() -> tuple[int, int]:
    config = current_app.config
    return config["QR_REPORT_RATE_LIMIT"], config["QR_REPORT_RATE_WINDOW_SECONDS"]


def check_rate(link: ProgressLink, client_ip: str) -> None:
    """429 when this address or this link sent too much (the QR page's limits)."""
    limit, window = _limits()
    rate_limit.check(
        SURVEY_ACTION,
        {"ip": client_ip, "link": link.token},
        limit,
        window,
        error_key="errors.public.tooManyReports",
    )


def record_survey(link: ProgressLink, answers: dict[str, Any], client_ip: str) -> FollowUp:
    """The customer's own survey of a resolved order: a follow-up of mode progress_page
    rating the order's engineer, once per order (409 for a second one)."""
    keys = {"ip": client_ip, "link": link.token}
    rate_limit.lock(SURVEY_ACTION, keys)
    check_rate(link, client_ip)
    wo = link.work_order
    if not is_done(wo):
        raise Conflict("The work is not done yet.", key="errors.public.notDone")
    if survey_answered(wo):
        raise Conflict("The survey is answered.", key="errors.public.surveyAnswered")
    by_key = {q.key: q for q in follow_ups.questions(active_only=True)}
    scores = {k: v for k, v in answers["scores"].items() if v is not None}
    unknown = sorted(set(scores) - set(by_key))
    if unknown:
        raise field_error("scores", f"Not an active survey question: {', '.join(unknown)}.")
    if not scores:
        raise field_error("scores", "Rate at least one question.")
    _, window = _limits()
    rate_limit.record(SURVEY_ACTION, keys, window)
    follow_up = FollowUp(
        customer_id=wo.customer_id,
        work_order_id=wo.id,
        engineer_id=wo.assigned_engineer_id,
        mode=PROGRESS_PAGE_MODE,
        occurred_at=utcnow(),
        contact_name=answers.get("contact_name", ""),
        opinions=answers.get("opinions", ""),
        recorded_by_id=None,
        answers=[
            SurveyAnswer(question_id=by_key[key].id, score=score) for key, score in scores.items()
        ],
    )
    db.session.add(follow_up)
    db.session.flush()
    return follow_up
