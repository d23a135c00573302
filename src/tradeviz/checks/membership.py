"""Dated member lists of the aggregates that statistical tables state (EAEU, CIS, EU).

Each membership is an interval (first day, last day or None while it lasts) with a status. The
reference composition of an aggregate for a period is its *members* on the period's last day;
other compositions that occurred (the EU with the United Kingdom before 1 February 2020) and
wider readings (the CIS with its associate and participating states) are *variants*: a table that
follows a variant is reported as such, never silently accepted.

Sources (read 2026-11-29):

- EAEU: Treaty on the Eurasian Economic Union (in force 1 January 2015 for Belarus, Kazakhstan
  and Russia); accession treaties of Armenia (in force 2 January 2015) and Kyrgyzstan
  (12 August 2015).
- CIS: CIA World Factbook, entry "Commonwealth of Independent States (CIS)": members (9)
  Armenia, Azerbaijan, Belarus, Kazakhstan, Kyrgyzstan, Moldova, Russia, Tajikistan, Uzbekistan;
  associate member Turkmenistan; Georgia left in August 2009; Ukraine "has not formally withdrawn
  … but did formally end its participation in CIS statutory bodies in May 2018". Turkmenistan's
  change to associate status: 26 August 2005. Ukraine never ratified the CIS Charter (a founding,
  participating state, not a member).
- EU: the United Kingdom's membership ended on 31 January 2020 (Withdrawal Agreement in force
  1 February 2020); Croatia joined on 1 July 2013.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MEMBER = "member"
ASSOCIATE = "associate"
PARTICIPANT = "participant"

#: When the lists were last checked against their sources.
MEMBERSHIP_AS_OF = dt.date(2026, 11, 29)


@dataclass(frozen=True)
class Membership:
    """One country's membership of an aggregate over an interval."""

    country: str
    status: str
    start: dt.date
    end: dt.date | None = None

    def covers(self, day: dt.date) -> bool:
        """Return whether the membership holds on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


_EU_BEFORE_2013 = (
    "AUT BEL BGR CYP CZE DEU DNK ESP EST FIN FRA GRC HUN IRL ITA LTU LUX LVA MLT NLD POL PRT ROU "
    "SVK SVN SWE"
).split()

#: The dated member lists (EAEU, CIS, EU): aggregate code → memberships.
AGGREGATE_MEMBERSHIP: dict[str, tuple[Membership, ...]] = {
    "EAEU": (
        Membership("BLR", MEMBER, _d("2015-01-01")),
        Membership("KAZ", MEMBER, _d("2015-01-01")),
        Membership("RUS", MEMBER, _d("2015-01-01")),
        Membership("ARM", MEMBER, _d("2015-01-02")),
        Membership("KGZ", MEMBER, _d("2015-08-12")),
    ),
    "CIS": (
        *(
            Membership(code, MEMBER, _d("1991-12-21"))
            for code in ("ARM", "AZE", "BLR", "KAZ", "KGZ", "MDA", "RUS", "TJK", "UZB")
        ),
        Membership("TKM", MEMBER, _d("1991-12-21"), _d("2005-08-25")),
        Membership("TKM", ASSOCIATE, _d("2005-08-26")),
        Membership("UKR", PARTICIPANT, _d("1991-12-21"), _d("2018-05-31")),
        Membership("GEO", MEMBER, _d("1993-12-09"), _d("2009-08-18")),
    ),
    "EU": (
        # Members since 1 January 2007 at the latest (earlier accession dates are not needed for
        # the tables checked, so they are not recorded).
        *(Membership(code, MEMBER, _d("2007-01-01")) for code in _EU_BEFORE_2013),
        Membership("HRV", MEMBER, _d("2013-07-01")),
        Membership("GBR", MEMBER, _d("1973-01-01"), _d("2020-01-31")),
    ),
}


def members_on(
    aggregate: str, day: dt.date, statuses: tuple[str, ...] = (MEMBER,)
) -> frozenset[str]:
    """Return the countries of ``aggregate`` on ``day`` whose status is in ``statuses``.

    Parameters
    ----------
    aggregate : str
        A key of :data:`AGGREGATE_MEMBERSHIP` (``EAEU``, ``CIS``, ``EU``).
    day : datetime.date
        The date.
    statuses : tuple of str, optional
        Which statuses count (members only by default).

    Returns
    -------
    frozenset of str
        ISO3 codes.
    """
    return frozenset(
        m.country for m in AGGREGATE_MEMBERSHIP[aggregate] if m.covers(day) and m.status in statuses
    )


def compositions(aggregate: str, start: dt.date, end: dt.date) -> list[tuple[str, frozenset[str]]]:
    """Return the reference composition for a period, then the variants a table may follow.

    The reference is the members on ``end``. The variants, in order: the members on ``start``
    (a country that left or joined during the period), every earlier or later composition of the
    membership history (newest first), then the same with associate and participating states.

    Returns
    -------
    list of (str, frozenset)
        ``(label, countries)``, reference first; each label says which reading it is.
    """
    wide = (MEMBER, ASSOCIATE, PARTICIPANT)
    candidates = [
        (f"members on {end.isoformat()}", members_on(aggregate, end)),
        (f"members on {start.isoformat()}", members_on(aggregate, start)),
    ]
    spans = _history(aggregate)
    for statuses, words in (
        ((MEMBER,), "members"),
        (wide, "members, associate and participating states"),
    ):
        for first, last in spans:
            when = f"from {first.isoformat()}" + (f" to {last.isoformat()}" if last else " on")
            candidates.append((f"{words} {when}", members_on(aggregate, first, statuses)))
    seen: set[frozenset[str]] = set()
    unique = []
    for label, countries in candidates:
        if countries and countries not in seen:
            seen.add(countries)
            unique.append((label, countries))
    return unique


def _history(aggregate: str) -> list[tuple[dt.date, dt.date | None]]:
    """Return the spans between membership changes of ``aggregate``, newest first."""
    changes = set()
    for m in AGGREGATE_MEMBERSHIP[aggregate]:
        changes.add(m.start)
        if m.end is not None:
            changes.add(m.end + dt.timedelta(days=1))
    ordered = sorted(changes)
    spans = [
        (day, ordered[i + 1] - dt.timedelta(days=1) if i + 1 < len(ordered) else None)
        for i, day in enumerate(ordered)
    ]
    return list(reversed(spans))


def status_note(aggregate: str, country: str) -> str:
    """Return the membership history of one country in words (for messages)."""
    spans = [m for m in AGGREGATE_MEMBERSHIP.get(aggregate, ()) if m.country == country]
    if not spans:
        return f"{country}: never listed"
    parts = [
        f"{m.status} {m.start.isoformat()}–{m.end.isoformat() if m.end else 'today'}" for m in spans
    ]
    return f"{country}: " + ", ".join(parts)
