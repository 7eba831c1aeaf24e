"""Unsafe production settings stop every process, and `check --deploy` says why.

(That it is clean with production variables: tests/alliance/test_security.py.)
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "prod-3f9a7c1e5b2d8f4a6c0e9b7d5f3a1c8e6b4d2f0a9c7e5b3d1f8a6c4e2b0d9f7a5c",
    "SITE_URL": "https://alliance.example.org",
    "ALLOWED_HOSTS": "alliance.example.org",
}
UNSAFE_KEYS = {
    "missing": None,
    "the development key": "dev-only-insecure-key-change-me-" + "x" * 32,
    "the old example": "change-me",
    "too short": "s3cr3t-but-short",
}


def run(command, tmp_path, **variables):
    """`command` in a fresh process with the production variables, overridden by these."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST")) and k not in PRODUCTION
    }
    env.update(PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}")
    for name, value in variables.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def check_deploy(tmp_path, **variables):
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return run(command, tmp_path, **variables)


@pytest.mark.parametrize("key", UNSAFE_KEYS.values(), ids=UNSAFE_KEYS.keys())
def test_without_a_real_key_check_deploy_fails_naming_the_variable(tmp_path, key):
    result = check_deploy(tmp_path, SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY" in result.stderr


def test_debug_with_an_https_site_url_fails_check_deploy(tmp_path):
    result = check_deploy(tmp_path, DEBUG="1")
    assert result.returncode != 0
    assert "alliance.E001" in result.stderr
    assert "DEBUG is on while SITE_URL (https://alliance.example.org)" in result.stderr


def test_debug_with_the_development_key_and_an_https_site_url_fails_check_deploy(tmp_path):
    result = check_deploy(tmp_path, DEBUG="1", SECRET_KEY=None)
    assert result.returncode != 0
    assert "alliance.E002" in result.stderr


def test_a_developer_with_debug_needs_no_key(tmp_path):
    result = run(
        [sys.executable, "manage.py", "check"],
        tmp_path,
        DEBUG="1",
        SECRET_KEY=None,
        SITE_URL=None,
        ALLOWED_HOSTS=None,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "command",
    [
        [str(BIN / "gunicorn"), "alliance.wsgi:application", "--bind", "127.0.0.1:0"],
        [str(BIN / "celery"), "-A", "alliance", "worker", "--pool", "solo"],
        [str(BIN / "celery"), "-A", "alliance", "beat"],
        [sys.executable, "manage.py", "migrate", "--noinput"],
    ],
    ids=["web", "worker", "beat", "management command"],
)
def test_every_process_refuses_to_start_without_a_key(tmp_path, command):
    result = run(command, tmp_path, SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stdout + result.stderr
    assert not (tmp_path / "deploy.sqlite3").exists()


def test_an_https_site_trusts_one_proxy_for_the_scheme_and_the_client_address(tmp_path):
    show = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.SECURE_PROXY_SSL_HEADER, s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT]))"
    )
    command = [sys.executable, "manage.py", "shell", "-c", show]

    default = json.loads(run(command, tmp_path).stdout.splitlines()[-1])
    two = json.loads(run(command, tmp_path, TRUSTED_PROXY_COUNT="2").stdout.splitlines()[-1])

    assert default == [["HTTP_X_FORWARDED_PROTO", "https"], 1, 1]
    assert two[1:] == [2, 2]
