"""Fixed settings and the small rules of the demo data set (seeded, so the data is the same)."""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import unicodedata

from stdnum.no import orgnr

SEED = 20241101
PASSWORD = "demo-passord-123"
USERS = (
    ("koordinator@lup.no", "Kari Koordinator", "coordinator"),
    ("admin@lup.no", "Ola Administrator", "admin"),
)
UID_PATTERN = "demo-{:02d}@netmgr.lup"
TEAMS = "https://teams.microsoft.com/l/meetup-join/lup-demo-{:02d}"
EVENT_COUNT = 40


def valid_org_number(rng: random.Random) -> str:
    """A 9-digit organisation number starting with 9 whose mod-11 check digit is valid."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        digits = [9] + [rng.randint(0, 9) for _ in range(7)]
        check = (11 - sum(w * d for w, d in zip(weights, digits)) % 11) % 11
        if check != 10:
            number = "".join(map(str, digits)) + str(check)
            if orgnr.is_valid(number):
                return number


def ascii_slug(text: str, sep: str = ".") -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", sep, text).strip(sep)


def attendance_chance(population: int | None) -> float:
    """Grows with log10 of the population: under 3,000 people 1 %, 20,000 18 %, Oslo 49 %."""
    pop = max(population or 1, 1)
    return min(0.9, max(0.01, 0.03 + 0.2 * (math.log10(pop) - 3.5)))


def membership_chance(population: int | None) -> float:
    """Most large municipalities are members; small ones rarely (a few keen ones are added)."""
    pop = max(population or 1, 1)
    if pop >= 100_000:
        return 0.8
    return min(0.95, max(0.01, 0.03 + 0.25 * (math.log10(pop) - 3.5)))


def working_day(day: dt.date) -> dt.date:
    """Move a day out of the summer and Christmas holidays, onto Tuesday to Thursday."""
    while True:
        if day.month == 7 or (day.month == 8 and day.day < 10):
            day = dt.date(day.year, 8, 11 + day.day % 7)
        elif (day.month == 12 and day.day >= 18) or (day.month == 1 and day.day < 7):
            day = dt.date(day.year + (day.month == 12), 1, 8 + day.day % 7)
        elif day.weekday() not in (1, 2, 3):
            day += dt.timedelta(days=1)
        else:
            return day
