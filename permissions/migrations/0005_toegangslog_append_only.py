from django.db import migrations

SQL = """
CREATE FUNCTION kcc_toegangslog_append_only() RETURNS trigger AS $$
BEGIN
    -- Only a test database, whose connections set kcc.allow_truncate, may be emptied.
    IF TG_OP = 'TRUNCATE' AND current_setting('kcc.allow_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'toegangslog is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER toegangslog_no_update_delete
    BEFORE UPDATE OR DELETE ON permissions_toegangslog
    FOR EACH ROW EXECUTE FUNCTION kcc_toegangslog_append_only();

CREATE TRIGGER toegangslog_no_truncate
    BEFORE TRUNCATE ON permissions_toegangslog
    FOR EACH STATEMENT EXECUTE FUNCTION kcc_toegangslog_append_only();
"""

REVERSE = """
DROP TRIGGER toegangslog_no_truncate ON permissions_toegangslog;
DROP TRIGGER toegangslog_no_update_delete ON permissions_toegangslog;
DROP FUNCTION kcc_toegangslog_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("permissions", "0004_toegangslog")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
