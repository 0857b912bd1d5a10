"""Flask extensions, created unbound and initialised in the app factory."""

from apispec.ext.marshmallow import MarshmallowPlugin, resolver
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData, event
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from server.api.schemas.errors import ErrorSchema
from server.errors import error_body

# Stable constraint names so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class AftercareApi(Api):
    """flask-smorest's Api with our one error shape for every HTTP error."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):  # noqa: D102 - see class docstring
        return error_body(error)


def _schema_name(schema) -> str | None:
    """Partial (PATCH) variants are inlined instead of named twice in the spec."""
    if getattr(schema, "partial", False):
        return None
    return resolver(schema)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(compare_type=True, render_as_batch=True)
api = AftercareApi(
    spec_kwargs={"marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=_schema_name)}
)


#: How long a SQLite connection waits for another's write to finish before "database is
#: locked": the threads of `make run`'s workers write to one file.
SQLITE_BUSY_TIMEOUT_MS = 30_000


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record) -> None:
    """SQLite checks foreign keys only when asked, per connection; PostgreSQL always does.
    A file database also runs in WAL mode (readers do not block the writer) and waits for
    a busy writer instead of failing at once."""
    if type(dbapi_connection).__module__ == "sqlite3":
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if cursor.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


class _SQLiteHintCompiler(SQLiteCompiler):
    """SQLAlchemy's SQLite compiler leaves table hints out; this one writes them, so a
    query can name the index SQLite must use (``INDEXED BY``, sqlite.org/lang_indexedby)."""

    def get_from_hint_text(self, table, text):  # noqa: ANN001, ANN201 (SQLAlchemy's signature)
        return text


def write_sqlite_hints(engine: Engine) -> None:
    """Let ``with_hint(..., "sqlite")`` reach a SQLite engine's SQL (no other dialect)."""
    if engine.dialect.name == "sqlite":
        engine.dialect.statement_compiler = _SQLiteHintCompiler
