"""The worker keeps what the application loaded out of the garbage collector's full passes
(gunicorn.conf.py; issue 18: a full pass over 230,000 start-up objects paused a worker for
150 ms, the pages' slowest answers)."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.fixture
def conf():
    settings = runpy.run_path(str(CONF))
    yield settings
    gc.unfreeze()


def test_the_worker_freezes_what_it_loaded_and_again_after_its_first_requests(conf):
    gc.unfreeze()
    worker = SimpleNamespace(nr=0)
    conf["post_worker_init"](worker)
    loaded = gc.get_freeze_count()
    assert loaded > 10_000  # the test process's modules, at least

    kept = [[] for _ in range(5000)]  # what the first requests load (templates, caches)
    gc.collect()
    worker.nr = conf["FREEZE_AGAIN_AFTER"] - 1
    conf["post_request"](worker, None, {}, None)
    assert gc.get_freeze_count() == loaded  # not yet

    worker.nr = conf["FREEZE_AGAIN_AFTER"]
    conf["post_request"](worker, None, {}, None)
    assert gc.get_freeze_count() >= loaded + len(kept)

    again = gc.get_freeze_count()
    worker.nr += 50
    conf["post_request"](worker, None, {}, None)
    assert gc.get_freeze_count() == again  # once only
