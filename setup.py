"""The CMake build behind `pip install .`: configures the project (Release, no tests),
builds the extension target `_wattfleet` and puts it into the wheel beside the package
of bindings/python/wattfleet. WATTFLEET_BUILD_DIR reuses an existing build folder
(e.g. build/release) instead of a fresh one; CMAKE_BUILD_PARALLEL_LEVEL sets the jobs."""
import os
import pathlib
import shutil
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build = pathlib.Path(os.environ.get("WATTFLEET_BUILD_DIR") or pathlib.Path(self.build_temp) / "cmake")
        if not (build / "CMakeCache.txt").exists():
            launcher = ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"] if shutil.which("ccache") else []
            subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                            "-DWATTFLEET_BUILD_TESTS=OFF", "-DWATTFLEET_BUILD_BENCH=OFF",
                            "-DWATTFLEET_BUILD_PYTHON=ON", *launcher], check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
        subprocess.run(["cmake", "--build", str(build), "--target", "_wattfleet", "-j", jobs], check=True)
        built = sorted((build / "python" / "wattfleet").glob("_wattfleet*.so"))
        if not built:
            raise RuntimeError(f"no _wattfleet*.so under {build}/python/wattfleet: is pybind11-dev installed?")
        target = pathlib.Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built[-1], target)


setup(
    packages=["wattfleet"],
    package_dir={"": "bindings/python"},
    package_data={"wattfleet": ["*.pyi"]},
    ext_modules=[Extension("wattfleet._wattfleet", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    zip_safe=False,
)
