"""What a run selected: `--refusal-models` applied to refusal-map items, markers' `models=`, and whether the run saw every item."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from pytest_refusal.plugin import itemstate
from pytest_refusal.plugin import session as session_module
from pytest_refusal.plugin.markers import ExpectSpec


def apply_model_names(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the refusal-map items of models `--refusal-models` does not name; an unknown name is a usage error.

    Runs after collection, because a refusal map may define the names (`kimi` in
    `seed.refusal.yaml`) that no ini key or models file knows.
    """
    session = session_module.get(config)
    names = session.options.model_names
    if names is None:
        return
    defined = session.options.models
    unknown = [name for name in names if name not in defined and name not in session.map_models]
    if unknown and not session.map_collect_errors:  # a map that failed to load may define them: its error says why
        known = [*defined, *(name for name in session.map_models if name not in defined)]
        message = (
            f"pytest-refusal: --refusal-models names unknown model{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(map(repr, unknown))}; defined models: {', '.join(known) or 'none'} "
            "(from refusal_models, the models file and the refusal maps collected in this run). "
            "Use one of those names, or define the model in one of those places."
        )
        if hasattr(config, "workerinput"):  # an xdist worker: run nothing; the controller raises it (see runend)
            session.usage_error = message
            items.clear()
            return
        raise pytest.UsageError(message)
    chosen = set(names)
    dropped = [item for item in items if _map_model(item) not in (None, *chosen)]
    if dropped:
        kept = set(dropped)
        items[:] = [item for item in items if item not in kept]
        config.hook.pytest_deselected(items=dropped)


def check_base_url_names(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A `--refusal-base-url` entry naming no model or preset is a usage error (after collection: maps define models)."""
    from pytest_refusal.providers import PRESETS

    session = session_module.get(config)
    known = [*session.options.models, *session.map_models, *PRESETS, *session.presets]
    unknown = session.options.base_urls.unknown_names(known)
    if not unknown or session.map_collect_errors:  # a map that failed to load may define them: its error says why
        return
    message = (
        f"pytest-refusal: --refusal-base-url (refusal_base_url) names {', '.join(map(repr, unknown))}, which is no "
        f"model or provider preset; known names: {', '.join(dict.fromkeys(known))}. Use one of those, or give one "
        "URL alone to send every model there."
    )
    if hasattr(config, "workerinput"):  # an xdist worker: run nothing; the controller raises it (see runend)
        session.usage_error = message
        items.clear()
        return
    raise pytest.UsageError(message)


def apply_marker_models(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the items an expect_* marker's `models=` leaves out; an unknown name is an error of that test.

    Deselected, not skipped: `@expect_refusal(models=["kimi"])` says nothing about gpt, so its
    `[gpt]` item is not a test that could not run (what a skip reports) but one that is not part
    of the run, as a map column `--refusal-models` leaves out. Such items do not make the run
    partial: no baseline entry is theirs (see `is_full_run`).
    """
    session = session_module.get(config)
    dropped = []
    for item in items:
        state = item.stash.get(itemstate.ITEM_KEY, None)
        if state is None or state.spec is None or state.spec.models is None or state.problem:
            continue
        problem = _unknown_models(session, item, state.spec)
        if problem:
            state.problem = f"{item.nodeid}: {problem}"  # raised by the _refusal_item fixture; the run goes on
        elif not _targeted(item, state.spec.models, session.options.model_names):
            dropped.append(item)
    if dropped:
        kept = set(dropped)
        items[:] = [item for item in items if item not in kept]
        config.hook.pytest_deselected(items=dropped)
        session.deselected -= len(dropped)  # counted by the hook above; they never made the run partial


def _run_model(item: pytest.Item) -> str | None:
    """The name of the model a test runs against (its `refusal_model` parameter), or None when it has none."""
    callspec = getattr(item, "callspec", None)
    model = callspec.params.get("refusal_model") if callspec is not None else None
    return getattr(model, "name", None)


def _targeted(item: pytest.Item, models: tuple[str, ...], run_names: tuple[str, ...] | None) -> bool:
    model = _run_model(item)
    if model is not None:
        return model in models
    # A test calling its own client: it runs unless --refusal-models names none of its models.
    return run_names is None or any(name in run_names for name in models)


def _unknown_models(session: session_module.RefusalSession, item: pytest.Item, spec: ExpectSpec) -> str | None:
    uses_model = "refusal_model" in getattr(item, "fixturenames", ())
    known = list(session.options.models) if uses_model else [*session.options.models, *session.map_models]
    unknown = [name for name in spec.models or () if name not in known]
    if not known or not unknown:  # with no model defined, the test's own code picks it
        return None
    return (
        f"@{spec.marker} models= names unknown model{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
        f"defined models: {', '.join(dict.fromkeys(known))}. Use one of those names, or define the model "
        "in the refusal_models ini key or the models file."
    )


def _map_model(item: pytest.Item) -> str | None:
    """The model of a refusal-map item (every one carries `refusal_map(model=...)`); None for any other item."""
    marker = None if isinstance(item, pytest.Function) else item.get_closest_marker("refusal_map")
    return None if marker is None else str(marker.kwargs.get("model"))


def unselected_models_reason(config: pytest.Config) -> str | None:
    """Why a test using `refusal_model` has no model to run against, when `--refusal-models` names only map models."""
    options = session_module.get(config).options
    if options.selected or options.model_names is None or not options.models:
        return None
    return (
        f"--refusal-models={','.join(options.model_names)} selects none of the models defined for tests "
        f"({', '.join(options.models)}); this test runs only against those"
    )


def is_full_run(
    config: pytest.Config, session: pytest.Session, *, deselected: int, skipped: int, collect_failed: int
) -> bool:
    """Whether this run saw every item: only then can a baseline entry nobody observed be called stale."""
    args: Iterable[str] = config.args if config.args_source is pytest.Config.ArgsSource.ARGS else []
    narrowed = any("::" in arg or not (config.invocation_params.dir / arg).is_dir() for arg in args)
    return not (
        narrowed
        or config.getoption("keyword", default="")
        or config.getoption("markexpr", default="")
        or config.getoption("refusal_models", default=None)
        or deselected
        or skipped
        or collect_failed
        or session.shouldstop
        or session.shouldfail
    )
