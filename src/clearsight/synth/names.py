"""Invented names and places, and the ways agencies get them wrong.

The lists are written for this project (common given names and surnames of the kind found
across England, chosen by hand; no dataset was copied). Streets and the postcode area `QX`
are fictional: no real postcode area starts with Q.
"""

from __future__ import annotations

import random

GIVEN_F: tuple[str, ...] = (
    "Amelia", "Olivia", "Isla", "Ava", "Lily", "Freya", "Grace", "Sophie", "Evie", "Poppy",
    "Ella", "Ruby", "Chloe", "Jessica", "Megan", "Holly", "Leah", "Shannon", "Kayleigh",
    "Jade", "Chantelle", "Courtney", "Demi", "Tia", "Skye", "Maisie", "Lacey", "Amber",
    "Aisha", "Fatima", "Zainab", "Maryam", "Amira", "Hafsa", "Priya", "Simran", "Anjali",
    "Precious", "Blessing", "Abena", "Chioma", "Ama", "Kezia", "Nia", "Zara", "Layla",
    "Alexandra", "Katherine", "Elizabeth", "Rebecca", "Samantha", "Victoria", "Natalie",
    "Agnieszka", "Oliwia", "Zuzanna", "Ioana", "Elena", "Daria", "Esra", "Elif", "Mei",
)
GIVEN_M: tuple[str, ...] = (
    "Oliver", "George", "Harry", "Jack", "Jacob", "Charlie", "Thomas", "Alfie", "Riley",
    "Leo", "Oscar", "Archie", "Freddie", "Noah", "Logan", "Mason", "Tyler", "Kyle", "Jordan",
    "Dean", "Liam", "Connor", "Callum", "Brandon", "Kai", "Jayden", "Reece", "Lewis",
    "Mohammed", "Yusuf", "Ibrahim", "Ali", "Omar", "Hamza", "Ayaan", "Arjun", "Rohan",
    "Kwame", "Kofi", "Emmanuel", "Tobi", "Chidi", "Malachi", "Elijah", "Isaac", "Joshua",
    "Alexander", "Christopher", "Daniel", "Matthew", "Michael", "William", "Robert",
    "Jakub", "Szymon", "Mateusz", "Andrei", "Bogdan", "Mehmet", "Emre", "Wei",
)
FAMILY: tuple[str, ...] = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Jackson", "Clarke", "Patel", "Khan", "Hussain", "Ahmed", "Begum", "Ali", "Shah",
    "Okafor", "Mensah", "Adeyemi", "Boateng", "Campbell", "Morris", "Carter", "Hughes",
    "Price", "Bennett", "Cooper", "Kelly", "Murphy", "Ward", "Harris", "Lewis", "Turner",
    "Kowalski", "Nowak", "Wisniewska", "Popescu", "Ionescu", "Yilmaz", "Demir", "Chen",
    "Lee", "Nguyen", "Gallagher", "Doherty", "McCarthy", "Barker", "Marsh", "Fletcher",
    "Mahmood", "Rahman", "Chowdhury", "Mohamud", "Abdi", "Osei", "Grant", "Reid", "Pearce",
)

#: Given names with the short forms families and agencies use.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Alexandra": ("Alex", "Lexi"), "Katherine": ("Kate", "Katie"), "Elizabeth": ("Beth", "Lizzie"),
    "Rebecca": ("Becky",), "Samantha": ("Sam",), "Victoria": ("Vicky", "Tori"),
    "Natalie": ("Nat",), "Jessica": ("Jess",), "Alexander": ("Alex", "Xander"),
    "Christopher": ("Chris",), "Daniel": ("Danny", "Dan"), "Matthew": ("Matt",),
    "Michael": ("Mike", "Mikey"), "William": ("Will", "Billy"), "Robert": ("Rob", "Bobby"),
    "Thomas": ("Tom", "Tommy"), "Joshua": ("Josh",), "Jacob": ("Jake",), "Oliver": ("Ollie",),
    "Frederick": ("Freddie",), "Emmanuel": ("Manny",), "Mohammed": ("Mo",), "Ibrahim": ("Ibby",),
    "Jakub": ("Kuba",), "Agnieszka": ("Aga",), "Charlie": ("Charles",), "Amelia": ("Millie",),
    "Isaac": ("Zac",), "Oluwatobi": ("Tobi",), "Elena": ("Lena",),
}

#: Names written in more than one way in English (transliterations and common variants).
VARIANTS: tuple[tuple[str, ...], ...] = (
    ("Mohammed", "Muhammad", "Mohammad", "Mohamed", "Muhammed"),
    ("Aisha", "Ayesha", "Aysha"), ("Fatima", "Fatimah"), ("Maryam", "Mariam", "Miriam"),
    ("Yusuf", "Yousef", "Yusef"), ("Hussain", "Hussein", "Husain"), ("Ahmed", "Ahmad"),
    ("Mohamud", "Mohamoud", "Mahamud"), ("Chowdhury", "Choudhury", "Chaudhry"),
    ("Rahman", "Rehman"), ("Mahmood", "Mahmud", "Mehmood"), ("Zainab", "Zaynab"),
    ("Hafsa", "Hafsah"), ("Omar", "Umar"), ("Hamza", "Hamzah"), ("Ali", "Aly"),
    ("Wisniewska", "Wisniewski"), ("Kayleigh", "Kayley", "Kaylee"), ("Jayden", "Jaiden"),
    ("Reece", "Rhys"), ("Leah", "Lea"), ("Chantelle", "Shantelle"), ("Abdi", "Abdie"),
)
_VARIANT_OF: dict[str, tuple[str, ...]] = {n: group for group in VARIANTS for n in group}

STREET_WORDS: tuple[str, ...] = (
    "Alder", "Beacon", "Bramble", "Canal", "Chapel", "Cobden", "Dyer", "Elm", "Falcon",
    "Foundry", "Garnet", "Hawthorn", "Holly", "Kestrel", "Lark", "Linnet", "Maple", "Mill",
    "Nightingale", "Orchard", "Quarry", "Rowan", "Saxon", "Sorrel", "Tannery", "Teasel",
    "Viaduct", "Weaver", "Wharf", "Willow", "Wren", "Yew",
)
STREET_KINDS: tuple[str, ...] = ("Road", "Street", "Close", "Avenue", "Way", "Court", "Gardens",
                                 "Lane", "Crescent", "House")
TOWN = "Quarrington"
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def invent_address(rng: random.Random) -> tuple[str, str]:
    """A fictional address and postcode in the fictional `QX` postcode area."""
    street = f"{rng.choice(STREET_WORDS)} {rng.choice(STREET_KINDS)}"
    if street.endswith("House") or street.endswith("Court"):
        number = f"Flat {rng.randint(1, 48)}, {street}"
    else:
        number = f"{rng.randint(1, 160)} {street}"
    postcode = (
        f"QX{rng.randint(1, 19)} {rng.randint(1, 9)}"
        f"{rng.choice(_POSTCODE_LETTERS)}{rng.choice(_POSTCODE_LETTERS)}"
    )
    return f"{number}, {TOWN}", postcode


def misspell(name: str, rng: random.Random) -> str:
    """One typing slip: a doubled, dropped or swapped letter, or a vowel changed."""
    if len(name) < 4:
        return name + name[-1]
    i = rng.randint(1, len(name) - 2)
    kind = rng.randrange(4)
    if kind == 0:
        out = name[:i] + name[i] + name[i:]
    elif kind == 1:
        out = name[:i] + name[i + 1 :]
    elif kind == 2:
        out = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    else:
        vowels = "aeiou"
        positions = [j for j in range(1, len(name)) if name[j] in vowels]
        if not positions:
            return name[:i] + name[i] + name[i:]
        j = rng.choice(positions)
        out = name[:j] + rng.choice([v for v in vowels if v != name[j]]) + name[j + 1 :]
    return out if out != name else name + name[-1]


def nickname(name: str, rng: random.Random) -> str | None:
    options = NICKNAMES.get(name)
    return rng.choice(options) if options else None


def variant(name: str, rng: random.Random) -> str | None:
    """Another accepted English spelling of the name, if it has one."""
    group = _VARIANT_OF.get(name)
    if not group:
        return None
    return rng.choice([n for n in group if n != name])


def has_variants(name: str) -> bool:
    return name in _VARIANT_OF


#: Practitioners' names for the narratives and the `practitioner` column (invented).
PRACTITIONERS: tuple[str, ...] = (
    "A. Okoye", "B. Hargreaves", "C. Nowicka", "D. Achterberg", "E. Mbeki", "F. Lindqvist",
    "G. Rahimi", "H. Pemberton", "I. Castellano", "J. Whitlock", "K. Osei-Bonsu", "L. Farrant",
    "M. Devlin", "N. Suleiman", "O. Brannigan", "P. Treadwell", "R. Abiodun", "S. Kaczmarek",
    "T. Lowther", "U. Hanif", "V. Petrakis", "W. Ashdown", "Y. Adebayo", "Z. Quaye",
)
