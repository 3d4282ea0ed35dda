"""Cue families: a construction written as its parts, expanded into every phrasing.

A list of the phrasings seen in some replies holds only those; a construction whose words
combine freely ("it is / it was / it would be" + "not" + "right / fair / appropriate") is
written once as its parts, so a phrasing no reply used yet is found all the same.
"""

from itertools import product


def combine(*parts: tuple[str, ...]) -> tuple[str, ...]:
    """Every phrasing of a family: one word from each part, in order ("" leaves a part out)."""
    return tuple(dict.fromkeys("".join(words) for words in product(*parts)))
