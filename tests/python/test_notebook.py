"""The example notebook runs from top to bottom without error."""
import os

import pytest

from conftest import SOURCE

nbformat = pytest.importorskip("nbformat", reason="needs python3-nbformat")
nbclient = pytest.importorskip("nbclient", reason="needs python3-nbclient")
pytest.importorskip("wattfleet", reason="the Python module is not built")


def test_example_notebook_executes():
    path = SOURCE / "examples" / "cabinet_vs_idle.ipynb"
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "grid import over 30 days" in text
