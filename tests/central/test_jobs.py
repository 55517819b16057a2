"""Central's command jobs: a job ends rejected when the terminal refuses it and timed out
when no terminal answers."""

from __future__ import annotations

import pytest

from central.jobs import JobState
from tests.support.fleet import command_body, job_done
from tests.support.hostile_central import offline_central


@pytest.fixture
def central_db(any_central_db: str) -> str:
    """These run on SQLite and on PostgreSQL."""
    return any_central_db


def test_central_records_a_refused_command_as_rejected_not_timed_out(central_db, signer, executor):
    central = offline_central(central_db, signer)
    try:
        command_id = central.store.enqueue_job("T1", "set_config", {"version": 1}, 600)
        central.store.transition_job(command_id, JobState.IN_PROGRESS)
        sent = command_body("set_config", {"version": 0, "changes": {}})
        sent["command_id"] = command_id
        central._on_result("T1", executor.handle(signer.sign(sent)))
        assert central.store.job(command_id)["state"] == "rejected"
    finally:
        central.store.close()


def test_job_for_unreachable_terminal_times_out(make_central):
    central = make_central()
    cid = central.store.enqueue_job("T3", "open_compartment", {"compartment_id": "C01"}, 1)
    job = job_done(central, cid)
    assert job["state"] == "timed_out"
