"""The run's secrets: every credential value the plugin must never show, and observations cleaned of them.

Apart from the session's run state because what is secret has sources of its own (the environment,
the requests' credentials, the models' base URLs), cached by the models they were worked out from.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pytest_refusal import scrub
from pytest_refusal.observation import Observation
from pytest_refusal.plugin.options import key_names
from pytest_refusal.providers import PRESETS, ModelSpec, Preset


@dataclass
class RunSecrets:
    """The credential values the run's requests carried, and where the other secrets are read from."""

    # Every credential value the run's requests carried: redacted in everything the plugin shows.
    known: scrub.SecretSet = field(default_factory=scrub.SecretSet)
    # What `values` reads, by the models and presets it was worked out from (see `_secret_sources`).
    _sources: tuple[object, tuple[str, ...], tuple[str, ...]] | None = None
    # The secrets the last `settle` cleaned under, and the JUnit values it made: clean under them (see `cleaner`).
    _settled_clean: tuple[tuple[str, ...], frozenset[str]] = ((), frozenset())

    def values(self, models: tuple[ModelSpec, ...], presets: dict[str, Preset]) -> tuple[str, ...]:
        """Every credential value to redact: those the run's requests carried, live keys, base URLs' passwords.

        The environment is read at every call (a key set mid-run is redacted from then on); which
        variables to read and the base URLs' credentials are worked out again only when the models change.
        """
        names, userinfo = self._secret_sources(models, presets)
        live = sorted({value for name in names if (value := os.environ.get(name))})
        return (*self.known, *live, *userinfo)

    def _secret_sources(
        self, models: tuple[ModelSpec, ...], presets: dict[str, Preset]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The key variables of the run's models and presets, and the credentials in the models' base URLs."""
        sources = (models, tuple(presets.values()))
        if self._sources is None or self._sources[0] != sources:
            names = key_names({m.name: m for m in models}, {**PRESETS, **presets})
            userinfo = tuple(value for m in models for value in scrub.request_secrets({}, m.base_url))
            self._sources = (sources, names, userinfo)
        return self._sources[1], self._sources[2]

    def cleaner(self, read: Callable[[], tuple[str, ...]]) -> Callable[[str], str]:
        """`scrub.clean` with the secrets `read` once, at the first text: a report cleans a dozen values (a passing
        setup none).

        A text the last `settle` cleaned under the same secrets is handed back as it is: cleaning
        twice changes nothing (`scrub.clean`), and a map item's reports carry its JUnit properties twice.
        """
        secrets: tuple[str, ...] | None = None
        settled: frozenset[str] = frozenset()

        def clean(text: str) -> str:
            nonlocal secrets, settled
            if secrets is None:
                secrets = read()
                settled = self._settled_clean[1] if secrets == self._settled_clean[0] else frozenset()
            return text if text in settled else scrub.clean(text, secrets)

        return clean

    def settled(self, secrets: tuple[str, ...], values: Iterable[object]) -> None:
        """What `settle` cleaned under `secrets`: the JUnit values a later `cleaner` may hand back as they are."""
        self._settled_clean = (secrets, frozenset({value for value in values if isinstance(value, str)}))


def redacted(observation: Observation, secrets: tuple[str, ...]) -> Observation:
    """The observation with every text clean of `secrets`: reports, JUnit XML and the baseline are made from it."""
    o, n = observation, len(observation.verdicts)
    coordinates = [o.nodeid, o.model, o.category, o.probe, o.language, o.cassette, o.prompt]
    cues = [v.cue.evidence if v.cue else "" for v in o.verdicts]  # a judged verdict keeps the cue's beside it
    strings = [*coordinates, *(v.evidence for v in o.verdicts), *o.texts, *o.reasonings, *cues]
    # One pass for all: this runs for every item.
    cleaned = scrub.clean_many(strings, secrets)
    if cleaned == strings:
        return observation
    nodeid, model, category, probe, language, cassette, prompt = cleaned[:7]
    t, r = len(o.texts), len(o.reasonings)
    evidence, texts = cleaned[7 : 7 + n], tuple(cleaned[7 + n : 7 + n + t])
    reasonings, cues = tuple(cleaned[7 + n + t : 7 + n + t + r]), cleaned[7 + n + t + r :]
    verdicts = tuple(
        dataclasses.replace(v, evidence=e, cue=dataclasses.replace(v.cue, evidence=c) if v.cue else None)
        for v, e, c in zip(o.verdicts, evidence, cues, strict=False)
    )
    return dataclasses.replace(
        o,
        nodeid=nodeid,
        model=model,
        category=category,
        probe=probe,
        language=language,
        cassette=cassette,
        verdicts=verdicts,
        texts=texts,
        reasonings=reasonings,
        prompt=prompt,
    )
