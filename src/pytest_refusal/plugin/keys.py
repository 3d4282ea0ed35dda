"""The names under which pytest-refusal's state crosses from an xdist worker to the controller, in one place.

Report properties and report attributes travel with every test report; `workerinput` goes to
each worker at its start and `workeroutput` comes back at its end. A name used on one side and
spelled differently on the other would lose the data silently, so both sides import it from here.
"""

from __future__ import annotations

# Report properties (`report.user_properties`): the observation as JSON, on an xdist worker's call
# reports only (the controller builds the map, the baseline and the reports from it; a serial run
# keeps its observations as they are), and a refusal-map item that needs recording (its command, its place).
OBSERVATION_PROPERTY = "refusal_observation"
UNRECORDED_PROPERTY = "refusal_unrecorded"
UNRECORDED_ITEM_PROPERTY = "refusal_unrecorded_item"
# A refusal-map item whose cassette is older than refusal_max_age: the line the end-of-run list shows.
STALE_PROPERTY = "refusal_stale"

# Report attributes: the plugin clients' call counts (retries, rate-limit waits) and a provider fault.
CALLS_ATTRIBUTE = "refusal_calls"
PROVIDER_FAULT_ATTRIBUTE = "refusal_provider_fault"

# `workerinput`: the run's start, one for every worker (cassettes written after it are this run's).
STARTED_INPUT = "refusal_started"
# `workeroutput`: what a worker deselected, and a usage error it found after collection.
DESELECTED_OUTPUT = "refusal_deselected"
USAGE_ERROR_OUTPUT = "refusal_usage_error"
