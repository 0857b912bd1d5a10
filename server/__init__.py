"""Aftercare: the Flask application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from server.config import Config


def create_app(config: type[Config] | dict[str, Any] | None = None) -> Flask:
    """Build the app: config, extensions, the API blueprints, the webapp and CLI commands."""
    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent.parent / "instance"))
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    from server.config import INSECURE_SECRET_KEY, engine_options

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)

    if not app.config.get("TESTING") and app.config.get("SECRET_KEY") in (
        None,
        "",
        INSECURE_SECRET_KEY,
    ):
        raise RuntimeError(
            "No SECRET_KEY: set the SECRET_KEY environment variable (the same on every "
            "server), or run `make run` once, which writes a random one to instance/secret_key."
        )
    if app.config.get("PROXY_FIX_X_FOR"):
        # Behind a reverse proxy: take the client's address from X-Forwarded-For (the
        # public report page rate-limits per client IP).
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app,
            x_for=app.config["PROXY_FIX_X_FOR"],
            x_proto=app.config["PROXY_FIX_X_FOR"],
        )

    from server import models  # noqa: F401  (register every table with the metadata)
    from server.extensions import api, db, migrate, write_sqlite_hints
    from server.notify.hooks import install as install_outbox
    from server.sync.versioning import install as install_versioning
    from server.transaction_end import install as install_transaction_end
    from server.unit_of_work import install as install_outcomes

    db.init_app(app)
    with app.app_context():
        for engine in db.engines.values():
            write_sqlite_hints(engine)
    install_versioning()
    install_outcomes()
    install_outbox()
    install_transaction_end(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    api.init_app(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.options["security"] = [{"bearerAuth": []}]

    from server.api import register_api

    register_api(api)

    from server.api.sync import snapshot_first_for_pulls
    from server.auth import init_auth
    from server.headers import init_headers
    from server.limits import init_limits

    init_limits(app)
    app.before_request(snapshot_first_for_pulls)  # before the token lookup reads
    init_auth(app)
    init_headers(app)

    from server.api_docs import bp as api_docs_bp
    from server.public import bp as public_bp
    from server.webapp import bp as webapp_bp

    app.register_blueprint(api_docs_bp)
    # Before the webapp: its catch-all route would otherwise serve /d/<token>.
    app.register_blueprint(public_bp)
    app.register_blueprint(webapp_bp)

    from server.cli import register_commands

    register_commands(app)
    return app
