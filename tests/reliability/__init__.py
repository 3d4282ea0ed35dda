"""Reliability and security sweep: canaries, faults, crashes, malformed input, fuzzing, concurrency."""
