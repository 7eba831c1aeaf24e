"""Applying an import: counts, re-import, themes, failure midway, the command, the job."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, connection

from alliance import jobs
from alliance.models import Job, Theme
from ideas import importer
from ideas.imports import apply_import
from ideas.models import Idea, ImportBatch, Like
from ideas.services import import_file
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "Identifiant;Titre;Description;Auteur;Thème;J'aime;Commentaires;Date;Statut"
FILE = (
    HEADER
    + "\nC1;Vélo-école;Apprendre le vélo;Anne;Mobilité;12;3;07/02/2023 10:00;retenue"
    + "\nC2;Compost;Composteur partagé;Bob;déchets;4;0;07/02/2023;"
    + "\nC3;;Sans titre;Chloé;;;;;"
    + "\nC1;Vélo-école bis;Doublon;Anne;Mobilité;1;0;07/02/2023;"
    + "\n;Tiers-lieu;Un lieu;Dan;Tiers lieux;x;;31/02/2023;"
    + "\n;Tiers-lieu;Un lieu;Dan;Tiers lieux;;;;"
    + "\n;Énergie solaire;<script>alert(1)</script>;Eve;Climat;;;2023-02-07T11:00:00;"
)


@pytest.fixture
def space():
    for name in ["Mobilité", "Déchets", "Tiers-lieux", "Énergie"]:
        factories.ThemeFactory(name=name, slug=name.lower().replace("é", "e"))
    return factories.IdeaSpaceFactory(name="Réunion de lancement")


def run(space, data: str | bytes, *, dry_run=False, **kwargs):
    raw = data.encode() if isinstance(data, str) else data
    return import_file(space, raw, filename="f.csv", dry_run=dry_run, **kwargs)


def assert_accounted(report):
    assert report["read"] == (
        report["new"] + report["updated"] + report["rejected"] + report["duplicates"]
    )


def test_dry_run_counts_every_row_and_writes_nothing(space):
    report = run(space, FILE, dry_run=True)
    assert (report["read"], report["new"], report["rejected"], report["duplicates"]) == (
        7,
        4,
        1,
        2,
    )
    assert_accounted(report)
    assert report["rejections"] == [{"line": 4, "reason": "titre manquant"}]
    assert {d["line"] for d in report["duplicate_lines"]} == {5, 7}
    assert [t["label"] for t in report["unknown_themes"]] == ["Climat"]
    assert report["sample"][0]["title"] == "Vélo-école"
    assert {w["line"] for w in report["warnings"]} == {6}
    assert Idea.objects.count() == 0


def test_import_writes_ideas_with_themes_counts_and_source(space):
    report = run(space, FILE)
    assert report["new"] == 4
    velo = Idea.objects.get(source_id="C1")
    assert velo.source == Idea.Source.IMPORT
    assert velo.author_id is None and velo.author_name == "Anne"
    assert (velo.imported_likes, velo.imported_comments, velo.status) == (12, 3, "retenue")
    assert [t.name for t in velo.themes.all()] == ["Mobilité"]
    assert velo.created_at.isoformat() == "2023-02-07T09:00:00+00:00"
    compost = Idea.objects.get(source_id="C2")
    assert [t.name for t in compost.themes.all()] == ["Déchets"]  # case and accents ignored
    solar = Idea.objects.get(title="Énergie solaire")
    assert solar.source_theme == "Climat" and not solar.themes.exists()
    assert not Theme.objects.filter(name="Climat").exists()


def test_reimporting_the_same_file_creates_nothing_new(space):
    run(space, FILE)
    before = Idea.objects.count()
    report = run(space, FILE)
    assert Idea.objects.count() == before
    assert report["new"] == 0
    assert report["updated"] == report["unchanged"] == 4
    assert_accounted(report)


def test_changed_rows_are_updated_by_source_id_or_by_hash(space):
    run(space, FILE)
    changed = FILE.replace("Apprendre le vélo", "Apprendre le vélo en famille").replace(
        "Un lieu;Dan;Tiers lieux;x", "Un lieu ouvert;Dan;Tiers lieux;x"
    )
    report = run(space, changed)
    assert (report["new"], report["updated"], report["unchanged"]) == (0, 4, 2)
    assert Idea.objects.get(source_id="C1").body == "Apprendre le vélo en famille"
    assert Idea.objects.get(title="Tiers-lieu").body == "Un lieu ouvert"


def test_create_themes_creates_unknown_labels(space):
    report = run(space, FILE, create_themes=True)
    assert report["created_themes"] == ["Climat"]
    solar = Idea.objects.get(title="Énergie solaire")
    assert [t.name for t in solar.themes.all()] == ["Climat"]


def refuse_boom():
    """A database trigger that refuses any idea titled BOOM (a real constraint, no mock)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_boom() RETURNS trigger AS $$ BEGIN "
                "IF NEW.title = 'BOOM' THEN RAISE EXCEPTION 'refused' USING ERRCODE = "
                "'check_violation'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON ideas_idea "
                "FOR EACH ROW EXECUTE FUNCTION refuse_boom()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_boom BEFORE INSERT ON ideas_idea "
                "WHEN NEW.title = 'BOOM' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )


def test_a_failure_midway_writes_nothing(space):
    """A database trigger refuses one row in the middle of the file, after earlier batches
    were already sent: the whole import rolls back."""
    refuse_boom()
    lines = ["titre;texte"] + [f"Idée {n};texte" for n in range(10)] + ["BOOM;texte"]
    parsed = importer.parse("\n".join(lines).encode())
    with pytest.raises(IntegrityError):
        apply_import(space, parsed, dry_run=False, batch_size=3)
    assert Idea.objects.count() == 0


def test_a_failed_job_marks_its_batch_failed_and_writes_nothing(space, facilitator):
    refuse_boom()
    lines = ["titre;texte"] + [f"Idée {n};texte" for n in range(2000)] + ["BOOM;texte"]
    batch = ImportBatch.objects.create(
        space=space,
        file=ContentFile("\n".join(lines).encode(), name="boom.csv"),
        original_name="boom.csv",
        created_by=facilitator,
    )
    batch.import_job = jobs.enqueue("ideas.services.run_import", batch_id=batch.pk, max_attempts=1)
    batch.save(update_fields=["import_job"])
    assert jobs.run(batch.import_job_id) == "failed"
    batch = ImportBatch.objects.with_jobs().get(pk=batch.pk)
    assert batch.state == ImportBatch.State.FAILED
    assert "refused" in batch.error
    assert Idea.objects.count() == 0
    assert jobs.run(batch.import_job_id) == "skipped"  # a second delivery does not start it


def test_export_then_import_is_lossless(space, member, client, facilitator):
    run(space, FILE)
    platform = factories.IdeaFactory(
        space=space, title='=HYPERLINK("x")', body="- une liste\n- deux", author=member.person
    )
    platform.themes.add(Theme.objects.get(name="Énergie"))
    Like.objects.create(idea=platform, user=member)
    # The real download, as a facilitator gets it (BOM, separator, escaping and all).
    client.force_login(facilitator)
    response = client.get(f"/idees/espaces/{space.slug}/export.csv")
    assert response.status_code == 200
    exported = b"".join(response.streaming_content)
    assert "'=HYPERLINK" in exported.decode("utf-8-sig")

    other = factories.IdeaSpaceFactory(name="Copie")
    report = run(other, exported)
    assert report["new"] == 5 and report["rejected"] == 0

    def snapshot(target):
        return sorted(
            (
                i.source_id,
                i.title,
                i.body,
                str(i.author_display),
                i.like_total,
                i.comment_total,
                i.created_at.replace(microsecond=0),
                i.status,
                tuple(sorted(t.name for t in i.themes.all())),
            )
            for i in Idea.objects.filter(space=target).with_counts().prefetch_related("themes")
        )

    assert snapshot(other) == snapshot(space)
    # And back into the original space: nothing new, nothing changed.
    again = run(space, exported)
    assert (again["new"], again["updated"], again["unchanged"]) == (0, 5, 5)


def test_the_command_prints_the_report(space, tmp_path, capsys):
    path = tmp_path / "export.csv"
    path.write_bytes(FILE.encode("cp1252", errors="replace"))
    out = io.StringIO()
    call_command("import_ideas", str(path), "--space", space.slug, "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Lignes lues : 7" in text
    assert "ligne 4 rejetée : titre manquant" in text
    assert Idea.objects.count() == 0
    call_command("import_ideas", str(path), "--space", space.slug, "--create-themes", stdout=out)
    assert Idea.objects.count() == 4
    assert Theme.objects.filter(name="Climat").exists()


def test_an_import_whose_worker_died_runs_again(space, facilitator, settings):
    from datetime import timedelta

    from django.utils import timezone

    batch = ImportBatch.objects.create(
        space=space,
        file=ContentFile(FILE.encode(), name="f.csv"),
        original_name="f.csv",
        created_by=facilitator,
    )
    batch.import_job = jobs.enqueue("ideas.services.run_import", batch_id=batch.pk)
    batch.save(update_fields=["import_job"])
    beat = timezone.now() - timedelta(seconds=settings.JOB_STUCK_AFTER - 30)
    Job.objects.filter(pk=batch.import_job_id).update(
        state=Job.State.RUNNING, attempts=1, started_at=beat, heartbeat_at=beat
    )
    jobs.sweep()  # its heartbeat is recent: still running elsewhere, left alone
    batch = ImportBatch.objects.with_jobs().get(pk=batch.pk)
    assert batch.state == ImportBatch.State.RUNNING and not Idea.objects.exists()
    Job.objects.filter(pk=batch.import_job_id).update(
        heartbeat_at=timezone.now() - timedelta(seconds=settings.JOB_STUCK_AFTER + 1)
    )
    jobs.sweep()  # silent too long: run again from the start (eagerly here)
    batch = ImportBatch.objects.with_jobs().get(pk=batch.pk)
    assert batch.state == ImportBatch.State.DONE
    assert batch.import_job.attempts == 2
    assert Idea.objects.count() == 4
