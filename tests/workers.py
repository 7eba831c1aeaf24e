"""Real Celery worker processes for tests about the queue: `celery -A alliance worker`
started as a child process on the test's database, broker, cache and media folder, so it
can be killed with SIGKILL like a worker on a server.

Use in `django_db(transaction=True)` tests (the worker must see committed rows). Redis
is the broker when REDIS_URL is set (a queue of the test's own), else the filesystem
broker in the test's tmp dir.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from kombu import pools

ROOT = Path(__file__).resolve().parent.parent


def wait_for(predicate, timeout: float = 60.0, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def database_url() -> str:
    """The test database as a URL for another process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """One `celery worker` child process; `start()` waits until it is ready."""

    def __init__(self, env: dict, queue: str, log: Path, concurrency: int = 1):
        self.env, self.queue, self.log, self.concurrency = env, queue, log, concurrency
        self.process: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        command = [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "alliance",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(self.concurrency),
            "--loglevel",
            "INFO",
            "-Q",
            self.queue,
            "-n",
            f"test-{uuid.uuid4().hex[:8]}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        self.offset = self.log.stat().st_size if self.log.exists() else 0
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed with its children
        )
        handle.close()
        if not wait_for(lambda: b" ready." in self.output().encode(), timeout=60):
            self.kill()
            raise RuntimeError(f"the worker did not start:\n{self.output()}")
        return self

    def output(self) -> str:
        return self.log.read_bytes()[self.offset :].decode(errors="replace")

    def kill(self) -> None:
        """SIGKILL to the worker and its pool children: no cleanup, no acknowledgement."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def worker_setup(tmp_path, settings):
    """Points this process (Celery app, cache, media) and the worker processes it makes at
    the same database, broker, cache and files. Yields a factory of WorkerProcess."""
    from alliance.celery import app

    queue = f"test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "JOB_HEARTBEAT_INTERVAL": "1",
        "PYTHONUNBUFFERED": "1",
    }
    conf = {"task_always_eager": False, "task_default_queue": queue}
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
        conf["broker_url"] = settings.REDIS_URL
        # The worker's cache is the Redis of REDIS_URL, without a key prefix: share it.
        settings.CACHES = {
            "default": {
                "BACKEND": "alliance.cache.ResilientRedisCache",
                "LOCATION": env["REDIS_URL"],
            }
        }
    else:
        env.pop("REDIS_URL", None)
        data = tmp_path / "celery"
        for folder in ("queue", "processed", "control"):
            (data / folder).mkdir(parents=True, exist_ok=True)
        env["CELERY_DATA_DIR"] = str(data)
        env["CACHE_DIR"] = str(tmp_path / "cache")
        conf["broker_url"] = "filesystem://"
        conf["broker_transport_options"] = {
            "data_folder_in": str(data / "queue"),
            "data_folder_out": str(data / "queue"),
            "processed_folder": str(data / "processed"),
            "control_folder": str(data / "control"),
            "store_processed": False,
        }
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": env["CACHE_DIR"],
            }
        }
    saved = {key: app.conf[key] for key in conf}
    app.conf.update(conf)
    _reset_connections(app)
    started: list[WorkerProcess] = []

    def make(concurrency: int = 1, **extra_env) -> WorkerProcess:
        worker = WorkerProcess(
            {**env, **extra_env}, queue, tmp_path / "worker.log", concurrency=concurrency
        )
        started.append(worker)
        return worker.start()

    try:
        yield make
    finally:
        for worker in started:
            worker.stop()
        app.conf.update(saved)
        _reset_connections(app)


def _reset_connections(app) -> None:
    pools.reset()
    app._pool = None
    app.__dict__.pop("amqp", None)
