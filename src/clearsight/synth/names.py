"""Invented names and places, and the ways agencies get them wrong.

The lists are written for this project (common given names and surnames of the kind found
across England, chosen by hand; no dataset was copied). Streets and the postcode area `QX`
are fictional: no real postcode area starts with Q.
"""

from __future__ import annotations

import random

#: Name pools by naming tradition: (given female, given male, family). A family's names come
#: from the pools its ethnicity suggests, so that names fit together as they do in life.
NAME_GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "british": (
        ("Amelia", "Olivia", "Isla", "Ava", "Lily", "Freya", "Grace", "Sophie", "Evie", "Poppy",
         "Ella", "Ruby", "Chloe", "Jessica", "Megan", "Holly", "Leah", "Shannon", "Kayleigh",
         "Jade", "Chantelle", "Courtney", "Demi", "Tia", "Skye", "Maisie", "Lacey", "Amber",
         "Alexandra", "Katherine", "Elizabeth", "Rebecca", "Samantha", "Victoria", "Natalie"),
        ("Oliver", "George", "Harry", "Jack", "Jacob", "Charlie", "Thomas", "Alfie", "Riley",
         "Leo", "Oscar", "Archie", "Freddie", "Noah", "Logan", "Mason", "Tyler", "Kyle",
         "Jordan", "Dean", "Liam", "Connor", "Callum", "Brandon", "Kai", "Jayden", "Reece",
         "Lewis", "Alexander", "Christopher", "Daniel", "Matthew", "Michael", "William",
         "Robert", "Joshua"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
         "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
         "Hall", "Wood", "Jackson", "Clarke", "Morris", "Carter", "Hughes", "Price", "Bennett",
         "Cooper", "Kelly", "Murphy", "Ward", "Harris", "Lewis", "Turner", "Gallagher",
         "Doherty", "McCarthy", "Barker", "Marsh", "Fletcher", "Pearce"),
    ),
    "caribbean": (
        ("Precious", "Shanice", "Tia", "Nia", "Kezia", "Jade", "Aaliyah", "Chantelle", "Leah"),
        ("Malachi", "Elijah", "Isaac", "Joshua", "Tyrone", "Jordan", "Marcus", "Kai", "Nathan"),
        ("Campbell", "Grant", "Reid", "Brown", "Francis", "Henry", "Thomas", "Morgan", "Baptiste"),
    ),
    "west_african": (
        ("Precious", "Blessing", "Abena", "Chioma", "Ama", "Favour", "Adaeze", "Esther", "Grace"),
        ("Kwame", "Kofi", "Emmanuel", "Tobi", "Chidi", "David", "Samuel", "Oluwaseun", "Daniel"),
        ("Okafor", "Mensah", "Adeyemi", "Boateng", "Osei", "Okonkwo", "Adebayo", "Asante",
         "Nwosu"),
    ),
    "somali": (
        ("Hodan", "Amina", "Fadumo", "Hibo", "Sagal", "Ayan", "Hafsa", "Maryam"),
        ("Abdi", "Mohamed", "Ahmed", "Hassan", "Yusuf", "Abdirahman", "Mustafe", "Ali"),
        ("Mohamud", "Abdi", "Hassan", "Farah", "Warsame", "Ali", "Osman", "Jama"),
    ),
    "south_asian_muslim": (
        ("Aisha", "Fatima", "Zainab", "Maryam", "Amira", "Hafsa", "Ayesha", "Sana", "Zara",
         "Layla", "Nadia", "Samina"),
        ("Mohammed", "Yusuf", "Ibrahim", "Ali", "Omar", "Hamza", "Ayaan", "Zayn", "Bilal",
         "Imran", "Adam"),
        ("Khan", "Hussain", "Ahmed", "Begum", "Ali", "Shah", "Mahmood", "Rahman", "Chowdhury",
         "Iqbal", "Akhtar", "Miah", "Uddin"),
    ),
    "south_asian_hindu_sikh": (
        ("Priya", "Simran", "Anjali", "Kiran", "Nisha", "Harpreet", "Pooja", "Riya", "Jaspreet"),
        ("Arjun", "Rohan", "Aarav", "Harjit", "Vikram", "Sanjay", "Gurpreet", "Dev", "Ravi"),
        ("Patel", "Singh", "Kaur", "Sharma", "Gill", "Sandhu", "Mistry", "Shah", "Kumar"),
    ),
    "east_european": (
        ("Agnieszka", "Oliwia", "Zuzanna", "Ioana", "Elena", "Daria", "Natalia", "Alina",
         "Kamila", "Andreea"),
        ("Jakub", "Szymon", "Mateusz", "Andrei", "Bogdan", "Piotr", "Tomasz", "Mihai",
         "Lukas", "Marius"),
        ("Kowalski", "Nowak", "Wisniewska", "Popescu", "Ionescu", "Kaminski", "Lewandowski",
         "Dumitru", "Balan", "Kazlauskas"),
    ),
    "turkish": (
        ("Esra", "Elif", "Zeynep", "Ayse", "Merve", "Defne"),
        ("Mehmet", "Emre", "Mustafa", "Yusuf", "Can", "Burak"),
        ("Yilmaz", "Demir", "Kaya", "Celik", "Sahin", "Arslan"),
    ),
    "east_asian": (
        ("Mei", "Lin", "Xinyi", "Grace", "Jia", "Linh", "Emily"),
        ("Wei", "Jun", "Hao", "Ming", "Minh", "Kevin", "Jason"),
        ("Chen", "Lee", "Nguyen", "Wong", "Zhang", "Li", "Tran", "Liu"),
    ),
}

#: Which naming traditions each CIN census ethnicity code draws on, with weights.
ETHNICITY_NAMES: dict[str, tuple[tuple[str, float], ...]] = {
    "WBRI": (("british", 1.0),), "WIRI": (("british", 1.0),), "WIRT": (("british", 1.0),),
    "WOTH": (("east_european", 0.6), ("british", 0.2), ("turkish", 0.2)),
    "WROM": (("east_european", 0.7), ("british", 0.3)),
    "MWBC": (("british", 0.6), ("caribbean", 0.4)),
    "MWBA": (("british", 0.5), ("west_african", 0.5)),
    "MWAS": (("british", 0.5), ("south_asian_muslim", 0.25), ("south_asian_hindu_sikh", 0.25)),
    "MOTH": (("british", 0.7), ("caribbean", 0.3)),
    "AIND": (("south_asian_hindu_sikh", 0.85), ("south_asian_muslim", 0.15)),
    "APKN": (("south_asian_muslim", 1.0),), "ABAN": (("south_asian_muslim", 1.0),),
    "AOTH": (("south_asian_muslim", 0.5), ("south_asian_hindu_sikh", 0.5)),
    "BAFR": (("west_african", 0.7), ("somali", 0.3)),
    "BCRB": (("caribbean", 1.0),), "BOTH": (("caribbean", 0.5), ("west_african", 0.5)),
    "CHNE": (("east_asian", 1.0),),
    "OOTH": (("turkish", 0.4), ("east_asian", 0.3), ("somali", 0.3)),
    "NOBT": (("british", 1.0),), "REFU": (("british", 1.0),),
}


def naming_group(ethnicity: str, rng: random.Random) -> str:
    options = ETHNICITY_NAMES.get(ethnicity, (("british", 1.0),))
    x = rng.random() * sum(w for _, w in options)
    for group, w in options:
        x -= w
        if x < 0:
            return group
    return options[-1][0]


def given_name(group: str, sex: str, rng: random.Random) -> str:
    female, male, _ = NAME_GROUPS[group]
    return rng.choice(female if sex == "F" else male)


def family_name(group: str, rng: random.Random) -> str:
    return rng.choice(NAME_GROUPS[group][2])


GIVEN_F: tuple[str, ...] = tuple(n for g in NAME_GROUPS.values() for n in g[0])
GIVEN_M: tuple[str, ...] = tuple(n for g in NAME_GROUPS.values() for n in g[1])
FAMILY: tuple[str, ...] = tuple(n for g in NAME_GROUPS.values() for n in g[2])

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
