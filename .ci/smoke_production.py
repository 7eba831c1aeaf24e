"""CI: the production path, served for real.

On PostgreSQL and Redis with production variables (DEBUG off, a random key, an https
SITE_URL): migrate a fresh database, load the demo data, collectstatic with the manifest
storage, start gunicorn on a free loopback port, and check that `/`, a project page,
`/projets/carte/`, a static file by its hashed name and an uploaded meeting document answer
200, as the TLS proxy would ask for them (Host and X-Forwarded-Proto), and that plain http
is redirected to https. Then stop gunicorn and drop the database.

Run: .venv/bin/python .ci/smoke_production.py
(DATABASE_URL: the PostgreSQL database to create, default alliance_ci_production;
REDIS_URL: default redis://127.0.0.1:6379/0.)
"""

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "alliance.example.org"


def production_env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        SITE_URL=f"https://{HOST}",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/alliance_ci_production"
        ),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    assert re.fullmatch(r"\w+", name), f"unexpected database name {name!r}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def start_gunicorn(env: dict[str, str], log: Path) -> subprocess.Popen:
    log.touch()
    command = [str(BIN / "gunicorn"), "alliance.wsgi:application", "--bind", "127.0.0.1:0"]
    command += ["--workers", "2", "--graceful-timeout", "5", "--log-file", str(log)]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def wait_for_port(server: subprocess.Popen, log: Path) -> int:
    """The port gunicorn chose (it binds port 0: a free one), once it listens."""
    for _ in range(120):
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
        if found:
            return int(found.group(1))
        if server.poll() is not None:
            break
        time.sleep(0.5)
    sys.exit(f"gunicorn did not start:\n{log.read_text()}")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def get(port: int, path: str, *, proxied: bool = True) -> tuple[int, dict, bytes]:
    headers = {"Host": HOST, "X-Forwarded-For": "203.0.113.7"}
    if proxied:
        headers["X-Forwarded-Proto"] = "https"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def check_pages(env: dict[str, str], port: int) -> list[str]:
    project_url = manage(
        env,
        "shell",
        "-c",
        "from projects.models import Project; "
        "print(Project.objects.published().order_by('pk').first().get_absolute_url())",
    ).splitlines()[-1]
    document_url = manage(
        env,
        "shell",
        "-c",
        "from django.core.files.base import ContentFile; "
        "from circles.models import Meeting, MeetingDocument; "
        "d = MeetingDocument(meeting=Meeting.objects.order_by('pk').first(), title='Smoke'); "
        "d.file.save('smoke.pdf', ContentFile(b'%PDF-1.4 smoke')); "
        "from django.urls import reverse; print(reverse('circles:document', args=[d.pk]))",
    ).splitlines()[-1]
    manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    hashed_css = manifest["paths"]["css/site.css"]
    failures = []
    for path in ["/", project_url, "/projets/carte/", f"/static/{hashed_css}"]:
        status, headers, body = get(port, path)
        print(f"GET {path}: {status}")
        if status != 200:
            failures.append(f"{path}: {status}")
        elif not path.startswith("/static/") and f"/static/{hashed_css}".encode() not in body:
            failures.append(f"{path}: does not link the hashed stylesheet")
    status, _, body = get(port, document_url)
    print(f"GET {document_url} (a meeting document): {status}")
    if status != 200 or body != b"%PDF-1.4 smoke":
        failures.append(f"{document_url}: {status}")
    status, headers, _ = get(port, "/", proxied=False)
    print(f"GET / without X-Forwarded-Proto: {status} {headers.get('Location')}")
    if status != 301 or headers.get("Location") != f"https://{HOST}/":
        failures.append(f"plain http is not redirected to https: {status}")
    return failures


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="alliance-smoke-") as tmp:
        workdir = Path(tmp)
        env = production_env(workdir)
        recreate_database(env["DATABASE_URL"])
        server = None
        try:
            for step in [["migrate", "--noinput"], ["load_demo"], ["collectstatic", "--noinput"]]:
                started = time.monotonic()
                manage(env, *step)
                print(f"manage.py {step[0]}: {time.monotonic() - started:.0f} s")
            server = start_gunicorn(env, workdir / "gunicorn.log")
            failures = check_pages(env, wait_for_port(server, workdir / "gunicorn.log"))
        finally:
            if server is not None:
                stop(server)
            recreate_database(env["DATABASE_URL"], drop_only=True)
    if failures:
        sys.exit("Production serving failed:\n" + "\n".join(failures))
    print("Production serving: ok")


if __name__ == "__main__":
    main()
