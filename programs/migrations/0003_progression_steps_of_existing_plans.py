from django.db import migrations
from django.utils import timezone


def fill_in(apps, schema_editor):
    """Plans assigned when the dose stepped up with the calendar keep today's dose: their steps
    are the weeks already completed. From now on a week's step is earned by the patient's response."""
    Plan = apps.get_model("programs", "Plan")
    ProgressionReview = apps.get_model("programs", "ProgressionReview")
    today = timezone.now().date()
    for plan in Plan.objects.all():
        weeks = max(0, (today - plan.starts_on).days // 7)
        plan.progression_steps = weeks
        plan.save(update_fields=["progression_steps"])
        if weeks:
            # The weeks already behind are not reviewed again.
            ProgressionReview.objects.create(
                plan=plan,
                kind="weekly",
                week_number=weeks,
                applied=True,
                steps_after=weeks,
                reason="The dose stepped up with the calendar until weekly reviews began.",
            )


class Migration(migrations.Migration):
    dependencies = [("programs", "0002_plan_paused_exercises_plan_progression_steps_and_more")]

    operations = [migrations.RunPython(fill_in, migrations.RunPython.noop)]
