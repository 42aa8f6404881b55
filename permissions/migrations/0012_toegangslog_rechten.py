"""The access log's guard is a matter of privileges, not of a session setting.

* No session setting opens the log any more (``kcc.retentie_tot`` and ``kcc.allow_truncate``
  are gone): UPDATE is refused to everyone, TRUNCATE to everyone but a superuser (a test
  database is emptied by its superuser between tests; no role of the application is one).
* DELETE only inside ``kcc_toegangslog_opschonen``, a SECURITY DEFINER function that runs as
  its owner (the retention role, ``manage.py toegangslog_rechten``), and only of rows older
  than the legal minimum term (``kcc_toegangslog_minimum_dagen``). The application's role
  may call it, not delete.
* The app's role gets SELECT and INSERT on the log and nothing else (the same command).
"""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION kcc_toegangslog_minimum_dagen() RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT 1825 $$;

CREATE OR REPLACE FUNCTION kcc_toegangslog_opschonen(p_tot timestamptz)
    RETURNS TABLE (aantal bigint, laatste_hash varchar)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    grens timestamptz := least(p_tot, now() - make_interval(days => kcc_toegangslog_minimum_dagen()));
    laatste_id bigint;
BEGIN
    SELECT t.id, t.hash INTO laatste_id, laatste_hash
      FROM permissions_toegangslog t WHERE t.tijdstip < grens ORDER BY t.id DESC LIMIT 1;
    IF laatste_id IS NULL THEN
        aantal := 0;
        RETURN NEXT;
        RETURN;
    END IF;
    DELETE FROM permissions_toegangslog t WHERE t.tijdstip < grens AND t.id <= laatste_id;
    GET DIAGNOSTICS aantal = ROW_COUNT;
    RETURN NEXT;
END;
$$;
REVOKE ALL ON FUNCTION kcc_toegangslog_opschonen(timestamptz) FROM PUBLIC;

CREATE OR REPLACE FUNCTION kcc_toegangslog_append_only() RETURNS trigger AS $$
BEGIN
    -- Retention: only inside kcc_toegangslog_opschonen (running as its owner), only rows
    -- past the legal minimum term.
    IF TG_OP = 'DELETE'
       AND current_user = (SELECT pg_get_userbyid(p.proowner) FROM pg_proc p
                            WHERE p.oid = 'kcc_toegangslog_opschonen(timestamptz)'::regprocedure)
       AND OLD.tijdstip < now() - make_interval(days => kcc_toegangslog_minimum_dagen()) THEN
        RETURN OLD;
    END IF;
    -- A test database is emptied between tests by its superuser.
    IF TG_OP = 'TRUNCATE' AND (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'toegangslog is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql SET search_path = pg_catalog, public;
"""

REVERSE = """
DROP FUNCTION IF EXISTS kcc_toegangslog_opschonen(timestamptz);
DROP FUNCTION IF EXISTS kcc_toegangslog_minimum_dagen();
"""


class Migration(migrations.Migration):
    dependencies = [("permissions", "0011_toegangslog_doorzocht")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
