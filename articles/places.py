"""Placing a story: which Region a dateline and a text are about.

The index is built from the official regions and districts (kecamatan) in the
database. A dateline such as SERANG names both Kabupaten Serang and Kota Serang;
the text then decides (``kecamatan Kragilan`` lies in Kabupaten Serang, ``Pemkot
Serang`` means the city). When nothing decides, the suggestion says so.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min

from articles.models import District, Region

# Short forms used in Indonesian copy, mapped to Kemendagri codes.
SHORT_FORMS = {
    "tangsel": "36.74",
    "jaksel": "31.74",
    "jakpus": "31.71",
    "jakut": "31.72",
    "jakbar": "31.73",
    "jaktim": "31.75",
    "jakarta": "31",
    "dki": "31",
    "dki jakarta": "31",
    "jabar": "32",
    "jateng": "33",
    "jatim": "35",
    "diy": "34",
    "jogja": "34",
    "yogya": "34",
    "sumut": "12",
    "sumbar": "13",
    "sumsel": "16",
    "babel": "19",
    "kepri": "21",
    "ntb": "52",
    "ntt": "53",
    "kalbar": "61",
    "kalteng": "62",
    "kalsel": "63",
    "kaltim": "64",
    "kaltara": "65",
    "sulut": "71",
    "sulteng": "72",
    "sulsel": "73",
    "sultra": "74",
    "sulbar": "76",
    "malut": "82",
    "bekasi kota": "32.75",
    # Institutions whose names carry no place: Korem 064/Maulana Yusuf covers Banten.
    "korem 064": "36",
    "danrem 064": "36",
}

REGENCY_PREFIXES = {"kabupaten": Region.Level.REGENCY, "kab": Region.Level.REGENCY}
REGENCY_PREFIXES |= {"pemkab": Region.Level.REGENCY, "bupati": Region.Level.REGENCY}
CITY_PREFIXES = {"kota": Region.Level.CITY, "pemkot": Region.Level.CITY}
CITY_PREFIXES |= {"walikota": Region.Level.CITY, "wali kota": Region.Level.CITY}
PROVINCE_PREFIXES = {"provinsi", "prov", "pemprov", "gubernur"}
DISTRICT_PREFIXES = {"kecamatan", "kec", "camat"}
AREA_PREFIXES = REGENCY_PREFIXES | CITY_PREFIXES
MAX_WORDS = 5

_cache: dict = {}

# Evidence weights: a named regency or city outweighs a district, which outweighs a province.
STRONG, DISTRICT, PROVINCE = 3, 2, 1


def normalize(text: str) -> list[str]:
    """Lower-case ASCII words: 'Kab. Serang' -> ['kab', 'serang']."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", text.lower())


def bare_name(region_name: str) -> str:
    words = normalize(region_name)
    if words[:2] in (["kabupaten", "administrasi"], ["kota", "administrasi"]):
        words = words[2:]
    elif words[:1] in (["kabupaten"], ["kota"]):
        words = words[1:]
    return " ".join(words)


@dataclass
class Suggestion:
    """The suggested region, the candidates considered, and why."""

    region: Region | None
    ambiguous: bool = False
    candidates: list[Region] = field(default_factory=list)
    reason: str = ""


class PlaceIndex:
    """Name lookups over all regions and districts, built once and reused."""

    def __init__(self, regions, districts):
        self.by_code: dict[str, Region] = {}
        self.by_bare: dict[str, list[Region]] = defaultdict(list)
        self.provinces: dict[str, Region] = {}
        self.districts: dict[str, list[Region]] = defaultdict(list)
        for region in regions:
            self.by_code[region.code] = region
            if region.is_province:
                self.provinces[" ".join(normalize(region.name))] = region
            else:
                self.by_bare[bare_name(region.name)].append(region)
        for province in list(self.provinces.values()):
            words = normalize(province.name)
            if words[:2] in (["daerah", "khusus"], ["daerah", "istimewa"]):
                # 'Daerah Istimewa Yogyakarta' is also written 'DI Yogyakarta'.
                self.provinces["di " + " ".join(words[2:])] = province
        for name, regency_code in districts:
            regency = self.by_code.get(regency_code)
            if regency:
                self.districts[" ".join(normalize(name))].append(regency)
        self.short_forms = {
            phrase: self.by_code[code]
            for phrase, code in SHORT_FORMS.items()
            if code in self.by_code
        }
        # The words a naming can begin with: every other word is passed over at once.
        self.starters = {phrase.split()[0] for phrase in [*self.short_forms, *self.provinces]}
        self.starters |= {"wali", *AREA_PREFIXES, *PROVINCE_PREFIXES, *DISTRICT_PREFIXES}

    @classmethod
    def cached(cls) -> "PlaceIndex":
        """The index kept per process (for the admin), rebuilt when the regions change."""
        stamp = tuple(
            Region.objects.aggregate(count=Count("pk"), last=Max("pk"), first=Min("pk")).values()
        )
        if _cache.get("stamp") != stamp:
            _cache.update(index=cls.load(), stamp=stamp)
        return _cache["index"]

    @classmethod
    def load(cls) -> "PlaceIndex":
        regions = Region.objects.select_related("province").order_by("code")
        districts = District.objects.values_list("name", "regency__code")
        return cls(list(regions), list(districts))

    def _lookup_bare(self, phrase: str, level) -> list[Region]:
        return [r for r in self.by_bare.get(phrase, []) if level is None or r.level == level]

    def evidence(self, text: str) -> dict[Region, int]:
        """Score the regions a text names, the most specific naming weighing most."""
        words = normalize(text)
        scores: dict[Region, int] = defaultdict(int)
        i = 0
        while i < len(words):
            matched = self._match_at(words, i, scores)
            i += matched or 1
        return scores

    def _match_at(self, words: list[str], i: int, scores) -> int:
        """Record the longest naming that starts at word i; return how many words it used."""
        if words[i] not in self.starters:
            return 0
        for size in range(MAX_WORDS, 0, -1):
            phrase = " ".join(words[i : i + size])
            if len(words[i : i + size]) < size:
                continue
            if phrase in self.short_forms:
                region = self.short_forms[phrase]
                scores[region] += PROVINCE if region.is_province else STRONG
                return size
            head, rest = words[i], " ".join(words[i + 1 : i + size])
            if size >= 2 and words[i : i + 2] == ["wali", "kota"]:
                head, rest = "walikota", " ".join(words[i + 2 : i + size])
            if rest and head in AREA_PREFIXES:
                level = AREA_PREFIXES[head]
                rest = rest.removeprefix("administrasi ")
                found = self._lookup_bare(rest, level)
                if found:
                    for region in found:
                        scores[region] += STRONG
                    return size
            if rest and head in DISTRICT_PREFIXES and rest in self.districts:
                for regency in self.districts[rest]:
                    scores[regency] += DISTRICT
                return size
            if rest and head in PROVINCE_PREFIXES and rest in self.provinces:
                scores[self.provinces[rest]] += PROVINCE
                return size
            if phrase in self.provinces:
                scores[self.provinces[phrase]] += PROVINCE
                return size
        return 0

    def dateline_candidates(self, place: str) -> list[Region]:
        """Regions a dateline place may mean: 'SERANG' -> Kabupaten and Kota Serang."""
        words = normalize(place)
        phrase = " ".join(words)
        if not phrase:
            return []
        explicit = self.evidence(place)
        if explicit and any(words[0] in p for p in (REGENCY_PREFIXES, CITY_PREFIXES)):
            return list(explicit)
        found: list[Region] = []
        if phrase in self.short_forms:
            found.append(self.short_forms[phrase])
        found += self.by_bare.get(phrase, [])
        found += self.districts.get(phrase, [])
        if phrase in self.provinces:
            found.append(self.provinces[phrase])
        unique = list(dict.fromkeys(found))
        return unique or list(explicit)

    def suggest(self, *, dateline: str = "", text: str = "") -> Suggestion:
        """Suggest the region for a story from its dateline place and its text."""
        scores = self.evidence(text)
        candidates = self.dateline_candidates(dateline)
        if candidates:
            return self._choose_among(candidates, scores, dateline)
        if dateline.strip() and not scores:
            return Suggestion(None, reason=f"tempat '{dateline}' tidak dikenal")
        return self._choose_from_text(scores, dateline)

    def _choose_among(self, candidates, scores, dateline) -> Suggestion:
        # A province in the dateline admits its regencies named in the text (JAKARTA + Jaksel).
        eligible = set(candidates)
        for region in scores:
            if region.province in eligible:
                eligible.add(region)
        ranked = sorted(eligible, key=lambda r: (-scores.get(r, 0), r.code))
        best = ranked[0]
        tied = [r for r in ranked if scores.get(r, 0) == scores.get(best, 0)]
        if len(tied) == 1:
            why = "dateline" if not scores.get(best) else "dateline dan isi berita"
            return Suggestion(best, candidates=ranked, reason=f"{why}: {best}")
        specific = [r for r in tied if not r.is_province]
        if len(specific) == 1:
            return Suggestion(specific[0], candidates=ranked, reason=f"dateline: {specific[0]}")
        names = " / ".join(r.name for r in tied)
        return Suggestion(
            self._common_province(tied),
            ambiguous=True,
            candidates=ranked,
            reason=f"tempat '{dateline}' ambigu ({names})",
        )

    def _choose_from_text(self, scores, dateline) -> Suggestion:
        if not scores:
            return Suggestion(None, reason="tidak ada nama wilayah")
        ranked = sorted(scores, key=lambda r: (-scores[r], r.is_province, r.code))
        best = ranked[0]
        tied = [r for r in ranked if scores[r] == scores[best] and not r.is_province]
        if len(tied) > 1:
            names = " / ".join(r.name for r in tied)
            return Suggestion(
                self._common_province(tied),
                ambiguous=True,
                candidates=ranked,
                reason=f"isi berita menyebut beberapa wilayah ({names})",
            )
        prefix = f"tempat '{dateline}' tidak dikenal; " if dateline.strip() else ""
        return Suggestion(best, candidates=ranked, reason=f"{prefix}isi berita: {best}")

    @staticmethod
    def _common_province(regions) -> Region | None:
        provinces = {r if r.is_province else r.province for r in regions}
        return provinces.pop() if len(provinces) == 1 else None
