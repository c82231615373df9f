"""`check --scheduler ADDRESS`: the per-file work on a Dask distributed cluster gives the same
JSON, byte for byte, as a local run. The test starts its own cluster on the loopback interface
(a scheduler and one worker, threads of this process); the CLI runs as a separate process."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from batch_support import report, write
from conftest import FIXTURES


def _distributed():
    try:
        import distributed
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("dask distributed is not installed: install the extra (pip install -e '.[test,dask]')")
        pytest.skip("dask distributed is not installed (the `dask` extra)")
    return distributed


def _check(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xxgk_lint.cli", "check", *args], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def reports(tmp_path):
    write(tmp_path, "a_2023.txt", report("样例县统计局", 2023, carried_over=3))
    write(tmp_path, "b_2022.txt", report("样例县统计局", 2022, carried_forward=1))
    write(tmp_path, "c_empty.txt", "")
    shutil.copy(FIXTURES / "report_2023_typo.txt", tmp_path / "d_typo.txt")
    shutil.copy(FIXTURES / "docx" / "report.docx", tmp_path / "e.docx")
    return tmp_path


def test_scheduler_gives_the_json_of_a_local_run(reports):
    distributed = _distributed()
    local = _check("--format", "json", str(reports))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        remote = _check("--format", "json", "--scheduler", cluster.scheduler_address, str(reports))
        streamed = _check("--format", "jsonl", "--scheduler", cluster.scheduler_address, str(reports))
    assert remote.returncode == local.returncode == 2, remote.stderr
    assert remote.stdout == local.stdout
    assert "c_empty.txt: 无法读取：文件是空的" in remote.stderr and "Traceback" not in remote.stderr
    assert [line for line in streamed.stdout.splitlines() if '"pass"' not in line][0].startswith(
        '{"path": "' + str(reports / "a_2023.txt"))


def test_scheduler_that_does_not_answer_is_a_usage_error(reports):
    _distributed()
    p = _check("--scheduler", "tcp://127.0.0.1:9", "--timeout", "5", str(reports))
    assert p.returncode == 2 and "--scheduler" in p.stderr and "Traceback" not in p.stderr
