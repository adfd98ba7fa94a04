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
                     "shapes/entities.ttl", "builder/data/gazetteer.tsv", "builder/data/wikidata.tsv",
                     "server/templates/index.html", "builder/cli.py"):
        assert required in names, required
    assert any(n.endswith("entry_points.txt") for n in names)
