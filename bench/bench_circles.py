"""Reminder sending at scale: 1,000 meetings with 30 people each, to a real SMTP server.

Builds the data with bulk_create, starts an aiosmtpd sink on loopback in a process of its
own, then runs what production runs: one `send_due_reminders` pass (the claiming run the
beat starts every five minutes) and the delivery job it records (`circles.reminders.deliver`
through `alliance.jobs.run`), which renders every message (text, HTML, iTIP attachment),
sends each meeting's messages over one SMTP connection and marks them sent in bulk.
Prints messages per second and queries per meeting (targets: ≥ 500 messages/s, ≤ 5
queries per meeting), and checks the sink received every message.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/bench_circles.py
    .venv/bin/python bench/bench_circles.py --meetings 100   # SQLite in a temporary folder

The database named by DATABASE_URL is migrated and its meetings replaced: use a scratch one.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The sink: counts what it receives, prints the count when its standard input closes.
SINK = """
import sys, threading
from aiosmtpd.controller import Controller
class Count:
    n = 0
    async def handle_DATA(self, server, session, envelope):
        Count.n += 1
        return "250 OK"
controller = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
print(Count.n, flush=True)
"""


def setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp()) / "bench_circles.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        print("No DATABASE_URL: SQLite in a temporary folder (the target is for PostgreSQL).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    # DEBUG stays off (production-like figures), so the run needs a key of its own.
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(32).hex())
    os.environ["SITE_URL"] = "https://alliance.example.org"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from alliance.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"


def start_sink() -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK, str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout.readline().strip() == "ready"
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    return sink, port


def stop_sink(sink: subprocess.Popen) -> int:
    out, _err = sink.communicate("", timeout=60)
    return int(out.split()[-1])


def build(meetings: int, members: int, tag: str) -> None:
    from django.utils import timezone

    from actors.models import Person
    from alliance.models import Job
    from circles.models import Circle, Meeting, Membership

    Meeting.objects.all().delete()
    Job.objects.filter(name="circles.reminders.deliver").delete()
    Circle.objects.filter(slug__startswith=f"bench-{tag}-").delete()  # an earlier run's
    Person.objects.filter(email__startswith=f"{tag}-", email__endswith="@example.org").delete()
    circles = Circle.objects.bulk_create(
        [
            Circle(name=f"Cercle d'essai {tag} {i}", slug=f"bench-{tag}-{i}", kind="groupe")
            for i in range(meetings)
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(first_name="Prénom", last_name=f"N°{i}", email=f"{tag}-{i}@example.org")
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
                title=f"Réunion d'équipe {c}",
                place="Salle de l'Orangerie",
                agenda="1. Tour de table\n2. Projets en cours",
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

    from alliance import jobs
    from alliance.models import Job
    from circles.models import ReminderLog
    from circles.reminders import send_due_reminders

    build(meetings, members, tag)
    sink, _port = start_sink()
    try:
        connection.queries_log.clear()  # a bounded deque: a full one miscounts
        with CaptureQueriesContext(connection) as claiming:
            claimed = send_due_reminders()
        claim_queries = len(claiming.captured_queries)
        job = Job.objects.get(name="circles.reminders.deliver")
        connection.queries_log.clear()
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as sending:
            state = jobs.run(job.pk)
        elapsed = time.perf_counter() - began
        send_queries = len(sending.captured_queries)
    finally:
        received = stop_sink(sink)
    unsent = ReminderLog.objects.filter(sent_at=None).count()
    total = claim_queries + send_queries
    print(
        f"{meetings:>5} meetings x {members:>2} people: {claimed:>6} messages sent in "
        f"{elapsed:6.2f} s = {claimed / elapsed:6.0f} messages/s; queries: claiming "
        f"{claim_queries}, sending {send_queries} = {total / meetings:.2f} per meeting; "
        f"job {state}, sink received {received}, unsent {unsent}"
    )
    assert state == Job.State.DONE and received == claimed and unsent == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--people", type=int, default=30)
    args = parser.parse_args()
    setup()
    print("Warm-up (imports, templates, first connections):")
    run(2, args.people, "w")
    run(args.meetings, args.people, "a")
    run(max(args.meetings // 4, 1), args.people, "b")  # queries grow with meetings only


if __name__ == "__main__":
    main()
