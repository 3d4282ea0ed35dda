"""The project most plugin tests run: one model, `local`, on the scripted server, keyed by a canary key."""

from __future__ import annotations

# The fake API key of `project`: a value that must never reach a cassette, a report or a log.
CANARY_KEY = "sk-canary-0123456789abcdefghijklmnopqrstuvwxyz"  # a fake key
# The ini of `project`: its one model, `local`, is the scripted server at {base_url}.
INI = """
[pytest]
addopts = -p no:hypothesispytest -p no:recording -p no:cacheprovider
refusal_models =
    local = base_url={base_url} model=scripted-1 api_key_env=LOCAL_TEST_KEY
refusal_max_retries = 0
refusal_timeout = 5
"""
