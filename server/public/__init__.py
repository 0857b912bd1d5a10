"""Public pages, outside /api and without login: what a customer's phone camera opens
from a device's QR label (/d/<token>), and the fault report it sends; the progress page
of a work order (/t/<token>), its service report and the survey answered on it; an
engineer's calendar feed (/ics/<token>.ics) for his phone's own calendar app.

Server-rendered HTML (Jinja) with our own small stylesheet, nothing from a CDN, so it
loads fast on any phone. Chinese by default; English by ?lang=en or the browser's
language. Errors answer in HTML to browsers and in the JSON error shape otherwise.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from server.api.reports import pdf_response
from server.api.schemas.public import FaultReportSchema, SurveyFormSchema
from server.errors import Conflict, NotFound, error_body
from server.services import calendar_feed, progress, public_reports
from server.services.blobs import BlobRefused
from server.services.organisation import organisation_settings
from server.services.reports import local_time
from server.unit_of_work import committed

from .texts import LOCALES, TEXTS

bp = Blueprint(
    "public",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/d/assets",
)

#: The page may load only its own stylesheet and post only to itself.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def _locale() -> str:
    asked = request.args.get("lang") or request.form.get("lang")
    if asked in LOCALES:
        return asked
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"], default="zh-CN")
    return "en" if best == "en" else "zh-CN"


def _render(template: str, status: int = 200, **context: Any) -> Response:
    locale = _locale()
    texts = TEXTS[locale]

    def t(key: str, **values: Any) -> str:
        return texts[key].format(**values)

    other_locale = "en" if locale == "zh-CN" else "zh-CN"
    token = (request.view_args or {}).get("token")
    # The same page in the other language (a form's page: the page the form is on).
    page = "public.progress_page" if request.path.startswith("/t/") else "public.device_page"
    organisation = organisation_settings()
    html = render_template(
        template,
        t=t,
        locale=locale,
        local_time=local_time,
        other_locale=other_locale,
        switch_url=url_for(page, token=token, lang=other_locale) if token else None,
        company_name=organisation.company_name,
        hotline=organisation.hotline,
        max_mb=current_app.config["BLOB_MAX_BYTES"] // (1024 * 1024),
        **context,
    )
    return Response(html, status=status, mimetype="text/html")


@bp.after_request
def _headers(response: Response) -> Response:
    if request.blueprint == "public":
        response.headers["Content-Security-Policy"] = CSP
        # The token is in the URL: never send it to another site.
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        if not request.path.startswith("/d/assets/"):
            response.headers["Cache-Control"] = "no-store"
    return response


def _wants_html() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "text/html"


@bp.errorhandler(HTTPException)
def _error(error: HTTPException):
    if not _wants_html():
        return error_body(error)
    titles = {
        404: ("notFoundTitle", "notFoundBody"),
        413: ("errorTitle", "error.photoTooLarge"),
        429: ("tooManyTitle", "tooManyBody"),
    }
    if error.code == 404 and request.path.startswith("/t/"):
        titles[404] = ("progressNotFoundTitle", "progressNotFoundBody")
    title, body = titles.get(error.code or 500, ("errorTitle", "errorBody"))
    response = _render("public/message.html", error.code or 500, title=title, body=body)
    for name, value in ((getattr(error, "data", None) or {}).get("headers") or {}).items():
        response.headers[name] = value
    return response


@bp.before_request
def _limit_body() -> None:
    # A report is a few lines and one photo: refuse anything much larger before parsing.
    request.max_content_length = current_app.config["BLOB_MAX_BYTES"] + 256 * 1024


@bp.get("/d/<token>")
def device_page(token: str):
    device = public_reports.device_by_token(token)
    return _render(
        "public/device.html",
        device=public_reports.public_view(device),
        token=token,
        form={},
        errors=[],
    )


@bp.post("/d/<token>")
def report_fault(token: str):
    device = public_reports.device_by_token(token)
    public_reports.check_rate(device, request.remote_addr or "")
    form = {key: value.strip() for key, value in request.form.items()}
    errors: list[str] = []
    try:
        report = FaultReportSchema().load(form)
    except ValidationError as exc:
        errors = [f"error.{name}" for name in FaultReportSchema().fields if name in exc.messages]
        report = None
    photo = _photo()
    if photo is False:
        errors.append("error.photoTooLarge")
    if report is not None and not errors:
        try:
            with committed():
                received = public_reports.report_fault(
                    device, report, photo or None, request.remote_addr or ""
                )
        except BlobRefused as exc:  # on a form, a refused photo is a field error
            errors.append("error.photoTooLarge" if exc.code == 413 else "error.photo")
        else:
            return _render(
                "public/thanks.html",
                201,
                number=received.work_order.number,
                joined=received.joined,
                progress_token=received.link.token,
            )
    return _render(
        "public/device.html",
        422,
        device=public_reports.public_view(device),
        token=token,
        form=form,
        errors=errors,
    )


def _photo() -> bytes | None | bool:
    """The uploaded photo's bytes, None without one, False when it is too large."""
    upload = request.files.get("photo")
    if upload is None or not upload.filename:
        return None
    limit = current_app.config["BLOB_MAX_BYTES"]
    data = upload.stream.read(limit + 1)
    return False if len(data) > limit else data or None


@bp.get("/t/<token>")
def progress_page(token: str):
    _, wo = progress.work_order_by_token(token)
    return _progress(wo, token)


def _progress(wo, token: str, status: int = 200, errors: list[str] | None = None, **extra: Any):
    return _render(
        "public/progress.html",
        status,
        order=progress.page_view(wo),
        token=token,
        errors=errors or [],
        form=extra.pop("form", {}),
        **extra,
    )


@bp.get("/t/<token>/report.pdf")
def progress_report(token: str):
    """The service (or inspection) report of a resolved order, to save."""
    _, wo = progress.work_order_by_token(token)
    if not progress.is_done(wo):
        raise NotFound("No report yet.", key="errors.public.noReportYet")
    return pdf_response(wo, progress.report_kind(wo), "attachment")


@bp.post("/t/<token>/survey")
def answer_survey(token: str):
    link, wo = progress.work_order_by_token(token)
    progress.check_rate(link, request.remote_addr or "")
    form = {key: value.strip() for key, value in request.form.items()}
    scores = {
        key.removeprefix("score."): value
        for key, value in form.items()
        if key.startswith("score.") and value
    }
    try:
        answers = SurveyFormSchema().load({**form, "scores": scores})
    except ValidationError:
        return _progress(wo, token, 422, errors=["error.survey"], form=form)
    if not answers["scores"]:
        return _progress(wo, token, 422, errors=["error.surveyEmpty"], form=form)
    try:
        with committed():
            progress.record_survey(link, answers, request.remote_addr or "")
    except Conflict:  # answered meanwhile, or not done yet: the page says which
        return _progress(wo, token, 409)
    return _progress(wo, token, 201, thanked=True)


@bp.get("/ics/<token>.ics")
def calendar(token: str):
    """The user's open appointments as iCalendar (server.services.calendar_feed)."""
    feed = calendar_feed.feed_by_token(token)
    with committed():  # the rate limit's hit
        calendar_feed.check_rate(feed, request.remote_addr or "")
    body = calendar_feed.build_ics(feed.user)
    return Response(body, mimetype="text/calendar", headers={"Content-Disposition": "inline"})
