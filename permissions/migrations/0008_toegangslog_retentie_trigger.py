from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION kcc_toegangslog_append_only() RETURNS trigger AS $$
BEGIN
    -- Only a test database, whose connections set kcc.allow_truncate, may be emptied.
    IF TG_OP = 'TRUNCATE' AND current_setting('kcc.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    -- Retention: the transaction names a cut-off time (SET LOCAL kcc.retentie_tot) and only
    -- rows older than that may go; the removal itself is logged by the application.
    IF TG_OP = 'DELETE' AND coalesce(current_setting('kcc.retentie_tot', true), '') <> ''
       AND OLD.tijdstip < current_setting('kcc.retentie_tot')::timestamptz THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'toegangslog is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("permissions", "0007_toegangslog_bewaartermijn")]

    operations = [migrations.RunSQL(SQL, migrations.RunSQL.noop)]
