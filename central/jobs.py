"""A command job's life at central, as a state machine: queued -> in progress -> finished.

A job is the server-side record of one signed command (``kiosk central send``, the web
console, the service's own re-send requests). :class:`~central.store.CentralStore` applies
only the transitions listed here; a result for a finished job changes nothing.
"""

from __future__ import annotations

from enum import Enum


class JobState(Enum):
    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REJECTED = "rejected"
    TIMED_OUT = "timed_out"


# The only transitions a job may take; a result for a finished job changes nothing.
JOB_TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    # QUEUED -> FAILED: the job could not even be signed and sent (invalid arguments).
    JobState.QUEUED: frozenset({JobState.IN_PROGRESS, JobState.FAILED, JobState.TIMED_OUT}),
    JobState.IN_PROGRESS: frozenset(
        {JobState.SUCCEEDED, JobState.FAILED, JobState.REJECTED, JobState.TIMED_OUT}
    ),
    JobState.SUCCEEDED: frozenset(),
    JobState.FAILED: frozenset(),
    JobState.REJECTED: frozenset(),
    JobState.TIMED_OUT: frozenset(),
}
FINISHED = frozenset(s for s, nxt in JOB_TRANSITIONS.items() if not nxt)
