"""The example notebook runs from top to bottom without error."""
import os

import pytest

from conftest import SOURCE

nbformat = pytest.importorskip("nbformat", reason="needs python3-nbformat")
nbclient = pytest.importorskip("nbclient", reason="needs python3-nbclient")
pytest.importorskip("wattfleet", reason="the Python module is not built")


@pytest.mark.parametrize("name, expected", [("cabinet_vs_idle", "grid import over 30 days"),
                                            ("controllers", "perfect foresight")])
def test_example_notebook_executes(name, expected):
    path = SOURCE / "examples" / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert expected in text
