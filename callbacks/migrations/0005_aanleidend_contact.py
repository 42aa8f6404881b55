"""Every callback request has the contact it came from (the Klantinteracties API's
``aanleidinggevendKlantcontact`` is required by the standard, and ITA reads it for every task
on its overview). The product always recorded one; requests loaded before that (and the
demo's generated ones) get the incoming call now: the subject, the question as written, the
time the request was made and the colleague who made it, result "terugbelverzoek".

``aanvullen`` is also called by the demo loader after its bulk load."""

from django.db import migrations

SQL = """
DROP TABLE IF EXISTS pg_temp.kcc_aanleiding;

CREATE TEMP TABLE kcc_aanleiding ON COMMIT DROP AS
SELECT t.id AS tbv_id,
       nextval(pg_get_serial_sequence('{cm}', 'id')) AS cm_id,
       t.partij_id, t.onderwerp_id, t.vraag, t.aangemaakt, t.aangemaakt_door_id,
       m.afdeling_id
  FROM {tbv} t LEFT JOIN {mw} m ON m.id = t.aangemaakt_door_id
 WHERE t.contactmoment_id IS NULL;

INSERT INTO {cm} (id, partij_id, kanaal_id, tolkcontact, richting, tijdstip, medewerker_id,
                  afdeling_id, onderwerp_id, onderwerp_tekst, vraag, antwoord, resultaat,
                  klantreis, afzender, legitimatie_gezien, geregistreerd)
SELECT a.cm_id, a.partij_id, %(kanaal)s, false, 'in', a.aangemaakt, a.aangemaakt_door_id,
       a.afdeling_id, a.onderwerp_id, '', a.vraag, '', 'terugbelverzoek',
       gen_random_uuid(), '', false, a.aangemaakt
  FROM kcc_aanleiding a;

UPDATE {tbv} t SET contactmoment_id = a.cm_id FROM kcc_aanleiding a WHERE t.id = a.tbv_id;

DROP TABLE kcc_aanleiding
"""


def aanvullen(apps, schema_editor=None) -> int:
    """Records the incoming contact of every callback request without one. Returns how many."""
    from django.db import connection, transaction  # the migration's own connection

    Terugbelverzoek = apps.get_model("callbacks", "Terugbelverzoek")
    Contactmoment = apps.get_model("contacts", "Contactmoment")
    Kanaal = apps.get_model("contacts", "Kanaal")
    Medewerker = apps.get_model("permissions", "Medewerker")
    if not Terugbelverzoek.objects.filter(contactmoment__isnull=True).exists():
        return 0
    kanaal = (
        Kanaal.objects.filter(code="telefoon").first()
        or Kanaal.objects.order_by("volgorde", "id").first()
    )
    if kanaal is None:
        return 0
    sql = SQL.format(
        cm=Contactmoment._meta.db_table,
        tbv=Terugbelverzoek._meta.db_table,
        mw=Medewerker._meta.db_table,
    )
    with transaction.atomic(), connection.cursor() as cursor:
        aantal = 0
        for deel in [d for d in sql.split(";") if d.strip()]:
            cursor.execute(deel, {"kanaal": kanaal.id} if "%(kanaal)s" in deel else None)
            if deel.strip().startswith("UPDATE"):
                aantal = cursor.rowcount
        return aantal


class Migration(migrations.Migration):
    dependencies = [
        ("callbacks", "0004_sluitingsdagen"),
        ("contacts", "0014_klantreis_wijziging"),
        ("permissions", "0018_toegangslog_handelsregister"),
    ]

    operations = [migrations.RunPython(aanvullen, migrations.RunPython.noop, elidable=True)]
