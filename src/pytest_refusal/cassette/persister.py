"""Writing a recorded cassette: a secret audit first, then one atomic write (vcrpy's persister interface)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from pytest_refusal import atomicfile, secretaudit


class Owner(Protocol):
    """The cassette a persister writes for: what must not be written, and where the outcome is told."""

    findings: list[secretaudit.Finding]
    write_error: OSError | None
    written: bool

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every value that must appear in no cassette."""


class AuditingPersister:
    """Loads like vcrpy's filesystem persister; saves only after a secret audit, and atomically."""

    def __init__(self, owner: Owner) -> None:
        self.owner = owner

    def load_cassette(self, cassette_path: str, serializer: Any) -> Any:
        from vcr.persisters.filesystem import (  # type: ignore[import-untyped,unused-ignore]
            CassetteDecodeError,
            FilesystemPersister,
        )

        try:
            return FilesystemPersister.load_cassette(cassette_path, serializer=serializer)
        except CassetteDecodeError:
            # vcrpy would treat it as empty and let `once` overwrite it: a hand-edited cassette lost.
            raise ValueError("the file is not UTF-8 text") from None

    def save_cassette(self, cassette_path: str, cassette_dict: dict[str, Any], serializer: Any) -> None:
        from vcr.serialize import serialize  # type: ignore[import-untyped,unused-ignore]

        secrets = self.owner.secrets
        findings = audit(cassette_dict, secrets)
        data = serialize(cassette_dict, serializer)
        # Belt and braces: the live key must not appear in the final text, whatever its encoding.
        findings += [
            secretaudit.Finding("the serialised cassette", f"the live API key {secretaudit.mask(s)}")
            for s in secrets
            if len(s) >= 8 and s in data and not findings
        ]
        if findings:
            # Raising here would leave vcrpy's patches in place; the owner reports it after closing.
            self.owner.findings.extend(findings)
            return
        try:
            atomicfile.write_atomic(Path(cassette_path), data)
        except OSError as exc:  # raising here would leave vcrpy's patches in place, as above
            self.owner.write_error = exc
            return
        self.owner.written = True


def audit(cassette_dict: dict[str, Any], secrets: Iterable[str]) -> list[secretaudit.Finding]:
    """Every secret in a cassette about to be written."""
    findings: list[secretaudit.Finding] = []
    pairs = zip(cassette_dict["requests"], cassette_dict["responses"], strict=False)
    for index, (request, response) in enumerate(pairs):
        findings.extend(secretaudit.audit_interaction(index, request._to_dict(), response, secrets))
    return findings
