from django.db import migrations, models
from django.db.models import Count, Max


def acknowledge_duplicate_open_alerts(apps, schema_editor):
    """Before the constraint: where a race left two open alerts of the same kind and region for a
    patient, keep the newest open and mark the older ones acknowledged (by nobody)."""
    PatientAlert = apps.get_model("alerts", "PatientAlert")
    duplicates = (
        PatientAlert.objects.filter(acknowledged_at__isnull=True)
        .values("patient_id", "kind", "region")
        .annotate(n=Count("id"), newest=Max("id"))
        .filter(n__gt=1)
    )
    for group in duplicates:
        older = PatientAlert.objects.filter(
            patient_id=group["patient_id"],
            kind=group["kind"],
            region=group["region"],
            acknowledged_at__isnull=True,
        ).exclude(pk=group["newest"])
        for alert in older:
            alert.acknowledged_at = alert.created_at
            alert.save(update_fields=["acknowledged_at"])


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [
        migrations.RunPython(acknowledge_duplicate_open_alerts, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="patientalert",
            constraint=models.UniqueConstraint(
                condition=models.Q(("acknowledged_at__isnull", True)),
                fields=("patient", "kind", "region"),
                name="one_open_alert_per_kind_and_region",
            ),
        ),
    ]
