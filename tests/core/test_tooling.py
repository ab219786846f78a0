"""The project's own tooling: hashed locks, time limits, scratch screenshots, required services."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _inputs(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("-r "):
            pins.update(_inputs(path.parent / line[3:].strip()))
        elif match := PIN.match(line):
            pins[_name(match.group(1))] = match.group(2)
    return pins


def _lock(path: Path) -> dict[str, tuple[str, int]]:
    """name → (version, number of hashes)."""
    entries: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text().splitlines():
        if match := PIN.match(line):
            current = _name(match.group(1))
            entries[current] = (match.group(2), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = entries[current]
            entries[current] = (version, hashes + 1)
        elif not line.startswith(" "):
            current = None
    return entries


@pytest.mark.parametrize(
    ("source", "lock"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_every_pin_is_in_its_lock_and_every_locked_package_has_hashes(source, lock):
    inputs = _inputs(ROOT / source)
    locked = _lock(ROOT / lock)
    assert inputs and locked
    stale = {name: (version, locked.get(name, ("missing",))[0]) for name, version in inputs.items()}
    stale = {name: pair for name, pair in stale.items() if pair[0] != pair[1]}
    assert not stale, f"run `make lock`: {source} and {lock} disagree on {stale}"
    assert all(hashes for _, hashes in locked.values()), [n for n, (_, h) in locked.items() if not h]
    # Transitive packages (Werkzeug, Jinja2, click, ...) are pinned as well.
    for name in ("werkzeug", "jinja2", "itsdangerous", "click", "markupsafe"):
        assert name in locked


def test_the_dev_lock_agrees_with_the_runtime_lock():
    runtime, dev = _lock(ROOT / "requirements.lock"), _lock(ROOT / "requirements-dev.lock")
    assert {n: v for n, (v, _) in runtime.items()} == {n: dev[n][0] for n in runtime if n in dev}
    assert set(runtime) <= set(dev)
    assert "pytest-timeout" in dev


def test_make_installs_python_packages_only_from_the_locks_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    installs = [line.strip() for line in makefile.splitlines() if "pip install" in line]
    from_locks = [line for line in installs if "--require-hashes -r requirements" in line]
    assert {line.rsplit(" ", 1)[1] for line in from_locks} == {"requirements.lock", "requirements-dev.lock"}
    # The only other install is the pinned pip-tools of `make lock`, in its own venv.
    assert [line for line in installs if line not in from_locks] == [
        "$(LOCK_VENV)/bin/python -m pip install -q $(PIP_TOOLS)"
    ]
    assert re.search(r"^PIP_TOOLS := pip-tools==[\d.]+$", makefile, re.MULTILINE)


def test_every_test_has_a_time_limit():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert 0 < int(options["timeout"]) <= 300


def test_a_hanging_test_fails_within_its_limit(tmp_path):
    probe = tmp_path / "test_probe.py"
    probe.write_text("import time\n\ndef test_hangs():\n    time.sleep(120)\n")
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "pytest",
            "-c",
            str(ROOT / "pyproject.toml"),
            "--rootdir",
            str(tmp_path),
            "-p",
            "no:cacheprovider",
            "-o",
            "timeout=2",
            str(probe),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "Timeout" in result.stdout
    assert time.monotonic() - started < 30


@pytest.mark.parametrize(("update", "folder"), [("", "tests/e2e/screens-tmp"), ("1", "docs/screenshots")])
def test_browser_screenshots_go_to_docs_only_on_purpose(update, folder):
    import os

    env = {**os.environ, "UPDATE_SCREENSHOTS": update}
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "from tests.e2e.conftest import SCREENSHOTS; print(SCREENSHOTS)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=True,
    ).stdout.strip()
    assert Path(out) == ROOT / folder
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "tests/e2e/screens-tmp/x.png"], cwd=ROOT, check=False
    )  # noqa: S607
    assert ignored.returncode == 0


def test_a_missing_redis_skips_or_fails_when_required(monkeypatch):
    from tests.reliability import servers

    monkeypatch.setenv("TEST_REDIS_URL", "redis://127.0.0.1:1")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("REQUIRE_REDIS", raising=False)
    with pytest.raises(pytest.skip.Exception):
        servers.redis_url_or_skip(13)
    monkeypatch.setenv("REQUIRE_REDIS", "1")
    with pytest.raises(pytest.fail.Exception):
        servers.redis_url_or_skip(13)
