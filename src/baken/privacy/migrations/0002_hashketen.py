"""Hash-chain the audit log: volgnummer, vorige_hash and hash per entry, and the chain head.

Entries that already exist are chained in the order they were written (by primary key), with
their stored tijdstip, so `audit_verify` checks them like every later entry.
"""

from django.db import migrations, models

from baken.privacy.hashketen import GENESIS_HASH, regelhash

VELDEN = (
    "pk", "tijdstip", "actor_id", "actie", "object_type", "object_id", "resultaat", "doel",
    "herkomst", "trace_id", "details",
)


def bestaande_regels_aanhaken(apps, schema_editor):
    db = schema_editor.connection.alias
    Auditregel = apps.get_model("privacy", "Auditregel")
    Auditketen = apps.get_model("privacy", "Auditketen")
    volgnummer, vorige = 0, GENESIS_HASH
    # Historical models have no custom save() or queryset guards; `filter().update()` is
    # allowed here. One update per row: a migration on a young log, not a hot path.
    for rij in Auditregel.objects.using(db).order_by("pk").values(*VELDEN).iterator(2000):
        volgnummer += 1
        inhoud = {**rij, "volgnummer": volgnummer, "vorige_hash": vorige}
        vorige_hash, vorige = vorige, regelhash(inhoud)
        Auditregel.objects.using(db).filter(pk=rij["pk"]).update(
            volgnummer=volgnummer, vorige_hash=vorige_hash, hash=vorige
        )
    Auditketen.objects.using(db).create(id=1, laatste_volgnummer=volgnummer, laatste_hash=vorige)


class Migration(migrations.Migration):

    dependencies = [
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Auditketen",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("laatste_volgnummer", models.PositiveBigIntegerField(default=0)),
                ("laatste_hash", models.CharField(default="0000000000000000000000000000000000000000000000000000000000000000", max_length=64)),
            ],
            options={
                "verbose_name": "auditketen",
                "verbose_name_plural": "auditketen",
                "constraints": [models.CheckConstraint(condition=models.Q(("id", 1)), name="auditketen_een_rij")],
            },
        ),
        migrations.AlterField(
            model_name="auditregel",
            name="tijdstip",
            field=models.DateTimeField(db_index=True, editable=False),
        ),
        migrations.AddField(
            model_name="auditregel",
            name="volgnummer",
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="auditregel",
            name="vorige_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditregel",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(bestaande_regels_aanhaken, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditregel",
            name="volgnummer",
            field=models.PositiveBigIntegerField(editable=False, unique=True),
        ),
    ]
