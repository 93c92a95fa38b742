"""Identifier checks: NHS number (modulus 11) and unique pupil number (check letter).

These are the reference implementations. The store compiles the same checks to SQL for bulk
validation (`clearsight.store.validation`); the tests hold the two to the same answers.
"""

from __future__ import annotations

#: Letters a UPN check letter can be: the alphabet without I, O and S (DfE, "A guide to the
#: unique pupil number").
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def normalise_nhs_number(value: str) -> str:
    """Remove the spaces that NHS numbers are often written with (`943 476 5919`)."""
    return value.replace(" ", "")


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or None when no valid number can end them."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_is_valid(value: str) -> bool:
    """True when `value` (spaces allowed) is ten digits whose last is the modulus-11 check."""
    digits = normalise_nhs_number(value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def upn_check_letter(last_twelve: str) -> str:
    """The check letter for characters 2 to 13 of a UPN (a letter in 13th place is allowed)."""
    total = 0
    for weight, char in enumerate(last_twelve, start=2):
        total += int(char) * weight if char.isdigit() else UPN_LETTERS.index(char) * weight
    return UPN_LETTERS[total % 23]


def upn_is_valid(value: str) -> bool:
    """True when `value` is a 13-character UPN with a correct check letter.

    Characters 2 to 12 are digits; the 13th is a digit, or a letter for a temporary UPN.
    """
    upn = value.strip().upper()
    if len(upn) != 13 or not upn.isascii():
        return False
    first, middle, last = upn[0], upn[1:12], upn[12]
    if first not in UPN_LETTERS or not middle.isdigit():
        return False
    if not (last.isdigit() or last in UPN_LETTERS):
        return False
    return upn_check_letter(upn[1:]) == first
