"""Match people and organisations by name, birth date, NIK and phone (pure: no ORM, no I/O).

The watchlist search and the reports app use the same functions, so a name is
read the same way wherever it is compared.

Public API
----------

``normalize_name(text: str) -> str``
    The name as matching reads it, tokens in written order: ``"H. Moch. Djoko
    Soesilo, S.H."`` → ``"muhammad joko susilo"``.
``index_tokens(key: NameKey) -> tuple[str, ...]``
    What a name is found by: its words, adjacent words joined (``+nurhayati``), and the
    signature of a name with at most one distinctive word (``=aminah``); see ``retrieval``.
``search_key(text: str) -> str``
    The normalised tokens sorted, space separated: the key stored for trigram
    retrieval (``"joko muhammad susilo"``). Equal keys mean "same name, any order".
``name_key(text: str) -> NameKey``
    The parsed name: ``tokens`` (the person's own names) and ``patronymic``
    (the father's name after bin/binti).
``name_similarity(a: str | NameKey, b: str | NameKey) -> float``
    0-1, how alike two names are after normalisation (see "Names" below).
``phone_key(text: str) -> str | None``
    An Indonesian number in E.164 (``+6281234567890``) via ``lokal-id``, or None.
``nik_facts(text: str) -> NikFacts | None``
    A valid NIK with the birth date and sex it encodes (via ``lokal-id``), or None.
``Person(full_name, aliases=(), birth_date=None, nik="", phones=(), sex="")``
    What is known of one side; ``sex`` is ``"L"`` or ``"P"`` as on a KTP (``"M"``/``"F"``
    are read as ``"L"``/``"P"``), ``""`` when unknown.
``score(query: Person, candidate: Person) -> MatchResult``
    ``MatchResult.score`` (0-1, three decimals) and ``MatchResult.reasons``.
``rank(query: Person, candidates: Iterable[tuple[K, Person]], *, threshold: float, limit: int)
-> list[tuple[K, MatchResult]]``
    The candidates at or above ``threshold``, best first, at most ``limit``.

Names
-----

Each name is folded (lower case, accents and apostrophes dropped, other
punctuation a word break) and then:

- academic degrees after a comma or at the end are dropped (``S.H.``, ``S.Pd.``,
  ``S.E.``, ``M.M.``, ``M.Si``, ``A.Md.``, ``Lc`` …);
- leading titles and forms of address are dropped (``H.``, ``Hj.``, ``Drs.``,
  ``Dra.``, ``Dr.``, ``Ir.``, ``Prof.``, ``KH``, ``Ust./Ustadz``, ``Bapak``, ``Ibu``,
  ``Sdr.``, ``Mas``, ``Mbak`` …) as long as a name remains; company forms (``PT``,
  ``CV``, ``UD``, ``Tbk``) anywhere;
- ``Muhammad`` in any spelling or abbreviation (``Muhamad``, ``Mohammad``,
  ``Mochamad``, ``Moh.``, ``Moch.``, ``Muh.``, ``Mhd.``, and ``M.`` before another
  name) becomes ``muhammad``; ``Achmad``/``Akhmad`` become ``ahmad``;
- the spelling before 1972 (ejaan lama) is rewritten: ``oe``→``u``, ``dj``→``j``,
  ``tj``→``c``, ``sj``→``sy``, ``nj``→``ny`` at the start of a name, ``ch``→``kh``;
  the old ``j`` for today's ``y`` only where the word shows old spelling (it
  held ``dj``, ``tj``, ``sj``, ``oe`` or a leading ``nj``: ``Soerjadi``→``suryadi``,
  ``Djojo``→``joyo``) or for a short list of names (``Jusuf``→``yusuf``,
  ``Jahja``→``yahya``): a bare ``j`` is a ``j`` today (``Joko``), so rewriting every
  ``j`` would make ``Juni`` and ``Yuni`` one name;
- common spelling doublets are evened out: doubled letters (``Abdullah`` =
  ``Abdulah``), ``dh``/``d``, ``th``/``t``, ``ph``/``f``, ``q``/``k``, ``ie``/``i``
  (``Arief`` = ``Arif``), a final ``y`` after a consonant (``Rudy`` = ``Rudi``);
- ``bin``, ``binti``, ``bt``, ``bte``, ``bn`` are dropped and the names after them
  kept as the patronymic, a weaker part: when one side lacks it, it costs less.

Two names are compared token by token, in any order: adjacent tokens of one
side are joined when that gives a token of the other (``Nur Hayati`` =
``Nurhayati``), then tokens are paired greedily by similarity (optimal string
alignment, so a swapped pair of letters is one edit; an initial matches a name
it begins). A pair counts by its similarity, rescaled so that unrelated
spellings earn nothing (``(s - 0.4) / 0.6``), weighted by the tokens' length; a
token left without a partner counts as a miss at half weight (a third for a
patronymic), so a name missing one of its parts scores lower but not zero.
``muhammad`` and ``siti`` weigh little: they are often left out.

Evidence
--------

The name similarity of the best-matching name (full name or an alias) is then
adjusted, in this order:

===========================  ===============================================
reason                        effect
===========================  ===============================================
``birth_date:match``          ``s += 0.35 (1 - s)``
``birth_date:near``           none (one digit apart, or day and month swapped)
``birth_date:conflict``       ``s -= 0.30``
``nik_birth_date:match``      the NIK's DDMMYY (day + 40 for women) equals the other
                              side's birth date: ``s += 0.35 (1 - s)``
``nik_birth_date:conflict``   ``s -= 0.30``
``nik:differs``               two NIKs encoding the same birth date and sex: ``s -= 0.10``
``nik:conflict``              two NIKs encoding different ones: ``s -= 0.30``
``sex:conflict``              ``s -= 0.20``
``phone:match``               ``s += 0.5 (1 - s)``, and at least ``0.80``
``nik:match``                 at least ``0.95 + 0.05 * name``
===========================  ===============================================

Birth dates are compared explicitly when both sides have one; otherwise a
side's NIK stands in for its birth date (only day, month and the two-digit year
are compared, since a NIK does not say the century). Reasons also carry
``name:0.93`` (the name similarity), ``via:alias`` when an alias matched best,
and ``patronymic:conflict`` when both fathers' names are known and differ.
"""

from __future__ import annotations

from .identifiers import NikFacts, nik_facts, phone_key
from .names import (
    JOINED,
    LIGHT_TOKENS,
    SIGNATURE,
    NameKey,
    distinctive_words,
    index_tokens,
    join_words,
    name_key,
    name_similarity,
    normalize_name,
    search_key,
    signature,
)
from .scoring import MatchResult, Person, names_of, rank, score

__all__ = [
    "JOINED",
    "LIGHT_TOKENS",
    "SIGNATURE",
    "MatchResult",
    "NameKey",
    "NikFacts",
    "Person",
    "distinctive_words",
    "index_tokens",
    "join_words",
    "name_key",
    "name_similarity",
    "names_of",
    "nik_facts",
    "normalize_name",
    "phone_key",
    "rank",
    "score",
    "search_key",
    "signature",
]
