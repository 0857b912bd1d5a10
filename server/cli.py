"""Command line: ``aftercare migrate | demo | add-user | schedule | notify | recompute |
cleanup``
(and every ``flask`` command)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup
from flask_migrate import upgrade
from sqlalchemy import select

from server.models import ROLES, Centre, User


def register_commands(app: Flask) -> None:
    @app.cli.command("migrate")
    def migrate_command() -> None:
        """Create or upgrade the database schema to the newest migration."""
        upgrade()
        click.echo("Database schema is up to date.")

    @app.cli.command("demo")
    @click.option("--if-empty", is_flag=True, help="Do nothing when users already exist.")
    def demo_command(if_empty: bool) -> None:
        """Load the demo data (customers, systems, devices, contracts, work orders)."""
        from server.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
        from server.extensions import db

        if if_empty and db.session.scalar(select(User).limit(1)) is not None:
            click.echo("Database has data; demo not loaded.")
        else:
            counts = load_demo()
            click.echo("Demo data loaded: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        click.echo(f"Demo logins (password: {DEMO_PASSWORD}): {', '.join(DEMO_USERS)}")

    @app.cli.command("schedule")
    def schedule_command() -> None:
        """Plan inspections, follow-ups and surveys up to the horizon and register their work
        orders. Idempotent: safe to run from cron every few minutes."""
        from server.jobs import run_schedule

        counts = run_schedule()
        made = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "nothing new"
        click.echo(f"Schedule: {made}.")

    @app.cli.command("notify")
    def notify_command() -> None:
        """Send the notifications that are due (e-mails; retries after failures). Also run
        by `schedule`; safe to run at the same time as another worker."""
        from server.notify.worker import run_notify, summary

        click.echo(f"Notifications: {summary(run_notify())}.")

    @app.cli.command("recompute")
    def recompute_command() -> None:
        """Rewrite every work order's stored SLA outcomes and warranty facts (the KPIs read
        them): after changing a contract's SLA settings, or once on an existing database."""
        from server.jobs import recompute_outcomes

        click.echo(f"Recomputed {recompute_outcomes()} work orders.")

    @app.cli.command("cleanup")
    def cleanup_command() -> None:
        """Remove partial uploads left alone for CLEANUP_UPLOAD_DAYS and blobs no record
        shows after CLEANUP_BLOB_DAYS (also run by `schedule`). Safe to run any time."""
        from server.jobs import run_cleanup

        removed = run_cleanup()
        click.echo(
            f"Cleanup: {removed['uploads']} abandoned uploads, "
            f"{removed['blobs']} unreferenced blobs removed."
        )

    @app.cli.command("sync-versions")
    def sync_versions_command() -> None:
        """After restoring a PostgreSQL dump into another cluster: keep new row versions
        above every stored one (its transaction ids may start lower). Safe to run twice."""
        from server.extensions import db
        from server.sync.versioning import raise_offset
        from server.unit_of_work import committed

        with committed():
            offset = raise_offset(db.session)
        click.echo(f"Row versions continue above the stored ones (offset {offset}).")

    @app.cli.command("vectors")
    def vectors_command() -> None:
        """Write tests/vectors/work_order_flow.json from server/domain/work_order_flow.py
        (the phone and the office read it; a test keeps the two equal)."""
        import json

        from server.domain.work_order_flow import flow_spec

        path = Path(app.root_path).parent / "tests" / "vectors" / "work_order_flow.json"
        path.write_text(json.dumps(flow_spec(), ensure_ascii=False, indent=2) + "\n")
        click.echo(f"Wrote {path}.")

    @app.cli.command("add-user")
    @click.argument("username")
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--name", "display_name", default=None, help="Display name.")
    @click.option("--centre", default=None, help="Service centre name (engineers).")
    @click.password_option()
    def add_user_command(
        username: str, role: str, display_name: str | None, centre: str | None, password: str
    ) -> None:
        """Add a user who can log in."""
        from server.errors import AppError
        from server.extensions import db
        from server.services.registry import save
        from server.unit_of_work import committed

        centre_id = None
        if centre:
            row = db.session.scalar(select(Centre).filter_by(name=centre))
            if row is None:
                raise click.BadParameter(f"no centre named {centre}", param_hint="--centre")
            centre_id = row.id
        try:
            with committed():
                save(
                    User,
                    {
                        "username": username,
                        "display_name": display_name or username,
                        "role": role,
                        "password": password,
                        "centre_id": centre_id,
                    },
                )
        except AppError as exc:
            raise click.ClickException(f"{exc.description} {exc.errors or ''}") from None
        click.echo(f"User {username} ({role}) added.")


def _create_app() -> Flask:
    from server import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def cli() -> None:
    """Aftercare administration."""


def main() -> None:
    cli()
