"""Arabic normalization for matching, with a map back to original offsets.

The normalized string is a *matching key*, never shown to users: harakat and tatweel are
dropped, alef variants (أ إ آ ٱ) become ا, ى → ي, ة → ه, Persian/Urdu letters (ی ک ۀ گ) map to
their Arabic counterparts, Arabic-Indic and Persian digits become ASCII, Latin is lower-cased.
Because characters are only dropped or replaced one-for-one, ``offsets[i]`` (the original index
of normalized character ``i``) is enough to turn a match on the key into an exact original span.
"""

from __future__ import annotations

# Harakat (U+064B–U+065F), superscript alef (U+0670), Quranic marks, tatweel (U+0640).
_DROP = frozenset(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
    + ["\u200c", "\u200d", "\u200e", "\u200f", "\ufeff"]  # ZWNJ/ZWJ, bidi marks, BOM
)

_MAP: dict[str, str] = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ی": "ي",  # Persian yeh
    "ې": "ي",
    "ك": "ك",
    "ک": "ك",  # Persian keheh
    "ۀ": "ه",
    "ە": "ه",
    "ھ": "ه",
    "گ": "ك",
    "ؤ": "ؤ",
    "ٸ": "ي",
}
for _i, _d in enumerate("٠١٢٣٤٥٦٧٨٩"):
    _MAP[_d] = str(_i)
for _i, _d in enumerate("۰۱۲۳۴۵۶۷۸۹"):
    _MAP[_d] = str(_i)

# One translate table for the fast path: dropped characters map to None.
_TABLE: dict[int, str | None] = {ord(c): None for c in _DROP}
_TABLE.update({ord(k): v for k, v in _MAP.items() if k != v})


def normalize(text: str) -> str:
    """The matching key of ``text`` (see module docstring)."""
    return text.translate(_TABLE).lower()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalize and return, for every normalized character, its index in ``text``.

    The offsets list has one extra entry, ``len(text)``, so that a normalized end offset
    ``j`` maps to ``offsets[j]`` even at the end of the string.
    """
    translated = text.translate(_TABLE)
    if len(translated) == len(text):
        fast = translated.lower()
        if len(fast) == len(text):  # nothing dropped, nothing widened: offsets are the identity
            return fast, list(range(len(text) + 1))
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in _DROP:
            continue
        mapped = _MAP.get(ch, ch).lower()
        if len(mapped) != 1:  # some Latin letters lower-case to two characters (İ → i̇)
            mapped = mapped[0]
        out.append(mapped)
        offsets.append(i)
    offsets.append(len(text))
    return "".join(out), offsets


# The *light* form used to split clitics: harakat, tatweel and invisible marks dropped, Persian
# letters and digits mapped, but hamza, alef maqsura and ta marbuta KEPT, because they tell
# و+أدى (and it led) from وادي (valley). Characters are only dropped or mapped one-for-one.
_LIGHT_MAP: dict[str, str] = {
    "ٱ": "ا",  # alef wasla
    "ی": "ي",
    "ې": "ي",
    "ک": "ك",
    "گ": "ك",
    "ۀ": "ة",
    "ە": "ه",
    "ھ": "ه",
    "ٸ": "ئ",
}
_LIGHT_TABLE: dict[int, str | None] = {ord(c): None for c in _DROP}
_LIGHT_TABLE.update({ord(k): v for k, v in _LIGHT_MAP.items()})
_LIGHT_TABLE.update({ord(k): v for k, v in _MAP.items() if v.isdigit()})


def light_normalize(text: str) -> str:
    """The clitic-splitting form of ``text`` (see ``_LIGHT_MAP``); the stem lexicon uses it."""
    return text.translate(_LIGHT_TABLE)


def light_with_offsets(text: str) -> tuple[str, list[int]]:
    """``light_normalize`` plus the original index of every character (and ``len(text)``)."""
    light = text.translate(_LIGHT_TABLE)
    if len(light) == len(text):
        return light, list(range(len(text) + 1))
    offsets = [i for i, ch in enumerate(text) if ch not in _DROP]
    offsets.append(len(text))
    return light, offsets


def strip_harakat(text: str) -> str:
    """Remove diacritics and tatweel only (for display-preserving search indexes)."""
    return "".join(ch for ch in text if ch not in _DROP)


def is_arabic_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a" or "\u0671" <= ch <= "\u06d3" or ch in "\u06d5\u06ff"
