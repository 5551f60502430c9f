"""The wheel carries the shipped model, rules and channel table where the code looks for them."""

import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT


@pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="not a source checkout")
def test_wheel_contains_model_and_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, timeout=300)
    (wheel,) = tmp_path.glob("scamcheck-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("scamcheck/models/scamcheck.npz", "scamcheck/models/scamcheck.json",
                   "scamcheck/data/rules.toml", "scamcheck/data/official_channels.toml",
                   "scamcheck/data/userdict.txt", "scamcheck/formats/sms_xml.py",
                   "scamcheck/report/templates/report.html.j2"):
        assert needed in names
