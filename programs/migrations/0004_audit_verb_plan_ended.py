"""Ending a plan was audited as "plan.endd" (the verb was built by adding "d" to the action). The
rows say what happened and when; only the misspelt verb is corrected, so that a search for
"plan.ended" finds every ended plan."""

from django.db import migrations


def correct(apps, schema_editor):  # type: ignore[no-untyped-def]
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditEvent.objects.filter(verb="plan.endd").update(verb="plan.ended")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("programs", "0003_progression_steps_of_existing_plans"),
    ]

    operations = [migrations.RunPython(correct, migrations.RunPython.noop)]
