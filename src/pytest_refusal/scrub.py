"""Secret redaction for recorded HTTP traffic, messages, reports and logs: live values, key shapes and credential-named fields."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from pytest_refusal.recordedfields import is_plain_header, is_secret_header, is_secret_param

__all__ = [
    "KEY_SHAPES",
    "MIN_SECRET",
    "REDACTED",
    "SecretSet",
    "clean",
    "clean_joined",
    "clean_many",
    "key_patterns",
    "redact",
    "redact_bytes",
    "request_secrets",
    "scrub_url",
    "text_of",
]

# Shapes of credentials worth refusing anywhere in a cassette and redacting anywhere else. Each needs
# enough length and entropy-ish characters that ordinary prose does not match.
KEY_SHAPES: tuple[tuple[str, str], ...] = (
    ("an sk- API key", r"\bsk-[A-Za-z0-9_\-]{20,}"),  # OpenAI, Anthropic (sk-ant-), OpenRouter (sk-or-)
    ("a Stripe-style secret key", r"\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}"),
    ("a bearer token", r"\bBearer\s+[A-Za-z0-9._~+/\-]{16,}=*"),
    ("a basic-auth credential", r"\bBasic\s+[A-Za-z0-9+/]{12,}=*"),
    ("a Google API key", r"\bAIza[0-9A-Za-z_\-]{35}"),
    ("an AWS access key id", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    ("a GitHub token", r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"),
    ("a Hugging Face token", r"\bhf_[A-Za-z0-9]{30,}"),
    ("a Slack token", r"\bxox[abprs]-[A-Za-z0-9\-]{10,}"),
    ("a JSON web token", r"\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]+"),
)


@functools.cache
def key_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """`KEY_SHAPES` compiled, on first use: compiling every pattern at import would cost each pytest start."""
    return tuple((label, re.compile(source)) for label, source in KEY_SHAPES)


# Credentials shorter than this are not looked for in text: they would match ordinary words.
MIN_SECRET = 8
REDACTED = "[redacted]"

_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#]*@")


def scrub_url(url: str) -> str:
    """The URL without user:password and with every query value outside `PLAIN_QUERY_PARAMS` redacted.

    Parameter names stay (that a key was passed in the query is worth seeing) and the rest of the
    URL keeps its exact spelling, so scrubbing twice changes nothing. Never raises, whatever the URL.
    """
    url = _USERINFO.sub(r"\1", url, count=1)
    base, question, rest = url.partition("?")
    if not question:
        return url
    query, hash_, fragment = rest.partition("#")
    return f"{base}?{_scrub_query(query)}{hash_}{fragment}"


def _scrub_query(query: str) -> str:
    pieces = []
    for piece in query.split("&"):
        name, eq, value = piece.partition("=")
        pieces.append(f"{name}={REDACTED}" if eq and value and value != REDACTED and is_secret_param(name) else piece)
    return "&".join(pieces)


def request_secrets(headers: Mapping[str, Any], url: str = "") -> set[str]:
    """The credential values one request carries: every header value not known to be plain, query values, userinfo.

    Filtering keeps them out of the request part of a cassette, but a proxy or provider that
    reflects the request puts them in the response; these values let the audit and every
    message we print catch that, also for keys that are not in the environment.
    """
    found: set[str] = set()
    for name, values in headers.items():
        if not is_secret_header(name):
            continue
        for value in values if isinstance(values, (list, tuple)) else [values]:
            text = text_of(value).strip()
            found.update({text, text.partition(" ")[2].strip()})  # "Bearer <token>": the token alone too
            if name.lower() == "cookie":
                for pair in text.split(";"):
                    found.update({pair.strip(), pair.partition("=")[2].strip()})
    base, _, rest = url.partition("?")
    for piece in rest.partition("#")[0].split("&"):
        name, _, value = piece.partition("=")
        if value and is_secret_param(name):
            found.update({value, unquote(value)})
    userinfo = _USERINFO.match(base)
    if userinfo:
        user, _, password = base[len(userinfo.group(1)) : userinfo.end() - 1].partition(":")
        found.update({user, password, unquote(password)})
    return {value for value in found if len(value) >= MIN_SECRET and value != REDACTED}


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret (longest first, so one inside another goes whole) replaced by [redacted]."""
    for secret in _longest_first(secrets):
        text = text.replace(secret, REDACTED)
    return text


def redact_bytes(data: bytes, secrets: Iterable[str]) -> bytes:
    """`redact` for a body as it came over the wire (UTF-8)."""
    for secret in _longest_first(secrets):
        data = data.replace(secret.encode("utf-8"), REDACTED.encode())
    return data


def _longest_first(secrets: Iterable[str]) -> list[str]:
    return sorted({s for s in secrets if len(s) >= MIN_SECRET}, key=len, reverse=True)


# What `clean` recognises in any text. Separate patterns, each starting with a literal or a
# character class so the regex engine can skip ahead, and each run only when its marker is there:
# `clean` runs over every answer a map records, so it has to cost microseconds.
_URL_CHARS = r"[^\s'\"<>\\`]"


@dataclass(frozen=True)
class _TextPatterns:
    url: re.Pattern[str]
    keys: re.Pattern[str]
    quoted: re.Pattern[str]
    line: re.Pattern[str]


@functools.cache
def _text_patterns() -> _TextPatterns:
    """Compiled on the first `clean`, not at import: a run that never cleans a text never pays for them."""
    return _TextPatterns(
        url=re.compile(
            rf"[A-Za-z][A-Za-z0-9+.\-]*://{_URL_CHARS}+"  # absolute: scheme://[userinfo@]host/path?query
            rf"|/{_URL_CHARS}*?\?{_URL_CHARS}+"  # a path with a query (a request target, as proxies echo it)
        ),
        # The key shapes without their leading \b (a prefix the engine can scan for); `_key` checks the boundary.
        keys=re.compile("|".join(source.removeprefix(r"\b") for _, source in KEY_SHAPES)),
        # (b'name', b'value') as httpcore logs headers, and "name": "value" / 'name': 'value' pairs.
        quoted=re.compile(
            r"(?P<tuple>\(b?'(?P<tname>[^'\\]+)',\s*b?')(?P<tvalue>[^'\\]*)(?='\))"
            r"|(?P<pair>(?P<pq>[\"'])(?P<pname>[A-Za-z0-9_.\-]+)(?P=pq)\s*[:=]\s*b?(?P<vq>[\"']))"
            r"(?P<pvalue>(?:\\.|(?!(?P=vq))[^\\\n])*)(?=(?P=vq))"
        ),
        # `Name: value` header lines (an HTTP dump in an error message).
        line=re.compile(r"^(?P<line>[ \t]*(?P<lname>[A-Za-z0-9\-]+):[ \t]*)(?P<lvalue>\S[^\r\n]*)", re.MULTILINE),
    )


# Words that make a name a credential's name (`X-Auth-Token`, `Ocp-Apim-Subscription-Key`, `set-cookie`).
_CREDENTIAL_WORDS = frozenset(
    {
        "auth",
        "authorization",
        "cookie",
        "session",
        "sessionid",
        "signature",
        "sig",
        "credential",
        "credentials",
        "passwd",
        "pwd",
        "code",
    }
)
_CREDENTIAL_ENDINGS = ("key", "token", "secret", "password")
# Cheap tests (substring checks) that decide which patterns need to run at all.
# Each is a literal every match of its `KEY_SHAPES` pattern holds ("gh" alone is in "knight", "right"...).
_KEY_MARKERS = (
    "sk-",
    "k_live_",
    "k_test_",
    "Bearer",
    "Basic",
    "AIza",
    "AKIA",
    "ASIA",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "hf_",
    "xox",
    "eyJ",
)
_CREDENTIAL_HINTS = ("key", "token", "secret", "passw", "pwd", "auth", "cookie", "session", "sig", "credential", "code")
_TRAILING = ".,;:!)}"  # not "]": a redacted value ends in one


def clean(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every credential known or recognised replaced by [redacted]: the one pass every artefact takes.

    Reports (JSON, Markdown, HTML, step summary, terminal map), JUnit properties, failure
    messages and the HTTP libraries' log records all go through here. `secrets` are the values
    we know (live keys, what the requests carried); on top of them it drops a URL's userinfo,
    redacts every query value outside `PLAIN_QUERY_PARAMS`, every `KEY_SHAPES` shape, header
    values in `(b'name', b'value')` pairs outside the plain ones, and quoted or `Name: value`
    pairs whose name says credential (key, token, secret, password, auth, cookie, session...).
    Cleaning twice changes nothing.
    """
    text = redact(text, secrets)
    if "?" in text or "://" in text:
        text = _text_patterns().url.sub(_url, text)
    if any(marker in text for marker in _KEY_MARKERS):
        text = _text_patterns().keys.sub(_key, text)
    lowered = text.lower()
    named = any(word in lowered for word in _CREDENTIAL_HINTS)
    if ("', b'" in text or "', '" in text) or (named and ("'" in text or '"' in text)):
        text = _text_patterns().quoted.sub(_quoted, text)
    if named and ":" in text:
        text = _text_patterns().line.sub(_line, text)
    return text


# Joins texts for one `clean` pass: no pattern reaches across a line break (or a NUL).
_SEPARATOR = "\n\x00\n"


def clean_many(texts: list[str], secrets: Iterable[str] = ()) -> list[str]:
    """`clean` for several texts at once (one pass over them joined): what the plugin does for each observation."""
    return clean_joined(texts, functools.partial(clean, secrets=secrets))


def clean_joined(texts: list[str], cleaner: Callable[[str], str]) -> list[str]:
    """`cleaner` applied to each text, in one call over them all joined: a pass per text costs more than its text.

    Texts holding the separator, or a cleaner that changed the number of separators, fall back
    to one call per text.
    """
    if any(_SEPARATOR in text for text in texts):
        return [cleaner(text) for text in texts]
    parts = cleaner(_SEPARATOR.join(texts)).split(_SEPARATOR)
    if len(parts) != len(texts):
        return [cleaner(text) for text in texts]
    # A text that came back unchanged is handed back itself, not the equal copy `split` made:
    # what the run keeps per item (JUnit values, observations) then shares one string.
    return [text if part == text else part for part, text in zip(parts, texts, strict=True)]


def _url(match: re.Match[str]) -> str:
    whole = match.group(0)
    if whole.startswith("/") and match.start() and match.string[match.start() - 1] not in " \t\n'\"(=:,[":
        return whole  # the middle of a word or a path, not a request target
    kept = whole.rstrip(_TRAILING)
    return scrub_url(kept) + whole[len(kept) :]


def _key(match: re.Match[str]) -> str:
    whole = match.group(0)
    if match.start() and (match.string[match.start() - 1].isalnum() or match.string[match.start() - 1] == "_"):
        return whole  # inside a longer word: not a key's start
    return "Bearer " + REDACTED if whole.startswith("Bearer") else REDACTED


def _quoted(match: re.Match[str]) -> str:
    if match.group("tuple") is not None:
        plain = is_plain_header(match.group("tname"))
        return match.group(0) if plain or not match.group("tvalue") else match.group("tuple") + REDACTED
    return _named(match.group("pair"), match.group("pname"), match.group("pvalue"), match.group(0))


def _line(match: re.Match[str]) -> str:
    return _named(match.group("line"), match.group("lname"), match.group("lvalue"), match.group(0))


def _named(prefix: str, name: str, value: str, whole: str) -> str:
    return prefix + REDACTED if value and value != REDACTED and _credential_name(name) else whole


def _credential_name(name: str) -> bool:
    words = re.split(r"[-_.]", name.lower())
    return any(w in _CREDENTIAL_WORDS or w.endswith(_CREDENTIAL_ENDINGS) for w in words)


class SecretSet:
    """The credential values a run has seen (live keys, what requests carried), for `clean`; safe across threads.

    Values are only ever added: a key seen once stays secret for the rest of the run, in every
    message, report and log line.
    """

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._values: set[str] = set()
        self._ordered: tuple[str, ...] = ()
        self.add(values)

    def add(self, values: Iterable[str]) -> None:
        new = {v for v in values if len(v) >= MIN_SECRET and v != REDACTED} - self._values
        if new:
            with self._lock:
                self._values |= new
                self._ordered = tuple(sorted(self._values, key=len, reverse=True))

    def __iter__(self) -> Iterator[str]:
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self._ordered)


def text_of(value: object) -> str:
    """A header or body value as text, whatever vcrpy stored it as (None, bytes, str)."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)
