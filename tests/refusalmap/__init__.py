"""Tests for the pure core of refusal maps: probe maps, statistics, baselines, drift, reports."""
