"""``manage.py toegangslog_rechten --app-rol kcc_app --bewaar-rol kcc_bewaar [--minimum-dagen N]``

Run by the database owner (the role that runs ``migrate``), after every migrate. Gives the
application's role what it needs and no more:

* every table: SELECT, INSERT, UPDATE, DELETE (also tables later migrations make);
* the access log: SELECT and INSERT only — no UPDATE, DELETE or TRUNCATE;
* the retention function: EXECUTE. The function runs as the retention role, which alone may
  delete log rows, and the trigger lets it delete only rows past the legal minimum term.

The owner must be a member of the retention role (``GRANT kcc_bewaar TO kcc_eigenaar``) to
hand the function over. Idempotent.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from permissions.models import Toegangslog

FUNCTIE = "kcc_toegangslog_opschonen(timestamptz)"


class Command(BaseCommand):
    help = "Grants the app's database role its privileges; the access log only SELECT/INSERT."

    def add_arguments(self, parser):
        parser.add_argument("--app-rol", required=True, help="the role the application uses")
        parser.add_argument(
            "--bewaar-rol", required=True, help="the role that owns the retention function"
        )
        parser.add_argument(
            "--minimum-dagen",
            type=int,
            help="the legal minimum term in days below which no log row is ever removed",
        )

    def handle(self, *args, app_rol, bewaar_rol, minimum_dagen, **options):
        q = connection.ops.quote_name
        log = q(Toegangslog._meta.db_table)
        with connection.cursor() as cursor:
            for rol in (app_rol, bewaar_rol):
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [rol])
                if cursor.fetchone() is None:
                    raise CommandError(f"Role {rol} does not exist: create it first.")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app_rol])
            if cursor.fetchone()[0]:
                raise CommandError(f"{app_rol} is a superuser: the log cannot be guarded from it.")
        app, bewaar = q(app_rol), q(bewaar_rol)
        statements = [
            # nobody but the owner makes objects in the schema (PostgreSQL before 15 let anyone)
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            f"GRANT USAGE ON SCHEMA public TO {app}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}",
            f"REVOKE ALL ON {log} FROM {app}",
            f"REVOKE ALL ON {log} FROM PUBLIC",
            f"GRANT SELECT, INSERT ON {log} TO {app}",
            f"GRANT USAGE ON SCHEMA public TO {bewaar}",
            f"GRANT SELECT, DELETE ON {log} TO {bewaar}",
            f"ALTER FUNCTION {FUNCTIE} OWNER TO {bewaar}",
            f"REVOKE ALL ON FUNCTION {FUNCTIE} FROM PUBLIC",
            f"GRANT EXECUTE ON FUNCTION {FUNCTIE} TO {app}",
        ]
        if minimum_dagen is not None:
            if minimum_dagen < 1:
                raise CommandError("--minimum-dagen must be at least 1.")
            statements.insert(
                0,
                "CREATE OR REPLACE FUNCTION kcc_toegangslog_minimum_dagen() RETURNS integer "
                f"LANGUAGE sql IMMUTABLE AS $$ SELECT {int(minimum_dagen)} $$",
            )
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        self.stdout.write(
            f"{app_rol}: all tables, the access log only SELECT and INSERT; "
            f"{bewaar_rol} owns the retention function."
        )
