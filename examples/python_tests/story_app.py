"""The application under test: features that call an OpenAI-compatible chat API.

Nothing here knows about pytest-refusal; the tests judge what these features get back.
"""

from __future__ import annotations

from dataclasses import dataclass

import openai


@dataclass
class ChatFeature:
    """One product feature backed by a chat model."""

    client: openai.OpenAI
    model: str

    def _chat(self, content: str) -> str:
        response = self.client.chat.completions.create(
            model=self.model,
            messages=[{"role": "user", "content": content}],
            temperature=0,
            max_tokens=96,
        )
        return response.choices[0].message.content or ""


class StoryWriter(ChatFeature):
    """Writes a short story from a premise."""

    def write(self, premise: str) -> str:
        return self._chat(f"Write a short story: {premise}.")


class HelpDesk(ChatFeature):
    """Answers customers' questions in the language they write in."""

    def answer(self, question: str) -> str:
        return self._chat(question)
