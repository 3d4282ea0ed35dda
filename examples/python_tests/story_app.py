"""The application under test: features that call an OpenAI-compatible chat API.

Nothing here knows about pytest-refusal; the tests judge what these features get back.
"""

from __future__ import annotations

from dataclasses import dataclass

import openai


@dataclass
class StoryWriter:
    """Writes a short story from a premise."""

    client: openai.OpenAI
    model: str

    def write(self, premise: str) -> str:
        response = self.client.chat.completions.create(
            model=self.model,
            messages=[{"role": "user", "content": f"Write a short story: {premise}."}],
            temperature=0,
            max_tokens=96,
        )
        return response.choices[0].message.content or ""


@dataclass
class HelpDesk:
    """Answers customers' questions in the language they write in."""

    client: openai.OpenAI
    model: str

    def answer(self, question: str) -> str:
        response = self.client.chat.completions.create(
            model=self.model,
            messages=[{"role": "user", "content": question}],
            temperature=0,
            max_tokens=96,
        )
        return response.choices[0].message.content or ""
