"""The loaded statistics in memory, with the comparisons every report and the back-test use:
funnels per indicator and year, neighbour medians, control charts and trend divergence."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median

from clearsight.compare import funnel as fn
from clearsight.compare import spc, trend
from clearsight.compare.authorities import ENGLAND_KEY, AuthorityRef
from clearsight.compare.indicators import INDICATORS, Indicator, get
from clearsight.store import public_stats as db
from clearsight.store.db import Store


@dataclass
class Dataset:
    authorities: dict[str, db.AuthorityRecord]
    rows: dict[tuple[str, str], dict[int, db.IndicatorRecord]]
    neighbours: dict[str, list[tuple[int, str, str]]]
    judgements: list[db.JudgementRecord]
    _funnels: dict[tuple[str, int], fn.Funnel | None] = field(default_factory=dict)

    @classmethod
    def from_store(cls, store: Store) -> Dataset:
        rows: dict[tuple[str, str], dict[int, db.IndicatorRecord]] = defaultdict(dict)
        for rec in db.indicator_rows(store):
            rows[(rec.indicator, rec.key)][rec.year] = rec
        auths = {a.key: a for a in db.authorities(store)}
        return cls(auths, dict(rows), db.all_neighbours(store), db.judgements(store))

    # -- look-ups ---------------------------------------------------------------------------

    def refs(self) -> list[AuthorityRef]:
        return [AuthorityRef(a.key, a.code, a.name) for a in self.authorities.values()
                if a.key != ENGLAND_KEY and "/" not in a.key]

    def la_keys(self) -> list[str]:
        return sorted(k for k in self.authorities if k != ENGLAND_KEY)

    def record(self, indicator: str, key: str, year: int) -> db.IndicatorRecord | None:
        return self.rows.get((indicator, key), {}).get(year)

    def years(self, indicator: str) -> list[int]:
        found = {y for (name, _), by_year in self.rows.items() if name == indicator
                 for y in by_year}
        return sorted(found)

    def series(
        self, indicator: str, key: str, up_to: int | None = None
    ) -> list[tuple[int, float]]:
        """(year, value) for years with a value, oldest first."""
        by_year = self.rows.get((indicator, key), {})
        return [(y, r.value) for y, r in sorted(by_year.items())
                if r.value is not None and (up_to is None or y <= up_to)]

    def units_for(self, indicator: str, key: str) -> list[str]:
        """The keys whose rows hold this authority's figures: itself, or a joint return."""
        if (indicator, key) in self.rows:
            return [key]
        return [k for (name, k) in self.rows if name == indicator and key in k.split("/")]

    # -- comparisons ------------------------------------------------------------------------

    def funnel(self, indicator: str, year: int) -> fn.Funnel | None:
        """All authorities for one indicator and year against England's figure."""
        cache_key = (indicator, year)
        if cache_key not in self._funnels:
            self._funnels[cache_key] = self._make_funnel(get(indicator), year)
        return self._funnels[cache_key]

    def _make_funnel(self, ind: Indicator, year: int) -> fn.Funnel | None:
        units = []
        for key in self.la_keys():
            rec = self.record(ind.name, key, year)
            if rec and rec.numerator is not None and rec.denominator and rec.value is not None:
                units.append(fn.Unit(key, rec.numerator, rec.denominator))
        if len(units) < 10:
            return None
        eng = self.record(ind.name, ENGLAND_KEY, year)
        if eng and eng.numerator is not None and eng.denominator:
            target = eng.numerator / eng.denominator
        else:  # no England row for that year: pool the authorities
            target = sum(u.numerator for u in units) / sum(u.denominator for u in units)
        return fn.funnel(ind.kind, target, units)

    def neighbour_median(self, indicator: str, key: str, year: int) -> tuple[float | None, int]:
        """Median of the statistical neighbours' values, and how many had one."""
        values = []
        for _, nkey, _ in self.neighbours.get(key, []):
            rec = self.record(indicator, nkey, year)
            if rec and rec.value is not None:
                values.append(rec.value)
        return (median(values) if values else None), len(values)

    def control_chart(self, indicator: str, key: str, up_to: int | None = None
                      ) -> tuple[list[int], spc.XmR] | None:
        points = self.series(indicator, key, up_to)
        if len(points) < 3:
            return None
        years = [y for y, _ in points]
        return years, spc.xmr([v for _, v in points], years)

    def divergence_from_england(self, indicator: str, key: str, up_to: int | None = None
                                ) -> trend.Divergence | None:
        own = dict(self.series(indicator, key, up_to))
        ref = dict(self.series(indicator, ENGLAND_KEY, up_to))
        years = sorted(set(own) & set(ref))
        return trend.divergence(years, [own[y] for y in years], [ref[y] for y in years])

    def divergence_from_neighbours(self, indicator: str, key: str, up_to: int | None = None
                                   ) -> trend.Divergence | None:
        own = dict(self.series(indicator, key, up_to))
        years, values, ref = [], [], []
        for y in sorted(own):
            med, count = self.neighbour_median(indicator, key, y)
            if med is not None and count >= 5:
                years.append(y)
                values.append(own[y])
                ref.append(med)
        return trend.divergence(years, values, ref)


ALL_INDICATORS = tuple(i.name for i in INDICATORS)
