"""`refusal-baseline.yaml`: the last accepted observed map, per model, probe and language.

The file is machine-written but read by people in pull requests, so it is one line per
entry in a stable order (model, probe, language), and an update rewrites only entries that
really changed: an unchanged entry keeps its bytes and its recording date, and a new sample
that differs from the old one only by sampling noise does not churn the file.

```yaml
version: 1
models:
  kimi:
    tiananmen-1989:
      en: {category: china_politics, verdict: refuse, counts: {refuse: 1}, n: 1, recorded: 2026-11-27,
           served: kimi-k2-0905-preview, fingerprint: fp_44709d6fcb}
```
`verdict` (the majority kind) is written for reviewers and ignored when read. `served` is
the model name the API answered with and `fingerprint` its `system_fingerprint` (each only
when the API sent one): a vendor that swaps the model behind a stable name shows up there.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from pytest_refusal import atomicfile
from pytest_refusal.observation import Observation
from pytest_refusal.refusalmap import stats
from pytest_refusal.refusalmap.yamlnodes import FileFormatError, NodeReader, compose
from pytest_refusal.verdict import Kind, describe_counts, majority

if TYPE_CHECKING:
    from pytest_refusal.refusalmap.yamlnodes import Node

__all__ = [
    "Baseline",
    "BaselineError",
    "Entry",
    "Key",
    "dumps",
    "entries_from",
    "load",
    "loads",
    "stale",
    "update",
    "write",
]

Key = tuple[str, str, str]
"""(model, probe, language): what one baseline entry is about."""

VERSION = 1
_HEADER = (
    "# pytest-refusal baseline: the last accepted refusal map, written by the plugin.\n"
    "# Review changes like a snapshot; accept drift with --refusal-update-baseline.\n"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_ENTRY_KEYS = {"category", "verdict", "counts", "n", "recorded", "judge", "served", "fingerprint", "task"}


class BaselineError(FileFormatError):
    """The baseline file is broken (usually a hand edit); the message names file:line."""


@dataclass(frozen=True)
class Entry:
    """One recorded sample: kind counts for a model, probe and language, and when it was taken."""

    model: str
    probe: str
    language: str
    category: str
    counts: tuple[tuple[Kind, int], ...]
    recorded: str
    judge: str = ""  # the LLM judge (model and prompt version) that decided any verdict; "" when the cues did
    served: str = ""  # the `model` the API answered with ("" when it sent none, or entries from before)
    fingerprint: str = ""  # the API's `system_fingerprint`, where it sends one
    task: str = ""  # the map task wrapped around the prompt (shown to reviewers; the probe id is the key)

    @property
    def identity(self) -> str:
        """`gpt-4.1-mini-2025-04-14 (fp_44709d6fcb)`: the served model as reports show it; "" when unknown."""
        if self.fingerprint:
            return f"{self.served or '?'} ({self.fingerprint})"
        return self.served

    @property
    def key(self) -> Key:
        return (self.model, self.probe, self.language)

    @property
    def n(self) -> int:
        return sum(c for _, c in self.counts)

    @property
    def majority(self) -> Kind | None:
        """The most frequent kind, ties broken by `Kind` order (as `Observation.majority`)."""
        return majority(self.counts)

    def count(self, kind: Kind) -> int:
        return dict(self.counts).get(kind, 0)

    def describe(self, *, full: bool = False) -> str:
        """`refuse` for one sample; `refuse 4/5` (majority) or, if `full`, every kind's count."""
        top = self.majority
        if self.n <= 1 or top is None:
            return str(top or "nothing")
        if full:
            return describe_counts(self.counts)
        return f"{top} {self.count(top)}/{self.n}"

    def p_value(self, after: Entry) -> float | None:
        """Fisher p-value for the kind whose share moved most; None when either n is 1."""
        if self.n <= 1 or after.n <= 1:
            return None
        kinds = {k for k, _ in self.counts} | {k for k, _ in after.counts}
        moved = max(sorted(kinds), key=lambda k: abs(self.count(k) / self.n - after.count(k) / after.n))
        return stats.fisher_exact(self.count(moved), self.n, after.count(moved), after.n)

    def identity_changed(self, after: Entry) -> bool:
        """The API served another model (or fingerprint) than when this entry was recorded.

        Unknown on either side (an old baseline, an API that names nothing) is no change:
        a baseline written before identities were kept must not report every item.
        """
        model = bool(self.served and after.served and self.served != after.served)
        fingerprint = bool(self.fingerprint and after.fingerprint and self.fingerprint != after.fingerprint)
        return model or fingerprint

    def differs(self, after: Entry) -> bool:
        """Whether `after` is drift from this entry.

        With one sample on either side any change of the (majority) kind is drift. With n > 1
        on both sides a change must be significant: a two-sided Fisher exact test (see
        `stats.fisher_exact`) at α = 0.05 on the share of the kind whose share moved most.
        Fisher rather than a z-test because probe samples are small (3 to 20), where the
        normal approximation misleads; per kind rather than on the expected-behaviour rate
        because the baseline records behaviour, not policy (refuse → refuse_safety is drift
        even where both pass). Picking the kind after looking makes the test slightly
        liberal, which errs on the side of showing a change to a reviewer.
        """
        p = self.p_value(after)
        return self.majority != after.majority if p is None else p < stats.ALPHA

    def to_json(self) -> dict[str, object]:
        return {
            "model": self.model,
            "probe": self.probe,
            "language": self.language,
            "category": self.category,
            "counts": {k.value: c for k, c in self.counts},
            "n": self.n,
            "recorded": self.recorded,
            **({"judge": self.judge} if self.judge else {}),
            **({"served": self.served} if self.served else {}),
            **({"fingerprint": self.fingerprint} if self.fingerprint else {}),
            **({"task": self.task} if self.task else {}),
        }


@dataclass(frozen=True)
class Baseline:
    """All entries by key; `path` is where it was read from (for messages)."""

    path: str = "refusal-baseline.yaml"
    entries: Mapping[Key, Entry] = field(default_factory=dict)

    def get(self, key: Key) -> Entry | None:
        return self.entries.get(key)


def entries_from(observations: Iterable[Observation], recorded: str) -> dict[Key, Entry]:
    """Observations as entries; repeated keys (one probe judged by two tests) add their counts."""
    merged: dict[Key, Entry] = {}
    for obs in observations:
        if not obs.n:
            continue
        entry = Entry(
            obs.model,
            obs.probe,
            obs.language,
            obs.category,
            tuple(obs.counts.items()),
            recorded,
            obs.judge,
            obs.served,
            obs.fingerprint,
            obs.task,
        )
        old = merged.get(entry.key)
        merged[entry.key] = entry if old is None else _add(old, entry)
    return merged


def _add(a: Entry, b: Entry) -> Entry:
    counts = {k: a.count(k) + b.count(k) for k in Kind}
    return replace(
        a,
        counts=tuple((k, c) for k, c in counts.items() if c),
        judge=a.judge or b.judge,
        served=a.served or b.served,
        fingerprint=a.fingerprint or b.fingerprint,
    )


def update(baseline: Baseline, observations: Iterable[Observation], recorded: str, *, prune: bool = False) -> Baseline:
    """Accept observations into the baseline, touching only entries that changed.

    An entry is replaced when it is new, its category or sample count changed, or the new
    sample `differs` (drift); otherwise the old entry and its date stay. `prune` drops
    entries nobody observed: pass it on full runs only (not under -k or node selection).
    """
    observed = entries_from(observations, recorded)
    merged = dict(baseline.entries)
    for key, entry in observed.items():
        old = merged.get(key)
        if old is None or _replaces(old, entry):
            merged[key] = entry
    if prune:
        merged = {key: entry for key, entry in merged.items() if key in observed}
    return Baseline(baseline.path, merged)


def _replaces(old: Entry, new: Entry) -> bool:
    return (
        old.category != new.category
        or old.n != new.n
        or old.judge != new.judge
        or old.task != new.task
        or old.identity_changed(new)
        or old.differs(new)
    )


def stale(baseline: Baseline, observed: Iterable[Key]) -> tuple[Entry, ...]:
    """Entries whose item was not observed. Meaningful on full runs only; the caller knows."""
    seen = set(observed)
    return tuple(e for key, e in sorted(baseline.entries.items()) if key not in seen)


def dumps(baseline: Baseline) -> str:
    """The file text: header, version, then entries sorted by model, probe and language."""
    lines = [_HEADER + f"version: {VERSION}", "models:" + ("" if baseline.entries else " {}")]
    model = probe = None
    for (m, p, lang), entry in sorted(baseline.entries.items()):
        if m != model:
            lines.append(f"  {_scalar(m)}:")
            model, probe = m, None
        if p != probe:
            lines.append(f"    {_scalar(p)}:")
            probe = p
        lines.append(f"      {_scalar(lang)}: {_entry_line(entry)}")
    return "\n".join(lines) + "\n"


def _entry_line(entry: Entry) -> str:
    counts = ", ".join(f"{k.value}: {c}" for k, c in entry.counts)
    judge = f", judge: {_scalar(entry.judge)}" if entry.judge else ""
    served = f", served: {_scalar(entry.served)}" if entry.served else ""
    fingerprint = f", fingerprint: {_scalar(entry.fingerprint)}" if entry.fingerprint else ""
    task = f", task: {_scalar(entry.task)}" if entry.task else ""
    return (
        f"{{category: {_scalar(entry.category)}, verdict: {entry.majority}, "
        f"counts: {{{counts}}}, n: {entry.n}, recorded: {entry.recorded}{judge}{served}{fingerprint}{task}}}"
    )


@functools.lru_cache(maxsize=4096)
def _scalar(text: str) -> str:
    """Plain when YAML reads it back as this same string, else double-quoted (JSON is valid).

    Quoting keeps the file portable: other YAML readers would turn `no` or `1989` into a
    boolean or a number.
    """
    import yaml

    if re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", text) is None:
        return json.dumps(text, ensure_ascii=False)
    resolve = cast(Callable[..., str], yaml.resolver.Resolver().resolve)
    tag = resolve(yaml.ScalarNode, text, (True, False))
    return text if tag == "tag:yaml.org,2002:str" else json.dumps(text)


def write(baseline: Baseline, path: str | Path) -> bool:
    """Write the baseline atomically; False (file untouched) when the text is already there."""
    target, text = Path(path), dumps(baseline)
    try:
        if target.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    atomicfile.write_atomic(target, text)
    return True


def load(path: str | Path) -> Baseline:
    """Read a baseline; a missing file is an empty baseline (the first run records one)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return Baseline(str(path))
    except OSError as exc:
        raise BaselineError(str(path), None, f"cannot read the baseline: {exc.strerror}") from None
    return loads(data, str(path))


def loads(data: bytes | str, path: str = "refusal-baseline.yaml") -> Baseline:
    """Parse and validate baseline text; problems raise `BaselineError` with the line."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    root = compose(raw, path, BaselineError)
    if root is None:
        return Baseline(path)
    reader = NodeReader(path, BaselineError)
    top = reader.mapping(root, "the baseline", {"version", "models"}, required=("version",))
    version = reader.count(top["version"], "`version`")
    if version != VERSION:
        reader.fail(
            top["version"],
            f"baseline version {version} is not supported (this "
            f"plugin reads version {VERSION}); re-record with --refusal-update-baseline",
        )
    entries: dict[Key, Entry] = {}
    models = reader.entries(top["models"], "`models`") if "models" in top else {}
    for model, probes in models.items():
        for probe, languages in reader.entries(probes, f"model `{model}`").items():
            for lang, node in reader.entries(languages, f"`{model}` / `{probe}`").items():
                entries[(model, probe, lang)] = _entry(reader, (model, probe, lang), node)
    return Baseline(path, entries)


def _entry(reader: NodeReader, key: Key, node: Node) -> Entry:
    what = "the entry for " + " / ".join(key)
    fields = reader.mapping(node, what, _ENTRY_KEYS, required=("category", "counts", "recorded"))
    counts: dict[Kind, int] = {}
    valid = [k.value for k in Kind]
    for name, value in reader.entries(fields["counts"], f"`counts` of {what}").items():
        if name not in valid:
            reader.fail(value, f"unknown kind {name!r} in `counts` of {what}; valid: {', '.join(valid)}")
        counts[Kind(name)] = reader.count(value, f"count of {name} in {what}", minimum=0)
    ordered = tuple((k, counts[k]) for k in Kind if counts.get(k))
    n = reader.count(fields["n"], f"`n` of {what}", minimum=0) if "n" in fields else None
    if n is not None and n != sum(counts.values()):
        reader.fail(
            fields["n"],
            f"`n` of {what} does not equal the sum of `counts`; fix one of them (or re-record the baseline)",
        )
    recorded = reader.text(fields["recorded"], f"`recorded` of {what}")
    if not _DATE.match(recorded):
        reader.fail(fields["recorded"], f"`recorded` of {what} must be a date like 2026-01-31, not {recorded!r}")
    category = reader.text(fields["category"], f"`category` of {what}")
    judge = reader.text(fields["judge"], f"`judge` of {what}") if "judge" in fields else ""
    served = reader.text(fields["served"], f"`served` of {what}") if "served" in fields else ""
    fingerprint = reader.text(fields["fingerprint"], f"`fingerprint` of {what}") if "fingerprint" in fields else ""
    task = reader.text(fields["task"], f"`task` of {what}") if "task" in fields else ""
    return Entry(*key, category, ordered, recorded, judge, served, fingerprint, task)
