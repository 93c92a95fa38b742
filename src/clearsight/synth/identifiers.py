"""Valid NHS numbers and UPNs, and the valid-but-wrong ones that real records contain.

The exchange format rejects a file holding an identifier that fails its check, so identity
noise never produces a failing number: a mistyped identifier here is one that still passes
(a transposition or slip that happens to keep the check) or another person's valid number.
"""

from __future__ import annotations

import random

from clearsight.format.checks import (
    UPN_LETTERS,
    nhs_check_digit,
    nhs_number_is_valid,
    upn_check_letter,
    upn_is_valid,
)


def _codes(*spans: tuple[int, int]) -> tuple[str, ...]:
    return tuple(f"{n:03d}" for lo, hi in spans for n in range(lo, hi + 1))


#: Three-digit LA numbers a UPN can start with (the DfE's LA numbers, as the CIN census rule
#: 1530 lists them). A fictional authority borrows one for its UPNs (see docs).
UPN_LA_CODES: tuple[str, ...] = _codes(
    (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384),
    (390, 394), (420, 420), (660, 681), (701, 708), (800, 803), (805, 808), (810, 813),
    (815, 816), (820, 823), (825, 826), (830, 831), (835, 841), (845, 846), (850, 852),
    (855, 857), (860, 861), (865, 896), (908, 909), (916, 916), (919, 919), (921, 921),
    (925, 926), (928, 929), (931, 931), (933, 933), (935, 938), (940, 943),
)


def new_nhs_number(rng: random.Random) -> str:
    """A valid NHS number in the 9xx test range used for synthetic data (never issued)."""
    while True:
        first = "9" + "".join(str(rng.randrange(10)) for _ in range(8))
        check = nhs_check_digit(first)
        if check is not None:
            return first + str(check)


def new_upn(rng: random.Random, la_code: str, year: int) -> str:
    """A UPN: check letter, LA code (3 digits), year allocated (2 digits), 7 serial digits."""
    body = f"{la_code}{year % 100:02d}" + "".join(str(rng.randrange(10)) for _ in range(7))
    return upn_check_letter(body) + body


def slipped_nhs_number(number: str, rng: random.Random) -> str | None:
    """A valid NHS number one keying slip away from `number`, or None if none is found."""
    candidates: list[str] = []
    digits = list(number)
    for i in range(9):
        swapped = digits.copy()
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        candidates.append("".join(swapped))
    for i in range(10):
        for d in "0123456789":
            if d != digits[i]:
                candidates.append("".join([*digits[:i], d, *digits[i + 1 :]]))
    valid = [c for c in candidates if c != number and nhs_number_is_valid(c)]
    return rng.choice(valid) if valid else None


def slipped_upn(upn: str, rng: random.Random) -> str | None:
    """A valid UPN one keying slip away (a transposed pair of digits), or None."""
    candidates = []
    for i in range(1, 11):
        chars = list(upn)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
        body = "".join(chars[1:])
        candidates.append(upn_check_letter(body) + body)
    valid = [c for c in candidates if c != upn and upn_is_valid(c)]
    return rng.choice(valid) if valid else None


def spaced_nhs(number: str) -> str:
    """The way NHS numbers are printed: 3 3 4."""
    return f"{number[:3]} {number[3:6]} {number[6:]}"


__all__ = [
    "UPN_LETTERS",
    "new_nhs_number",
    "new_upn",
    "slipped_nhs_number",
    "slipped_upn",
    "spaced_nhs",
]
