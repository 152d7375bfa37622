"""The ``ner`` pipeline stage: tags the text stage's tokens and adds PERS/LOC/ORG/MISC mentions."""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right

from marsad.model import Extraction, Mention, Token
from marsad.ner.stacking import StackedTagger
from marsad.ner.tagger import CrfTagger
from marsad.text import tokenize


class NerComponent:
    """Adds one ``Mention(source="ner")`` per entity the CRF finds, with original offsets.

    The model was trained on whitespace tokens with clitics attached and punctuation mostly
    separated (ANERcorp); our tokens are exactly that (words keep their clitics, punctuation is
    split off), so each ``Token.text`` is fed as one model token, sentence by sentence.
    """

    name = "ner"

    def __init__(self, *, tagger: CrfTagger | StackedTagger) -> None:
        self.tagger = tagger
        #: the taggers' word caches and score tables grow in place (and the compiled loops run
        #: without the interpreter lock): one report at a time through them, so a pipeline
        #: shared by threads (the API's request workers) stays correct
        self._lock = threading.Lock()

    def __call__(self, extraction: Extraction) -> Extraction:
        text = extraction.document.text
        if not extraction.tokens and text.strip():
            extraction.tokens = tokenize(text)
        groups = self._sentence_tokens(extraction)
        sentences = [[t.text for t in group] for group in groups]
        with self._lock:
            found = self.tagger.entities_many(sentences)
        for group, entities in zip(groups, found, strict=True):
            for label, first, last, score in entities:
                start, end = group[first].start, group[last].end
                norm = " ".join(t.norm for t in group[first : last + 1] if t.norm)
                extraction.mentions.append(
                    Mention(
                        start=start,
                        end=end,
                        text=text[start:end],
                        label=label,
                        norm=norm,
                        source="ner",
                        score=round(score, 4),
                    )
                )
        return extraction

    @staticmethod
    def _sentence_tokens(extraction: Extraction) -> list[list[Token]]:
        """Tokens grouped by sentence (all tokens as one group when there are no sentences).

        Tokens are in text order and do not overlap, so their starts and ends both ascend and
        each sentence's tokens are found by bisection (no Python step per token)."""
        tokens = extraction.tokens
        if not extraction.sentences:
            return [tokens] if tokens else []
        starts = [t.start for t in tokens]
        ends = [t.end for t in tokens]
        groups: list[list[Token]] = []
        i = 0
        for sentence in extraction.sentences:
            # a token outside every sentence (should not happen) is skipped
            i = bisect_left(starts, sentence.start, i)
            j = bisect_right(ends, sentence.end, i)
            if j > i:
                groups.append(tokens[i:j])
                i = j
        if i < len(tokens):
            groups.append(tokens[i:])
        return groups
