"""Reminder run speed: 1,000 upcoming meetings with 30 members each.

Builds the data with bulk_create in a throwaway SQLite database (or the configured one
with --keep-db), runs one `send_due_reminders` pass (the claiming run the beat starts
every five minutes; the sending jobs go to an in-memory broker) and prints its time and
query count. The same run at 5 members a meeting and at 250 meetings shows that the
count grows with meetings, not with members.

    .venv/bin/python bench/bench_circles.py
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_circles.py --keep-db
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(keep_db: bool) -> None:
    if not keep_db:
        path = Path(tempfile.mkdtemp()) / "bench_circles.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    # DEBUG stays off (production-like figures), so the run needs a key of its own.
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from alliance.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"


def build(meetings: int, members: int, tag: str) -> None:
    from django.utils import timezone

    from actors.models import Person
    from circles.models import Circle, Meeting, Membership

    Meeting.objects.all().delete()
    circles = Circle.objects.bulk_create(
        [
            Circle(name=f"Cercle {tag} {i}", slug=f"bench-{tag}-{i}", kind="groupe")
            for i in range(meetings)
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(first_name="P", last_name=str(i), email=f"{tag}-{i}@example.org")
            for i in range(members * 10)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(circle=circle, person=people[(c * 7 + k) % len(people)])
            for c, circle in enumerate(circles)
            for k in range(members)
        ],
        batch_size=5000,
    )
    start = timezone.now() + timedelta(hours=20)
    Meeting.objects.bulk_create(
        [
            Meeting(
                circle=circle,
                title=f"Réunion {c}",
                start=start + timedelta(seconds=10 * c),
                end=start + timedelta(seconds=10 * c, hours=2),
            )
            for c, circle in enumerate(circles)
        ],
        batch_size=5000,
    )


def run(meetings: int, members: int, tag: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from circles.models import ReminderLog
    from circles.reminders import send_due_reminders

    build(meetings, members, tag)
    connection.queries_log.clear()  # a bounded deque: a full one miscounts
    began = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        claimed = send_due_reminders()
    elapsed = time.perf_counter() - began
    queries = len(ctx.captured_queries)  # before the clear below empties the log it reads
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as again:
        second = send_due_reminders()
    print(
        f"{meetings:>5} meetings x {members:>2} members: {claimed:>6} reminders claimed in "
        f"{elapsed:6.2f} s, {queries:>5} queries ({queries / meetings:.1f} per meeting); "
        f"second run: {second} claimed, {len(again.captured_queries)} queries"
    )
    assert ReminderLog.objects.filter(sent_at=None).count() >= claimed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-db", action="store_true", help="use DATABASE_URL as is")
    args = parser.parse_args()
    setup(args.keep_db)
    run(1000, 30, "a")
    run(1000, 5, "b")
    run(250, 30, "c")


if __name__ == "__main__":
    main()
