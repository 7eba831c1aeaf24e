"""`collectstatic` with the production storage (WhiteNoise's compressed manifest) works on
a clean clone, and pages then link the hashed names."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings

MANIFEST = "whitenoise.storage.CompressedManifestStaticFilesStorage"
SOURCE_MAP = re.compile(r"[#@] sourceMappingURL=([^\s*]+)")


@pytest.fixture(scope="module")
def collected_root(tmp_path_factory):
    """One collection for the module (it hashes and compresses every file: seconds)."""
    root = tmp_path_factory.mktemp("static")
    storages = {**django_settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.fixture
def collected(settings, collected_root):
    """The production storage, reading the manifest of that collection."""
    settings.STATIC_ROOT = collected_root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST}}
    return collected_root


def test_collectstatic_with_the_manifest_storage_hashes_and_compresses_every_file(collected):
    paths = json.loads((collected / "staticfiles.json").read_text())["paths"]

    for name in [
        "css/site.css",
        "vendor/chartjs/chart.umd.min.js",
        "vendor/markercluster/leaflet.markercluster.js",
        "leaflet/leaflet.js",
    ]:
        hashed = paths[name]
        assert hashed != name
        assert (collected / hashed).is_file()
        assert (collected / f"{hashed}.gz").is_file()


@pytest.mark.django_db
def test_pages_link_the_hashed_names_once_collected(client, collected):
    paths = json.loads((collected / "staticfiles.json").read_text())["paths"]

    html = client.get("/projets/carte/").content.decode()

    assert f"/static/{paths['css/site.css']}" in html
    assert f"/static/{paths['leaflet/leaflet.js']}" in html


def test_every_source_map_reference_in_static_files_resolves():
    folders = [Path(e[1] if isinstance(e, tuple) else e) for e in django_settings.STATICFILES_DIRS]
    missing = []
    for folder in folders:
        for path in [*folder.rglob("*.js"), *folder.rglob("*.css")]:
            for target in SOURCE_MAP.findall(path.read_text(errors="ignore")):
                if not target.startswith("data:") and not (path.parent / target).is_file():
                    missing.append(f"{path.relative_to(folder.parent)} -> {target}")
    assert not missing
