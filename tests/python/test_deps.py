"""The import guard of tools/test.sh: every module of tools/deps/python-modules.txt
imports, and a missing one stops it with a line naming the Debian package."""
import subprocess
import sys

from conftest import SOURCE

CHECK = SOURCE / "tools" / "check_python_modules.py"


def test_every_listed_module_imports():
    r = subprocess.run([sys.executable, CHECK], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_a_missing_module_names_its_package(tmp_path):
    listing = tmp_path / "modules.txt"
    listing.write_text("# module package\nnumpy python3-numpy\nwf_no_such_module python3-wf-no-such\n")
    r = subprocess.run([sys.executable, CHECK, listing], capture_output=True, text=True)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "wf_no_such_module" in lines[0] and "python3-wf-no-such" in lines[0]


def test_the_pymodbus_peer_imports_with_its_serial_dependencies():
    # Debian's python3-pymodbus 3.0 imports these without depending on their packages.
    r = subprocess.run([sys.executable, "-c", "import pymodbus.client, pymodbus.server.async_io"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_every_python_package_is_installed_by_install_deps():
    listed = (SOURCE / "tools" / "deps" / "python-modules.txt").read_text()
    packages = {l.split()[1] for l in listed.splitlines() if l.split() and not l.startswith("#")}
    assert "python3-serial" in packages and "python3-serial-asyncio" in packages
    script = (SOURCE / "tools" / "install-deps.sh").read_text()
    assert "python-modules.txt" in script
