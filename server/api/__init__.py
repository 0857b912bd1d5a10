"""The /api/v1 blueprints: the API's table of contents."""

from __future__ import annotations

from flask_smorest import Api


def register_api(api: Api) -> None:
    from server.api import (
        attachments,
        auth,
        blobs,
        calendar_feed,
        calls,
        checklists,
        complaints,
        contracts,
        customer_pages,
        customers,
        device_import,
        devices,
        dispatch,
        escalation,
        follow_ups,
        kpi,
        labels,
        loaners,
        notifications,
        organisation,
        parts,
        push_subscriptions,
        remote_sessions,
        reports,
        review,
        schedules,
        sites,
        stock,
        sync,
        systems,
        users,
        work_orders,
    )

    for blueprint, prefix in (
        (auth.blp, "/auth"),
        (organisation.blp, ""),
        (organisation.regions, "/regions"),
        (organisation.centres, "/centres"),
        (users.blp, "/users"),
        (customers.blp, "/customers"),
        (customers.contacts, "/contacts"),
        (sites.blp, "/sites"),
        (systems.blp, "/systems"),
        (devices.blp, "/devices"),
        (contracts.blp, "/contracts"),
        (parts.blp, "/parts"),
        (work_orders.blp, "/work-orders"),
        (attachments.blp, "/work-orders"),
        (loaners.blp, "/work-orders"),
        (loaners.loaners, "/loaners"),
        (blobs.blp, "/blobs"),
        (labels.blp, ""),
        (sync.blp, "/sync"),
        # The back office (/office): dispatch, review, reports, registry administration.
        (dispatch.blp, "/dispatch"),
        (review.blp, "/work-orders"),
        (reports.blp, "/work-orders"),
        (customer_pages.blp, "/work-orders"),
        (device_import.blp, "/devices"),
        (stock.locations, "/stock-locations"),
        (stock.blp, "/stock"),
        (checklists.blp, "/checklist-templates"),
        # Service quality: plans, follow-ups, complaints, KPIs (docs/kpis.md).
        (schedules.blp, "/scheduled-visits"),
        (follow_ups.blp, "/follow-ups"),
        (follow_ups.questions, "/survey-questions"),
        (complaints.blp, "/complaints"),
        (kpi.blp, "/kpi"),
        (kpi.reports, "/customers"),
        # The service desk: the hotline log, and each customer's calls.
        (calls.blp, "/calls"),
        (calls.customer_calls, "/customers"),
        (remote_sessions.blp, "/work-orders"),
        # The notification outbox (e-mails to customers and managers).
        (notifications.blp, "/notifications"),
        (push_subscriptions.blp, "/push-subscriptions"),
        # Each user's appointments as an iCalendar feed (/ics/<token>.ics).
        (calendar_feed.me, "/me"),
        (calendar_feed.admin, "/users"),
        # Missed deadlines explained and level-1 emergencies, and the board's lists of them.
        (escalation.blp, "/work-orders"),
        (escalation.board, "/dispatch"),
    ):
        api.register_blueprint(blueprint, url_prefix=f"/api/v1{prefix}")
    # Report links sent to customers: outside /api, so no token is asked for.
    api.register_blueprint(reports.public, url_prefix="/r")
