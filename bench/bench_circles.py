"""Reminder sending at scale: 1,000 meetings with 30 people each, to a real SMTP server.

Builds the data with bulk_create, starts an aiosmtpd sink on loopback in a process of its
own, then runs what production runs: one `send_due_reminders` pass (the claiming run the
beat starts every five minutes) and the delivery job it records (`circles.reminders.deliver`
through `alliance.jobs.run`), which renders every message (text, HTML, iTIP attachment),
sends each meeting's messages over one SMTP connection and marks them sent in bulk.
Prints messages per second and queries per meeting (targets: ≥ 500 messages/s, ≤ 5
queries per meeting) with "met" or "NOT MET", and checks the sink received every message.

Two clocks: the wall clock of the delivery job, and the sender's own CPU time
(`time.process_time()`, every thread of this process). The sink and PostgreSQL run in
other processes, so the second leaves out their CPU; on a loaded machine the wall clock
also counts the time this process and the sink wait for a core (the load average is
printed before and after).

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

# The sink: counts what it receives; when its standard input closes it prints the count
# and its own CPU time. Like Postfix or Exim it offers PIPELINING (argv[2] == "1"): the
# sender then writes each message with the next one's envelope, one round trip a message.
SINK = """
import sys, time
from aiosmtpd.controller import Controller
class Count:
    n = 0
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if sys.argv[2] == "1":
            responses.insert(-1, "250-PIPELINING")
        return responses
    async def handle_DATA(self, server, session, envelope):
        Count.n += 1
        return "250 OK"
controller = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", time.process_time(), flush=True)
sys.stdin.read()
controller.stop()
print(Count.n, time.process_time(), flush=True)
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
    import django  # deferred: the settings are chosen above, from the command line

    django.setup()
    from django.core.management import call_command  # deferred: after django.setup()

    call_command("migrate", verbosity=0)
    from alliance.celery import app  # deferred: after django.setup()

    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"


PIPELINING = True


def start_sink() -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK, str(port), "1" if PIPELINING else "0"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    word, started = sink.stdout.readline().split()
    assert word == "ready"
    sink.started_cpu = float(started)  # its start-up, left out of its share of the work
    from django.conf import settings  # deferred: after django.setup()

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    return sink, port


def stop_sink(sink: subprocess.Popen) -> tuple[int, float]:
    """(messages received, the sink's CPU seconds)."""
    out, _err = sink.communicate("", timeout=60)
    count, cpu = out.split()[-2:]
    return int(count), float(cpu) - sink.started_cpu


def busy_seconds() -> float:
    """CPU seconds every process of the machine has used so far (Linux /proc/stat)."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(
            int, stat.readline().split()[1:9]
        )
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def build(meetings: int, members: int, tag: str) -> None:
    from django.utils import timezone  # deferred: after django.setup()

    from actors.models import Person  # deferred: after django.setup()
    from alliance.models import Job  # deferred: after django.setup()
    from circles.models import Circle, Meeting, Membership  # deferred: after django.setup()

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


def run(meetings: int, members: int, tag: str) -> tuple[int, int, float, float]:
    """One whole run: (messages, queries, wall seconds, sender CPU seconds) of it."""
    from django.db import connection  # deferred: after django.setup()
    from django.test.utils import CaptureQueriesContext  # deferred: after django.setup()

    from alliance import jobs  # deferred: after django.setup()
    from alliance.models import Job  # deferred: after django.setup()
    from circles.models import ReminderLog  # deferred: after django.setup()
    from circles.reminders import send_due_reminders  # deferred: after django.setup()

    build(meetings, members, tag)
    sink, _port = start_sink()
    try:
        connection.queries_log.clear()  # a bounded deque: a full one miscounts
        with CaptureQueriesContext(connection) as claiming:
            claimed = send_due_reminders()
        job = Job.objects.get(name="circles.reminders.deliver")
        connection.queries_log.clear()
        wall, cpu, busy = time.perf_counter(), time.process_time(), busy_seconds()
        with CaptureQueriesContext(connection) as sending:
            state = jobs.run(job.pk)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        busy = busy_seconds() - busy
        load = os.getloadavg()[0]
    finally:
        received, sink_cpu = stop_sink(sink)
    unsent = ReminderLog.objects.filter(sent_at=None).count()
    queries = len(claiming.captured_queries) + len(sending.captured_queries)
    print(
        f"{meetings:>5} meetings x {members:>2} people: {claimed:>6} messages in {wall:6.2f} s"
        f" wall = {claimed / wall:5.0f}/s, {cpu:6.2f} s of the sender's CPU = "
        f"{claimed / cpu:5.0f}/s (the sink's: {sink_cpu:.2f} s); queries: claiming {len(claiming.captured_queries)}, "
        f"sending {len(sending.captured_queries)} = {queries / meetings:.2f} per meeting; "
        f"job {state}, sink received {received}, unsent {unsent}"
    )
    cores = os.cpu_count() or 1
    others = max(busy - cpu - sink_cpu, 0.0)
    print(
        f"      while sending: the sender used {cpu / wall:.0%} of a core, the sink "
        f"{sink_cpu / wall:.0%}, everything else on the machine (PostgreSQL, other work) "
        f"{others / wall:.0%}, of {cores} cores; load average (1 min) {load:.2f}; "
        f"limited by {limit(cpu / wall, sink_cpu / wall, busy / wall / cores)}"
    )
    assert state == Job.State.DONE and received == claimed and unsent == 0
    return claimed, queries, wall, cpu


def limit(sender: float, sink: float, machine: float) -> str:
    """What the wall clock waited for: a busy machine, a process at a full core, or
    neither (round trips: each side waiting for the other's reply)."""
    if machine > 0.9:
        return "the machine's cores (all busy: the run waited for a core)"
    if sink > 0.9:
        return "the sink (a full core)"
    if sender > 0.9:
        return "the sender (a full core)"
    return "neither process at a full core: the dialogue's waits"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument(
        "--no-pipelining", action="store_true", help="a sink that does not offer PIPELINING"
    )
    args = parser.parse_args()
    global PIPELINING
    PIPELINING = not args.no_pipelining
    setup()
    print(f"The sink offers PIPELINING: {'yes' if PIPELINING else 'no'}")
    print(f"Load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("Warm-up (imports, templates, first connections):")
    run(2, args.people, "w")
    messages, queries, wall, cpu = run(args.meetings, args.people, "a")
    small = max(args.meetings // 4, 1)
    _m, small_queries, _w, _c = run(small, args.people, "b")
    per_meeting = (queries - small_queries) / (args.meetings - small or 1)
    print(f"Load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"Sending, wall clock: {messages / wall:.0f} messages/s (target >= 500: "
        f"{verdict(messages / wall >= 500)})\n"
        f"Sending, sender's CPU only (sink and PostgreSQL are other processes): "
        f"{messages / cpu:.0f} messages/s (target >= 500: {verdict(messages / cpu >= 500)})\n"
        f"Queries: {queries / args.meetings:.2f} per meeting in all, {per_meeting:.2f} more "
        f"per extra meeting (target <= 5: {verdict(queries / args.meetings <= 5)})"
    )


if __name__ == "__main__":
    main()
