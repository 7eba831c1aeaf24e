import json
import os
import re
import shutil
import subprocess
import sys
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
    # Then the production serving step, after the tests.
    assert ci.index("make test") < ci.index(".ci/smoke_production.py")


def test_the_five_services_read_one_env_file_and_no_default_key():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name, service in compose["services"].items():
        assert service.get("env_file") == ".env", name
        assert "SECRET_KEY" not in service.get("environment", {}), name
    assert (ROOT / ".env.example").is_file()
    assert ".env" in (ROOT / ".dockerignore").read_text().split()


def test_every_variable_of_the_settings_is_documented_in_env_example():
    settings_py = (ROOT / "alliance" / "settings.py").read_text()
    variables = set(re.findall(r'\benv(?:_bool|_list)?\("([A-Z_]+)"', settings_py))
    documented = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert variables, "no variable found in settings.py"
    assert variables - documented == set()


def test_the_dockerfile_collects_static_files_without_a_real_key(tmp_path):
    """The image's collectstatic step, run as the build runs it (no SECRET_KEY given)."""
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    step = next(line for line in dockerfile.splitlines() if "manage.py collectstatic" in line)
    assert step.startswith("RUN ")
    assert "DEBUG=0" in step and "secrets.token_urlsafe" in step
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST")) and k not in {"SECRET_KEY", "DEBUG"}
    }
    env.update(STATIC_MANIFEST="1", STATIC_ROOT=str(tmp_path / "static"))
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"

    result = subprocess.run(
        ["sh", "-c", step.removeprefix("RUN ")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert manifest["paths"]["css/site.css"] != "css/site.css"
