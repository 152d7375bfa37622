"""The ``ner`` pipeline stage: tags the text stage's tokens and adds PERS/LOC/ORG/MISC mentions."""

from __future__ import annotations

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

    def __call__(self, extraction: Extraction) -> Extraction:
        text = extraction.document.text
        if not extraction.tokens and text.strip():
            extraction.tokens = tokenize(text)
        groups = self._sentence_tokens(extraction)
        found = self.tagger.entities_many([[t.text for t in group] for group in groups])
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
        """Tokens grouped by sentence (all tokens as one group when there are no sentences)."""
        tokens = extraction.tokens
        if not extraction.sentences:
            return [tokens] if tokens else []
        groups: list[list[Token]] = []
        i = 0
        for sentence in extraction.sentences:
            while i < len(tokens) and tokens[i].start < sentence.start:
                i += 1  # a token outside every sentence (should not happen): skip it
            group: list[Token] = []
            while i < len(tokens) and tokens[i].end <= sentence.end:
                group.append(tokens[i])
                i += 1
            if group:
                groups.append(group)
        if i < len(tokens):
            groups.append(tokens[i:])
        return groups
