"""Keep the extractor's reading on the proposals made before it was kept.

Still-proposed stances: their reading is the extractor's. Reviewed ones: the last historical row
of the stance while it was a proposal holds the reading the reviewer saw. Reversible (the
fields are cleared).
"""

from django.db import migrations


def backfill(apps, schema_editor):
    Stance = apps.get_model("positions", "Stance")
    History = apps.get_model("positions", "HistoricalStance")
    extracted = Stance.objects.filter(origin="extracted", proposed_position="")
    for stance in extracted.filter(status="proposed").iterator():
        stance.proposed_position = stance.position
        stance.proposed_provision_id = stance.provision_id
        stance.save(update_fields=["proposed_position", "proposed_provision"])
    for stance in extracted.exclude(status="proposed").iterator():
        last = (
            History.objects.filter(id=stance.pk, status="proposed")
            .order_by("-history_date", "-history_id")
            .values_list("position", "provision_id")
            .first()
        )
        position, provision_id = last or (stance.position, stance.provision_id)
        stance.proposed_position = position
        stance.proposed_provision_id = provision_id
        stance.save(update_fields=["proposed_position", "proposed_provision"])


def clear(apps, schema_editor):
    apps.get_model("positions", "Stance").objects.update(
        proposed_position="", proposed_provision=None
    )


class Migration(migrations.Migration):
    dependencies = [("positions", "0008_extractor_models_and_proposal_reading")]

    operations = [migrations.RunPython(backfill, clear)]
