"""A team's own classifier, loaded outside pytest so that `calibrate --classifier` scores what the tests use.

In a test run, `pytest_refusal_classify` hooks (usually in conftest.py) judge a response before
the built-in detector. A calibration that left them out would score a pipeline the team does
not run, so `--classifier` loads the same function from its file or module and puts it first.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytest_refusal.verdict import Verdict

HOOK = "pytest_refusal_classify"
# What the hook may ask for, by name, as pluggy passes it; no pytest config exists in a calibration.
_ARGUMENTS = ("response", "prompt", "config")

Classify = Callable[[str, "str | None"], "Verdict | None"]


class ClassifierError(Exception):
    """The classifier cannot be loaded or called; the message says which and how to fix it."""


def load(spec: str) -> Classify:
    """The classifier `spec` names: FILE.py (its `pytest_refusal_classify`), FILE.py:FUNCTION or MODULE:FUNCTION.

    The result takes a response's text and its prompt and returns the classifier's verdict, or
    None where it leaves the decision to the built-in detector.
    """
    where, _, name = spec.rpartition(":") if _names_a_function(spec) else (spec, "", HOOK)
    function = getattr(_module(where, spec), name, None)
    if not callable(function):
        raise ClassifierError(
            f"--classifier {spec}: {where} has no function {name}; name one with --classifier {where}:FUNCTION"
        )
    wanted = _wanted_arguments(function, spec)

    def classify(text: str, prompt: str | None) -> Verdict | None:
        given = {"response": text, "prompt": prompt, "config": None}
        verdict = function(**{argument: given[argument] for argument in wanted})
        if verdict is not None and not isinstance(verdict, Verdict):
            raise ClassifierError(
                f"--classifier {spec}: {name} returned {type(verdict).__name__}; return a pytest_refusal.Verdict or None"
            )
        return verdict

    return classify


def _names_a_function(spec: str) -> bool:
    where, colon, name = spec.rpartition(":")
    return bool(colon and where and name.isidentifier())


def _module(where: str, spec: str) -> Any:
    try:
        if where.endswith(".py") or "/" in where or "\\" in where:
            return _from_file(Path(where), spec)
        return importlib.import_module(where)
    except ClassifierError:
        raise
    except Exception as exc:  # noqa: BLE001 - the user's code: any failure is reported with what it was
        raise ClassifierError(f"--classifier {spec}: importing {where} failed: {type(exc).__name__}: {exc}") from None


def _from_file(path: Path, spec: str) -> Any:
    if not path.is_file():
        raise ClassifierError(f"--classifier {spec}: no file {path}; give a .py file such as conftest.py")
    folder = str(path.resolve().parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)  # as pytest imports a conftest: its own folder's modules are importable
    module_spec = importlib.util.spec_from_file_location(
        f"_pytest_refusal_classifier_{abs(hash(str(path.resolve())))}", path
    )
    if module_spec is None or module_spec.loader is None:
        raise ClassifierError(f"--classifier {spec}: {path} cannot be imported as Python")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def _wanted_arguments(function: Callable[..., Any], spec: str) -> tuple[str, ...]:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return ("response",)
    wanted = []
    for parameter in parameters:
        if parameter.name in _ARGUMENTS:
            wanted.append(parameter.name)
        elif parameter.default is inspect.Parameter.empty and parameter.kind not in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        ):
            raise ClassifierError(
                f"--classifier {spec}: its function asks for {parameter.name!r}; a classifier takes "
                f"{', '.join(_ARGUMENTS)} (config is None in a calibration)"
            )
    return tuple(wanted)
