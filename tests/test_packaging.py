"""`pip install .` must give a working command: the ontology, shapes and data travel with it."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT


@pytest.mark.slow
def test_the_wheel_carries_ontology_shapes_data_and_pages(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("peninsula-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("ontology/peninsula.ttl", "ontology/peninsula.owl", "ontology/catalog-v001.xml",
                     # served at /ontology to browsers; the lint rules reviewers run
                     "ontology/docs/index.html", "ontology/lint/no-definition.rq",
                     "ontology/lint/__main__.py",
                     "shapes/entities.ttl", "builder/data/gazetteer.tsv", "builder/data/wikidata.tsv",
                     "server/templates/index.html", "builder/cli.py",
                     # the pages: templates, the bundled YASGUI with its licence notice
                     "server/templates/base.html", "server/templates/resource.html",
                     "server/templates/macros.html", "server/templates/not_found.html",
                     "server/templates/browse.html", "server/static/query.js",
                     "server/static/style.css", "server/static/vendor/yasgui/yasgui.min.js",
                     "server/static/vendor/yasgui/yasgui.min.css",
                     "server/static/vendor/yasgui/NOTICE",
                     "server/static/vendor/fetch_yasgui.sh"):
        assert required in names, required
    assert any(n.endswith("entry_points.txt") for n in names)
