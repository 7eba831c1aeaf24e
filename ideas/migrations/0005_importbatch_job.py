# An import's state now lives in its jobs (alliance.Job): link each batch to the jobs
# already recorded for it, carry a failure's reason over, then drop the batch's own state.

import django.db.models.deletion
from django.db import migrations, models


def link_jobs(apps, schema_editor):
    ImportBatch = apps.get_model("ideas", "ImportBatch")
    Job = apps.get_model("alliance", "Job")
    for batch in ImportBatch.objects.all():
        for field, name in (("preview_job", "run_preview"), ("import_job", "run_import")):
            job = (
                Job.objects.filter(name=f"ideas.services.{name}", kwargs__batch_id=batch.pk)
                .order_by("-created_at")
                .first()
            )
            setattr(batch, field, job)
        job = batch.import_job or batch.preview_job
        if batch.state == "failed" and job is not None:
            job.state = "failed"
            job.last_error = batch.error
            job.save(update_fields=["state", "last_error"])
        batch.save(update_fields=["preview_job", "import_job"])


class Migration(migrations.Migration):

    dependencies = [
        ('alliance', '0003_job_heartbeat'),
        ('ideas', '0004_updated_at_for_harvesters'),
    ]

    operations = [
        migrations.AddField(
            model_name='importbatch',
            name='import_job',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='alliance.job'),
        ),
        migrations.AddField(
            model_name='importbatch',
            name='preview_job',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='alliance.job'),
        ),
        migrations.RunPython(link_jobs, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='importbatch',
            name='error',
        ),
        migrations.RemoveField(
            model_name='importbatch',
            name='finished_at',
        ),
        migrations.RemoveField(
            model_name='importbatch',
            name='started_at',
        ),
        migrations.RemoveField(
            model_name='importbatch',
            name='state',
        ),
    ]
