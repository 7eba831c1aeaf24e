import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_runs_web_worker_beat_postgres_and_redis():
    if shutil.which("docker-compose"):
        result = subprocess.run(
            ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert result.returncode == 0, result.stderr
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert set(services) == {"web", "worker", "beat", "db", "redis"}
    assert "gunicorn alliance.wsgi" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A alliance worker")
    assert services["beat"]["command"].startswith("celery -A alliance beat")
    assert services["db"]["image"].startswith("postgres")
    assert services["redis"]["image"].startswith("redis")


def test_ci_runs_check_and_test_with_the_production_engines():
    ci = (ROOT / ".ci" / "run").read_text()
    for needle in ["DATABASE_URL=", "REDIS_URL=", "REQUIRE_BROWSER=1", "make check", "make test"]:
        assert needle in ci
