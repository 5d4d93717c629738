from django.db import migrations


def fill_in(apps, schema_editor):
    """Patients onboarded before each step was saved on its own: their round is done, their
    screening was of the set they answered, and they were asked about back, hip and knee (the
    only regions then). A patient who had not started starts at the questions."""
    Patient = apps.get_model("patients", "Patient")
    Screening = apps.get_model("onboarding", "Screening")
    latest = {}
    for screening in Screening.objects.order_by("created_at", "id"):
        latest[screening.patient_id] = screening.questions_version
    patients = list(Patient.objects.all())
    for patient in patients:
        started = patient.onboarding_state != "not_started"
        patient.onboarding_step = "done" if started else "screening"
        patient.screening_version = latest.get(patient.pk, "")
        if started and not patient.monitored_regions:
            patient.monitored_regions = ["back", "hip", "knee"]
    Patient.objects.bulk_update(
        patients, ["onboarding_step", "screening_version", "monitored_regions"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0005_patient_monitored_regions_patient_onboarding_step_and_more"),
        ("onboarding", "0002_clearance_assessed_confirmed_screening_regions_and_more"),
    ]

    operations = [migrations.RunPython(fill_in, migrations.RunPython.noop)]
