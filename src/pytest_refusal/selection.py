"""What a run selected: `--refusal-models` applied to refusal-map items, and whether the run saw every item."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from pytest_refusal import session as session_module


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
