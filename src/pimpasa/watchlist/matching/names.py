"""Indonesian names: normalisation and similarity (see the package docstring for the rules)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Degrees as written without dots and spaces (S.H. → "sh"). None of these is an Indonesian name.
DEGREES = _words(
    """
    sh shi mh mhum mhi mkn spd spdi mpd mpdi se sei me mm msi ssi ssos sip sikom mikom skom mkom st
    mt sag mag sth mth skep sked sfarm spsi skes mkes skm sp spt shum sak ssn str sst sts amd
    amdkep amk mba mph msc bsc phd lc ma mae mtr map dipl
    """
)
#: Degrees that are also plausible name tokens: dropped only after a comma or with dots.
_DOTTED_ONLY_DEGREES = frozenset({"ma", "mae", "map", "str"})
#: Titles and forms of address dropped from the start of a name.
HONORIFICS = _words(
    """
    h hj haji hajjah hajah kh kyai kiai kiyai drs dra dr ir prof ust ustad ustadz ustaz ustadzah
    ustazah bapak bpk bp pak ibu bu sdr sdri saudara saudari tn tuan ny nyonya nn nona alm almh
    almarhum almarhumah mr mrs ms mas mbak mba bang kang cak teh gus
    """
)
#: Company forms dropped anywhere.
LEGAL_FORMS = frozenset({"pt", "cv", "ud", "tbk", "persero", "ltd", "sdn", "bhd", "inc", "corp", "co"})
#: Words that introduce the father's name.
PATRONYMIC_MARKERS = frozenset({"bin", "binti", "bt", "bte", "bn", "binte"})

_MUHAMMAD_RE = re.compile(r"^m(?:o|u|oe)(?:c?h|kh)?(?:a|e)?m{1,2}(?:a|e)d$")
_MUHAMMAD_SHORT = frozenset({"mohd", "muhd", "mhd", "moh", "moch", "mochd", "muh", "much", "mch", "md"})
#: Whole-word spellings rewritten before the letter rules.
_LEXICON = {
    "achmad": "ahmad",
    "akhmad": "ahmad",
    "achmat": "ahmad",
    "ahmat": "ahmad",
    "ahmed": "ahmad",
    "abd": "abdul",
    # Old spelling with j for y and no other mark of it.
    "jusuf": "yusuf",
    "jusup": "yusuf",
    "josoef": "yusuf",
    "yusup": "yusuf",
    "jahja": "yahya",
    "jahya": "yahya",
    "yahja": "yahya",
    "jakub": "yakub",
    "jacub": "yakub",
    "jaqub": "yakub",
    "junus": "yunus",
    "jasin": "yasin",
    "johanes": "yohanes",
    "johannes": "yohanes",
    "jeremias": "yeremias",
    "josef": "yosef",
    "joseph": "yosef",
}
#: Weights of tokens people often leave out of a name.
LIGHT_TOKENS = {"muhammad": 2.0, "siti": 2.0}
#: How much a token without a partner costs, relative to its weight.
MISSING_WEIGHT = 0.5
MISSING_PATRONYMIC_WEIGHT = 1 / 3
#: How a token pair's edit similarity (optimal string alignment) counts: linear between these
#: points, so one typo in a word keeps most of it ("santosa" for "santoso": 0.86 → 0.83) and
#: different names sharing letters earn little ("dedi" for "budi": 0.5 → 0; "susanto": 0).
TOKEN_CURVE = ((0.5, 0.0), (0.75, 0.7), (1.0, 1.0))
#: Two words differing only in j and y (old and new spelling, "Jejen"/"Yeyen") are this alike.
J_Y_SIMILARITY = 0.85
#: Similarity of an initial to a name it begins.
INITIAL_SIMILARITY = 0.75
#: Adjacent tokens joined count as one token of the other side from this similarity on.
COMPOUND_SIMILARITY = 0.85

_APOSTROPHES = re.compile(r"['’‘`ʼ]")
_NOT_NAME_CHARS = re.compile(r"[^a-z.,\s]")
_LETTERS = re.compile(r"[^a-z]")
_DOUBLED = re.compile(r"([a-z])\1+")
_FINAL_Y = re.compile(r"(?<=[^aeiou])y$")
_OLD_SPELLING = re.compile(r"dj|tj|sj|oe|^nj")
_FINAL_TJ = re.compile(r"(?<=[a-z])tj([aeiou])$")
#: "ie" for "i" near the end (Arief, Yudie, Fadlie), not inside a compound (Sitienok).
_FINAL_IE = re.compile(r"ie(?=[^aeiou]?$)")


@dataclass(frozen=True)
class NameKey:
    """A normalised name: the person's own tokens and the patronymic (after bin/binti), written order."""

    tokens: tuple[str, ...]
    patronymic: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return self.tokens + self.patronymic

    def __str__(self) -> str:
        return " ".join(self.all)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _NOT_NAME_CHARS.sub(" ", _APOSTROPHES.sub("", text))


def _compact(token: str) -> str:
    return _LETTERS.sub("", token)


def _is_degree(compact: str, *, dotted: bool) -> bool:
    if compact not in DEGREES:
        return False
    return dotted or compact not in _DOTTED_ONLY_DEGREES


def _drop_trailing_degrees(words: list[str]) -> list[str]:
    """Drop degrees at the end ("Budi Santoso S.H. M.H", "Budi S. Pd."), keeping at least one word."""
    while len(words) > 1:
        for size in (3, 2, 1):
            if len(words) <= size:
                continue
            tail = words[-size:]
            # Split degrees ("S. Pd.") are short dotted pieces.
            if size > 1 and not all(w.endswith(".") and len(_compact(w)) <= 3 for w in tail[:-1]):
                continue
            if _is_degree("".join(_compact(w) for w in tail), dotted=any("." in w for w in tail)):
                del words[-size:]
                break
        else:
            return words
    return words


def _spell(token: str) -> str:
    """Rewrite one token's spelling to today's and even out common doublets."""
    if token in _LEXICON:
        return _LEXICON[token]
    if _MUHAMMAD_RE.match(token) or token in _MUHAMMAD_SHORT:
        return "muhammad"
    old = bool(_OLD_SPELLING.search(token))
    # A final "tjo"/"tja" is t + old j (Prasetjo = Prasetyo); elsewhere tj is the old c (Tjipto).
    t = _FINAL_TJ.sub(r"ty\1", token)
    t = t.replace("oe", "u").replace("dj", "J").replace("tj", "c").replace("sj", "sy")
    if t.startswith("nj"):
        t = "ny" + t[2:]
    t = t.replace("ch", "h").replace("kh", "h").replace("sy", "s").replace("dz", "z")
    if old:
        t = t.replace("j", "y")
    t = t.replace("J", "j")
    if t in _LEXICON:
        return _LEXICON[t]
    t = t.replace("dh", "d").replace("th", "t").replace("ph", "f").replace("q", "k")
    t = _FINAL_IE.sub("i", t)
    t = _DOUBLED.sub(r"\1", t)
    if len(t) >= 3:
        t = _FINAL_Y.sub("i", t)
    if _MUHAMMAD_RE.match(t):
        return "muhammad"
    return t


@lru_cache(maxsize=262_144)
def name_key(text: str) -> NameKey:
    """Parse ``text`` into normalised tokens and patronymic (see the module docstring)."""
    segments = _fold(text or "").split(",")
    words = segments[0].split()
    for segment in segments[1:]:
        # After a comma: degrees ("Budi, S.H., M.Si."), or more name ("Santoso, Budi").
        pieces = segment.split()
        if pieces and _is_degree(_compact(segment), dotted=True):
            continue
        words.extend(pieces)
    words = _drop_trailing_degrees(words)
    tokens = [piece for word in words for piece in word.split(".") if piece]
    while len(tokens) > 1:
        if tokens[0] in HONORIFICS:
            del tokens[0]
        elif len(tokens) > 2 and tokens[:2] == ["k", "h"]:  # K. H.
            del tokens[:2]
        else:
            break
    if any(t not in LEGAL_FORMS for t in tokens):
        tokens = [t for t in tokens if t not in LEGAL_FORMS]
    spelled: list[str] = []
    for i, token in enumerate(tokens):
        # "M." before another name is Muhammad; a final "M." is an initial of something else.
        if token == "m" and i < len(tokens) - 1 and tokens[i + 1] not in PATRONYMIC_MARKERS:  # noqa: S105
            spelled.append("muhammad")
        elif token in PATRONYMIC_MARKERS:
            spelled.append(token)
        else:
            spelled.append(_spell(token))
    spelled = [t for t in spelled if t]
    for i, token in enumerate(spelled):
        if token in PATRONYMIC_MARKERS and i > 0:
            own = tuple(spelled[:i])
            father = tuple(t for t in spelled[i + 1 :] if t not in PATRONYMIC_MARKERS)
            return NameKey(own, father)
    return NameKey(tuple(t for t in spelled if t not in PATRONYMIC_MARKERS) or tuple(spelled))


def normalize_name(text: str) -> str:
    """Return ``text`` normalised for matching, tokens in written order, connectors dropped."""
    return str(name_key(text))


def search_key(text: str) -> str:
    """Return the normalised tokens of ``text`` sorted: the key stored for trigram retrieval."""
    return " ".join(sorted(name_key(text).all))


def join_words(a: str, b: str) -> str:
    """Return two words written as one, as ``name_key`` would read it ("nur" + "rahman" = "nurahman")."""
    return _DOUBLED.sub(r"\1", a + b)


def distinctive_words(key: NameKey) -> list[str]:
    """Return the words of a name that tell it apart: not initials, not ``muhammad`` or ``siti``."""
    return [t for t in dict.fromkeys(key.all) if len(t) > 1 and t not in LIGHT_TOKENS]


#: Prefix of a joined pair in ``index_tokens`` ("+nurhayati" for "nur hayati").
JOINED = "+"
#: Prefix of the signature of a name with at most one distinctive word ("=aminah" for "Siti Aminah").
SIGNATURE = "="


def signature(key: NameKey) -> str | None:
    """Return the signature of a name with at most one distinctive word, else None.

    "Siti Aminah" and "Aminah" share "=aminah"; "Muhammad" alone is "=muhammad".
    """
    words = distinctive_words(key)
    if len(words) == 1:
        return SIGNATURE + words[0]
    if not words:
        light = sorted({t for t in key.all if len(t) > 1})
        return SIGNATURE + " ".join(light) if light else None
    return None


def index_tokens(key: NameKey) -> tuple[str, ...]:
    """Return what a name is found by: its words, each two adjacent words joined with a ``+`` in
    front ("nur hayati" gives "nur", "hayati", "+nurhayati", so a compound matches however it is
    spaced), and its ``signature`` if it has one."""
    words = key.all
    out = [t for t in dict.fromkeys(words) if len(t) > 1]
    for a, b in itertools.pairwise(words):
        joined = JOINED + join_words(a, b)
        if len(a) > 1 and len(b) > 1 and joined not in out:
            out.append(joined)
    sig = signature(key)
    if sig:
        out.append(sig)
    return tuple(out)


def _token_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) == 1 or len(b) == 1:
        return INITIAL_SIMILARITY if a[0] == b[0] else 0.0
    if a.replace("j", "y") == b.replace("j", "y"):
        return J_Y_SIMILARITY
    return _curve(OSA.normalized_similarity(a, b))


def _curve(raw: float) -> float:
    (x0, y0), (x1, y1), (x2, y2) = TOKEN_CURVE
    if raw <= x0:
        return y0
    if raw <= x1:
        return y0 + (raw - x0) * (y1 - y0) / (x1 - x0)
    return y1 + (raw - x1) * (y2 - y1) / (x2 - x1)


@dataclass(frozen=True)
class _Token:
    text: str
    weight: float
    missing: float


@lru_cache(maxsize=262_144)
def _tokens(key: NameKey) -> tuple[_Token, ...]:
    out = []
    for text in key.tokens:
        weight = LIGHT_TOKENS.get(text, float(len(text)))
        out.append(_Token(text, weight, MISSING_WEIGHT))
    for text in key.patronymic:
        weight = LIGHT_TOKENS.get(text, float(len(text)))
        out.append(_Token(text, weight, MISSING_PATRONYMIC_WEIGHT))
    return tuple(out)


def _join_compounds(side: list[_Token], other: list[_Token]) -> list[_Token]:
    """Join adjacent tokens of ``side`` that together spell a token of ``other`` ("nur hayati")."""
    if len(side) < 2:
        return side
    targets = [t.text for t in other if len(t.text) >= 4]
    if not targets:
        return side
    out: list[_Token] = []
    i = 0
    while i < len(side):
        if i + 1 < len(side):
            joined = side[i].text + side[i + 1].text
            if any(
                joined == t or OSA.normalized_similarity(joined, t) >= COMPOUND_SIMILARITY for t in targets
            ) and not any(side[i].text == t or side[i + 1].text == t for t in targets):
                out.append(_Token(joined, float(len(joined)), min(side[i].missing, side[i + 1].missing)))
                i += 2
                continue
        out.append(side[i])
        i += 1
    return out


def _key_of(name: str | NameKey) -> NameKey:
    return name if isinstance(name, NameKey) else name_key(name)


def name_similarity(a: str | NameKey, b: str | NameKey) -> float:
    """Return how alike two names are (0-1) after normalisation; see the module docstring."""
    ka, kb = _key_of(a), _key_of(b)
    if not ka.all or not kb.all:
        return 0.0
    if ka.all == kb.all or sorted(ka.all) == sorted(kb.all):
        return 1.0
    ta, tb = list(_tokens(ka)), list(_tokens(kb))
    ta, tb = _join_compounds(ta, tb), _join_compounds(tb, ta)
    pairs = sorted(
        ((_token_similarity(x.text, y.text), i, j) for i, x in enumerate(ta) for j, y in enumerate(tb)),
        reverse=True,
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    earned = total = 0.0
    for sim, i, j in pairs:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        weight = (ta[i].weight + tb[j].weight) / 2
        earned += sim * weight
        total += weight
    total += sum(t.weight * t.missing for i, t in enumerate(ta) if i not in used_a)
    total += sum(t.weight * t.missing for j, t in enumerate(tb) if j not in used_b)
    return earned / total if total else 0.0
