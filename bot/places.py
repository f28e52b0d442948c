"""Recognise regions, provinces and cohort years in a normalised question.

Paraphrase matching cannot pick one of 514 region entries reliably, so names are looked up
directly: exact n-grams of the normalised tokens (joined without spaces, so "gunung kidul"
finds Gunungkidul), admin-editable aliases, and the words kota / kabupaten / provinsi before a
name as a type hint. Typos are already repaired by the normaliser against these names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.knowledge_types import EntryKind
from bot.regions import Region, RegionData, province_id

MAX_NAME_TOKENS = 5
TYPE_WORDS = {"kota": "kota", "kabupaten": "kabupaten", "provinsi": "provinsi"}


@dataclass(frozen=True)
class Target:
    """What a name can refer to: a region or a province."""

    kind: EntryKind  # REGION or PROVINCE
    region: Region | None = None
    province: str = ""

    @property
    def entry_id(self) -> str:
        """The knowledge entry answering for this target."""
        return self.region.id if self.region else province_id(self.province)


@dataclass(frozen=True)
class Mention:
    """A name found at tokens[start:end] with the targets it can mean."""

    start: int
    end: int
    targets: tuple[Target, ...]
    hinted: bool  # the user wrote kota/kabupaten/provinsi before it


@dataclass(frozen=True)
class PlacesFound:
    """Everything recognised in one question."""

    mentions: tuple[Mention, ...]
    years: tuple[int, ...]

    @property
    def region_mentions(self) -> tuple[Mention, ...]:
        """Mentions that can refer to a kabupaten/kota."""
        return tuple(m for m in self.mentions
                     if any(t.kind is EntryKind.REGION for t in m.targets))

    @property
    def covered(self) -> frozenset[int]:
        """Token positions that belong to a recognised name (including its type word)."""
        positions: set[int] = set()
        for m in self.mentions:
            positions.update(range(m.start - (1 if m.hinted else 0), m.end))
        return frozenset(positions)


class PlaceFinder:
    """Look up region and province names in token sequences.

    A name right after one of `landmark_words` (kosakata.yaml: bukan_nama_daerah_setelah) is
    not taken for the region.
    """

    def __init__(self, data: RegionData, tokenize: Callable[[str], list[str]],
                 landmark_words: frozenset[str] = frozenset()) -> None:
        self._data = data
        self._landmark_words = landmark_words  # "danau toba" is a lake, not Kabupaten Toba
        self._index: dict[str, list[Target]] = defaultdict(list)
        self._token_keys: set[tuple[str, ...]] = set()
        province_keys: set[tuple[str, ...]] = set()
        for region in data.regions.values():
            self._add(tokenize(region.name), Target(EntryKind.REGION, region=region))
        for province in data.provinces:
            self._add(tokenize(province), Target(EntryKind.PROVINCE, province=province))
            province_keys.add(tuple(tokenize(province)))
        # "kabupaten tasik": a type word before an alias of the kota picks its kabupaten
        self._hinted: dict[str, list[Target]] = {}
        for alias, (kind, name) in data.aliases.items():
            if kind == "provinsi":
                target = Target(EntryKind.PROVINCE, province=name)
                province_keys.add(tuple(tokenize(alias)))
            else:
                target = Target(EntryKind.REGION, region=data.regions[(kind, name.lower())])
                self._hinted["".join(tokenize(alias))] = [
                    Target(EntryKind.REGION, region=data.regions[(other, name.lower())])
                    for other in TYPE_WORDS if (other, name.lower()) in data.regions]
            self._add(tokenize(alias), target)
        self.name_tokens = frozenset(t for key in self._token_keys for t in key)
        self.province_tokens = frozenset(t for key in province_keys for t in key)
        self.joined_names = frozenset(self._index)  # "parepare", "baubau", "tanjungpinang"
        self.max_name_words = max((len(k) for k in self._token_keys), default=1)

    def _add(self, tokens: list[str], target: Target) -> None:
        if not tokens:
            return
        key = "".join(tokens)
        if target not in self._index[key]:
            self._index[key].append(target)
        self._token_keys.add(tuple(tokens))

    def find(self, tokens: Sequence[str]) -> PlacesFound:
        """Find names (longest first, left to right) and cohort years."""
        mentions: list[Mention] = []
        i = 0
        while i < len(tokens):
            found = None
            for size in range(min(MAX_NAME_TOKENS, len(tokens) - i), 0, -1):
                key = "".join(tokens[i:i + size])
                if key in self._index and not (i > 0 and tokens[i - 1] in self._landmark_words):
                    found = (size, key)
                    break
            if found is None:
                i += 1
                continue
            size, key = found
            hint = TYPE_WORDS.get(tokens[i - 1]) if i > 0 else None
            if hint is None and i + size < len(tokens):  # "bekasi kota", "malang kabupaten"
                hint = TYPE_WORDS.get(tokens[i + size])
            targets = self._hinted.get(key, self._index[key]) if hint else self._index[key]
            mentions.append(Mention(i, i + size, _apply_hint(targets, hint), hint is not None))
            i += size
        years = tuple(sorted({int(t) for t in tokens if t.isdigit() and len(t) == 4
                              and 2000 <= int(t) <= 2100}))
        return PlacesFound(_qualify(mentions), years)


def _apply_hint(targets: list[Target], hint: str | None) -> tuple[Target, ...]:
    """Keep the targets the type word points to, when there are any."""
    if hint == "provinsi":
        chosen = [t for t in targets if t.kind is EntryKind.PROVINCE]
    elif hint in ("kota", "kabupaten"):
        chosen = [t for t in targets if t.region is not None and t.region.type == hint]
    else:
        chosen = []
    return tuple(chosen or targets)


def _qualify(mentions: list[Mention]) -> tuple[Mention, ...]:
    """A province named next to an ambiguous region name settles it ("banjar kalsel")."""
    provinces = {t.province for m in mentions for t in m.targets
                 if t.kind is EntryKind.PROVINCE and len(m.targets) == 1}
    result = []
    for m in mentions:
        if len(m.targets) > 1 and provinces:
            inside = tuple(t for t in m.targets if t.region and t.region.province in provinces)
            if inside:
                m = Mention(m.start, m.end, inside, m.hinted)
        result.append(m)
    # a province used only as a qualifier of a region is not a question about the province
    # ("banjar kalimantan selatan"); a province asked first, with regions of it named later as
    # examples, is ("maluku utara ada pesertanya? morotai masuk kan")
    result = [m for m in result if not _qualifies_previous(m, result)]
    asked = {m.targets[0].province: m.end for m in result
             if len(m.targets) == 1 and m.targets[0].kind is EntryKind.PROVINCE}
    regions = [m for m in result if all(t.kind is EntryKind.REGION for t in m.targets)]
    examples = [r for r in regions if all(
        t.region and asked.get(t.region.province, r.start) < r.start - (1 if r.hinted else 0)
        for t in r.targets)]
    if examples:
        return tuple(m for m in result if m not in examples)
    if regions:
        result = [m for m in result if not (len(m.targets) == 1 and m.targets[0].kind is
                                            EntryKind.PROVINCE and m.targets[0].province in {
                                                t.region.province for r in regions
                                                for t in r.targets if t.region})]
    return tuple(result)


def _qualifies_previous(mention: Mention, mentions: list[Mention]) -> bool:
    """A province right after a region of its own is that region's address.

    "Kabupaten Ngawi, Jawa Timur" names one kabupaten: the province asks nothing, and the
    kabupaten named again later is no example of it.
    """
    if len(mention.targets) != 1 or mention.targets[0].kind is not EntryKind.PROVINCE:
        return False
    province = mention.targets[0].province
    return any(m.end == mention.start and any(t.region and t.region.province == province
                                              for t in m.targets) for m in mentions)
