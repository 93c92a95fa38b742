"""What the universal services record about every family: GP, health visiting, hospital,
community health, school and housing, plus the events that corroborate a family's troubles
(police call-outs for domestic abuse, a mother's mental health at the GP, missed appointments).

Volumes are rough typical figures (not calibrated; see `docs/synthetic-data.md`): GP
consultations for children by age, an emergency attendance rate of about one in three children
a year (higher under five), the Healthy Child Programme's five mandated health visitor contacts,
the routine immunisation schedule, and absence spread over school terms.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from clearsight.synth.calendar import (
    add_years,
    next_school_day,
    next_working_day,
    previous_school_day,
    school_leave,
    school_start,
)
from clearsight.synth.careers import Episode
from clearsight.synth.model import Event, Family, Person

GP_REASONS_INFANT = (
    "Seen with {mother}. Coryzal 3/7, feeding well, chest clear. Safety-netted.",
    "Nappy rash; advised barrier cream. Weight tracking centile.",
    "Reflux symptoms; feeding advice given. Review if worse.",
    "Temp 38.1, ears and throat NAD. Viral illness; paracetamol advice.",
)
GP_REASONS_CHILD = (
    "Seen with {mother}. Cough and fever 2/7, viral URTI. Fluids and antipyretics.",
    "Eczema flare; emollients and steroid cream prescribed.",
    "Earache R; otitis media. Amoxicillin prescribed.",
    "Constipation; dietary advice and laxative started.",
    "Asthma review: inhaler technique checked, action plan updated.",
    "Rash, non-blanching test negative. Viral exanthem.",
)
GP_REASONS_TEEN = (
    "Attended alone. Acne; topical treatment started.",
    "Headaches; BP normal, eyes checked. Advised optician.",
    "Low mood and poor sleep. Discussed school stress; PHQ-A completed; CAMHS info given.",
    "Sports injury to ankle, sprain. RICE advice.",
)
ED_MEDICAL = (
    ("Fever and vomiting; dehydrated. Observed 4 hours, tolerated fluids, discharged.", "", ""),
    ("Bronchiolitis; sats 95%. Discharged with advice.", "", ""),
    ("Asthma attack; nebulised, improved. Discharged with a steroid course.", "", ""),
    ("Allergic reaction to nuts at a party: lip swelling, no airway compromise. Antihistamine.",
     "", ""),
    ("Croup: barking cough overnight. Dexamethasone given, discharged.", "", ""),
    ("High fever and rash; sepsis screen negative. Viral illness, discharged.", "", ""),
)
#: Injuries at home of a child who walks and climbs (from about one year).
ED_TODDLER = (
    ("Fall from sofa at home, small laceration to forehead. Steri-strips. Mechanism fits.",
     "laceration", "forehead"),
    ("Caught finger in door at home, nail bed injury. Dressed.", "laceration", "hand"),
    ("Swallowed a coin; X-ray shows it in the stomach. Discharged with advice.", "", ""),
    ("Head bump on a table edge at home, small bruise to the forehead, GCS 15, no vomiting. "
     "Head injury advice.", "bruise", "forehead"),
    ("Scald to forearm from a kettle while {mother} was cooking; dressed, burns clinic "
     "follow-up. Supervision discussed.", "scald", "arm"),
)
#: Injuries of school-age children.
ED_CHILD = (
    ("Fell off trampoline, painful wrist; X-ray: buckle fracture. Backslab applied.",
     "fracture", "wrist"),
    ("Tripped in playground at school, graze to knees and hands.", "abrasion", "leg;hand"),
    ("Cut chin falling off a scooter; glued. Mechanism consistent.", "laceration", "jaw"),
    ("Sprained ankle playing football. X-ray normal.", "other", "ankle"),
    ("Fell from a climbing frame at the park, painful elbow; X-ray: no fracture.", "other",
     "arm"),
)
ABSENCE_REASONS = (
    "Absent: illness (reported by parent).", "Absent: medical appointment.",
    "Unauthorised absence: no reason given; first-day call made.",
    "Absent: illness, {n} days.", "Late after registers closed.",
    "Absent: family holiday in term time (unauthorised).",
    "Absent {n} days: sickness and diarrhoea, parent phoned in.",
    "Absent: {mother} rang to say {child} has a temperature.",
    "Absent: dental appointment (authorised).", "Absent: religious observance (authorised).",
    "Late: arrived {m} minutes after registration, no reason given.",
    "Absent {n} days: no contact from home; message left for {mother}.",
    "Absent: attending a funeral (authorised).", "Absent {n} days: chickenpox.",
)


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1.0)
    while total < mean:
        count += 1
        total += rng.expovariate(1.0)
    return count


def _days(rng: random.Random, lo: date, hi: date, n: int) -> list[date]:
    span = (hi - lo).days
    if span <= 0:
        return []
    return sorted(lo + timedelta(days=rng.randrange(span)) for _ in range(n))


def emit_universal(fam: Family, rng: random.Random, start: date, end: date,
                   neglect: bool = False) -> None:
    """Universal services for each child, and the housing and maternity records.

    In a neglectful family (`neglect`) school attendance is lower."""
    mother = fam.mother()
    for kid in fam.children:
        born = kid.dob
        lo = max(start, born)
        if lo > end:
            continue
        if born >= start:
            fam.add(Event("health_hospital", mother, born - timedelta(days=1), "hospital_admission",
                          "Admitted to labour ward in established labour.", team="Maternity"))
            fam.add(Event("health_hospital", kid, born, "note",
                          f"Born at {rng.randint(37, 41)}+{rng.randint(0, 6)} weeks, "
                          f"{rng.randint(2600, 4200)}g. Apgars 9 and 10.", team="Maternity"))
            fam.add(Event("health_hospital", mother, born + timedelta(days=rng.randint(1, 3)),
                          "hospital_discharge", "Discharged home with baby. Community midwife "
                          "to visit.", team="Maternity"))
        _health_visiting(fam, kid, rng, start, end)
        _immunisations(fam, kid, rng, start, end)
        _gp(fam, kid, rng, lo, end)
        _hospital(fam, kid, rng, lo, end)
        _school(fam, kid, rng, start, end, neglect)
        if kid.disability:
            disabled_child_records(fam, kid, rng, lo, end, busy=False)
    for i, address in enumerate(fam.addresses[1:], start=1):
        if start <= address.since <= end:
            fam.add(Event("housing", mother, address.since, "change_of_address",
                          rng.choice(("Moved to new tenancy; sign-up completed.",
                                      "Management transfer to a new property agreed; moved in.",
                                      "Household placed in temporary accommodation.")),
                          team="Housing options"))
            for kid in fam.children_on(address.since):
                agency = "education" if kid.upn and kid.age(address.since) >= 4 else "health_gp"
                told = address.since + timedelta(days=rng.randint(5, 90))
                if agency == "education":
                    told = next_school_day(told)
                fam.add(Event(agency, kid, told, "change_of_address",
                              "Change of address notified by parent."))
        del i
    if rng.random() < 0.12:
        day = start + timedelta(days=rng.randrange(max(1, (end - start).days)))
        fam.add(Event("housing", mother, day, "note", rng.choice((
            "Rent arrears of eight weeks; repayment plan agreed.",
            "Repair reported: damp and mould in the children's bedroom.",
            "Noise complaint from neighbour; letter sent.")), team="Tenancy management"))
    partner = next((p for p in fam.people if p.role == "partner"), None)
    if partner and partner.joined and start <= partner.joined <= end and rng.random() < 0.5:
        who = rng.choice(("housing", "health_visiting", "health_gp"))
        subject = mother
        text = {"housing": "Request to add {partner} to the tenancy as a joint occupier.",
                "health_visiting": "{mother} mentioned her new partner {partner} is living "
                                   "with the family.",
                "health_gp": "{mother} says new partner has moved in; feeling more supported."}
        fam.add(Event(who, subject, partner.joined + timedelta(days=rng.randint(7, 120)),
                      "new_adult_in_household", text[who]))
    for adult in fam.adults:
        if adult.role in ("partner", "father") and adult.left and start <= adult.left <= end \
                and rng.random() < 0.6:
            who = rng.choice(("housing", "health_gp", "education"))
            pupils = [k for k in fam.children_on(adult.left)
                      if k.upn and k.age(adult.left) >= 5]
            if who == "education" and not pupils:
                who = "health_gp"
            subject = pupils[-1] if who == "education" else mother
            placeholder = "{partner}" if adult.role == "partner" else "{father}"
            told = adult.left + timedelta(days=rng.randint(3, 90))
            if who == "education":
                told = next_school_day(told)
            fam.add(Event(who, subject, told, "note", {
                "housing": f"Request to remove {placeholder} from the tenancy: he has moved out.",
                "health_gp": f"{{mother}} says {placeholder} has left; finding it hard with the "
                             f"children on her own.",
                "education": f"{{mother}} told the class teacher that {placeholder} no longer "
                             f"lives at home.",
            }[who]))


def _health_visiting(fam: Family, kid: Person, rng: random.Random, start: date, end: date
                     ) -> None:
    dob = kid.dob
    schedule = (
        (rng.randint(10, 14), "health_visitor_contact",
         "New birth visit. Baby feeding well, weight regained. Safe sleep discussed. "
         "{mother} asked about mood: no concerns."),
        (rng.randint(42, 56), "health_visitor_contact",
         "6-8 week review. Smiling, good eye contact. Maternal mood assessed (EPDS)."),
        (rng.randint(270, 365), "developmental_review",
         rng.choice((
             "9-12 month review: ASQ-3 completed, all domains above cut-off. Pulling to stand.",
             "1 year review at clinic with {mother}: ASQ-3 above cut-off in all areas; "
             "crawling, babbling. Weight on the 50th centile.",
             "9-12 month review at home: ASQ-3 gross motor close to cut-off, activities given; "
             "review in 2 months. Teeth brushing and weaning discussed.",
             "1 year review: ASQ-3 and ASQ:SE-2 completed, no concerns. Home safety advice "
             "(stair gates, hot drinks).",
         ))),
        (rng.randint(730, 900), "developmental_review",
         rng.choice((
             "2-2.5 year review: ASQ-3 completed; speech emerging. Toilet training discussed.",
             "2 year review: ASQ-3 communication below cut-off (about 10 words); referred to "
             "speech and language therapy drop-in.",
             "2-2.5 year review at home: all domains above cut-off; 2-year funded nursery "
             "place discussed with {mother}.",
             "2 year review: sleep and behaviour concerns raised by {mother}; sleep advice "
             "given, follow-up contact planned.",
         ))),
    )
    for offset, kind, text in schedule:
        day = next_working_day(dob + timedelta(days=offset))
        if start <= day <= end:
            if rng.random() < 0.07:
                fam.add(Event("health_visiting", kid, day, "appointment_not_attended",
                              "Planned review: no access at the address. Letter sent offering a "
                              "new appointment.", child_seen="no"))
                day = day + timedelta(days=rng.randint(14, 35))
                if day > end:
                    continue
            fam.add(Event("health_visiting", kid, day, kind, text, child_seen="yes"))


def _immunisations(fam: Family, kid: Person, rng: random.Random, start: date, end: date) -> None:
    for weeks, what in ((8, "6-in-1, rotavirus, MenB"), (12, "6-in-1, rotavirus, PCV"),
                        (16, "6-in-1, MenB"), (52, "Hib/MenC, MMR, PCV, MenB booster"),
                        (172, "MMR 2nd dose, 4-in-1 pre-school booster")):
        day = next_working_day(kid.dob + timedelta(weeks=weeks, days=rng.randint(0, 20)))
        if start <= day <= end:
            if rng.random() < 0.06:
                fam.add(Event("health_gp", kid, day, "appointment_not_attended",
                              f"Was not brought for immunisations ({what}). Recall sent."))
                day += timedelta(days=rng.randint(10, 40))
                if day > end:
                    continue
            fam.add(Event("health_gp", kid, day, "immunisation", f"Immunisations given: {what}."))


def _gp(fam: Family, kid: Person, rng: random.Random, lo: date, end: date) -> None:
    cursor = lo
    while cursor <= end:
        year_end = min(end, add_years(cursor, 1))
        age = kid.age(cursor)
        mean = 4.0 if age < 1 else 2.5 if age < 5 else 1.2 if age < 12 else 1.5
        reasons = GP_REASONS_INFANT if age < 1 else GP_REASONS_CHILD if age < 12 \
            else GP_REASONS_TEEN
        for day in _days(rng, cursor, year_end, _poisson(rng, mean)):
            day = next_working_day(day)
            if day <= end:
                fam.add(Event("health_gp", kid, day, "gp_appointment", rng.choice(reasons),
                              child_seen="yes"))
        cursor = year_end + timedelta(days=1)


def _hospital(fam: Family, kid: Person, rng: random.Random, lo: date, end: date) -> None:
    cursor = lo
    while cursor <= end:
        year_end = min(end, add_years(cursor, 1))
        age = kid.age(cursor)
        mean = 0.5 if age < 5 else 0.3
        for day in _days(rng, cursor, year_end, _poisson(rng, mean)):
            reasons = ED_MEDICAL if age < 1 else ED_MEDICAL + ED_TODDLER if age < 5 else \
                ED_MEDICAL + ED_TODDLER[:3] + ED_CHILD
            text, injury, sites = rng.choice(reasons)
            fam.add(Event("health_hospital", kid, day, "emergency_attendance", text,
                          injury_type=injury, body_sites=sites,
                          explanation="consistent" if injury else "", child_seen="yes",
                          team="Paediatric emergency department"))
        if rng.random() < 0.04 * (year_end - cursor).days / 365:
            day = cursor + timedelta(days=rng.randrange(max(1, (year_end - cursor).days)))
            text = rng.choice(("ENT clinic: grommets discussed.",
                               "Paediatric outpatients: constipation review, improving.",
                               "Orthopaedic fracture clinic: healing well."))
            if text.startswith("Orthopaedic") and kid.age(day) < 5:
                # a follow-up needs a fracture, and only school-age children are given
                # accidental fractures (ED_CHILD): the same draw, another clinic
                text = "Paediatric outpatients: constipation review, improving."
            fam.add(Event("health_hospital", kid, day, "outpatient_appointment", text,
                          child_seen="yes"))
        cursor = year_end + timedelta(days=1)


def _school(fam: Family, kid: Person, rng: random.Random, start: date, end: date,
            neglect: bool) -> None:
    if kid.upn is None:
        return
    first = school_start(kid.dob)
    last = min(end, school_leave(kid.dob))
    lo = max(start, first)
    if lo > last:
        return
    if start <= first <= end:
        fam.add(Event("education", kid, next_school_day(first), "note",
                      "Started in reception class."))
    years = max(1, (last - lo).days // 365)
    for day in _days(rng, lo, last, _poisson(rng, 3.0 * years)):
        day = next_school_day(day)
        if day <= last:
            text = rng.choice(ABSENCE_REASONS).replace("{n}", str(rng.randint(2, 5)))
            fam.add(Event("education", kid, day, "school_absence",
                          text.replace("{m}", str(rng.choice((10, 15, 20, 25, 40))))))
    # Attendance for each term, as the school's information system reports it.
    attendance = min(99.5, rng.gauss(86.0 if neglect else 94.5, 3.0))
    for month, day_of, term in ((12, 19, "autumn"), (4, 3, "spring"), (7, 22, "summer")):
        for year in range(lo.year, last.year + 1):
            when = date(year, month, day_of)
            if lo <= when <= last:
                pct = max(55.0, min(100.0, attendance + rng.gauss(0, 2.0)))
                fam.add(Event("education", kid, previous_school_day(when),
                              "note", f"Attendance {term} term: {pct:.1f}%."
                              + (" Persistent absence: letter to parents." if pct < 90 else ""),
                              concern_level="low" if pct < 90 else ""))


def disabled_child_records(
    fam: Family, kid: Person, rng: random.Random, lo: date, end: date, busy: bool
) -> None:
    every = 35 if busy else 110
    day = lo + timedelta(days=rng.randint(5, every))
    texts = (
        "Community paediatric review: {child}'s needs reviewed; equipment and therapy "
        "plan updated.",
        "Physiotherapy session; stretching programme reviewed with {mother}.",
        "Speech and language therapy: communication aids discussed.",
        "Epilepsy nurse review: seizure diary reviewed; medication unchanged.",
    )
    while day <= end:
        agency = "health_community" if rng.random() < 0.6 else "health_hospital"
        kind = "outpatient_appointment"
        fam.add(Event(agency, kid, next_working_day(day), kind, rng.choice(texts),
                      child_seen="yes", team="Child development centre"
                      if agency == "health_community" else "Paediatric outpatients"))
        if busy and rng.random() < 0.15:
            adm = day + timedelta(days=rng.randint(1, 20))
            if adm <= end:
                fam.add(Event("health_hospital", kid, adm, "hospital_admission",
                              "Admitted with chest infection; known complex needs. Parents "
                              "resident and providing care.", child_seen="yes"))
                fam.add(Event("health_hospital", kid, min(end, adm + timedelta(days=4)),
                              "hospital_discharge", "Discharged home; community nursing to "
                              "follow up.", child_seen="yes"))
        day += timedelta(days=every + rng.randint(-10, 20))


def emit_corroboration(fam: Family, episodes: list[Episode], rng: random.Random, start: date,
                       end: date) -> None:
    """Other agencies' records of the troubles social care found at assessment."""
    mother = fam.mother()
    for ep in episodes:
        factors = set(ep.factors)
        lead = ep.referral
        abuser = next((p for p in fam.adults_present(lead) if p.role in ("partner", "father")),
                      None)
        if {"3A", "3B"} & factors:
            for _ in range(rng.randint(1, 3)):
                day = lead - timedelta(days=rng.randint(20, 300))
                if start <= day <= end and day >= mother.dob:
                    risk = rng.choice(("standard", "standard", "medium", "high"))
                    fam.add(Event("police", mother, day, "domestic_abuse_incident", rng.choice((
                        "Report of a verbal argument; both parties calm on arrival. No offences "
                        "disclosed. DASH risk: " + risk + ".",
                        "{mother} called saying her partner was refusing to leave; he had left "
                        "before police arrived. DASH risk: " + risk + ".",
                        "Neighbour reported screaming. {mother} had a red mark to her cheek, "
                        "declined to support a prosecution. DASH risk: " + risk + ".")),
                        concern_level="high" if risk == "high" else "medium"))
                    if abuser is not None and day >= abuser.dob:
                        fam.add(Event("police", abuser, day, "domestic_abuse_incident",
                                      "Named as the suspect in a domestic incident. No further "
                                      "action: victim did not support.", concern_level="medium"))
        if "4B" in factors:
            day = lead - timedelta(days=rng.randint(10, 200))
            if start <= day <= end:
                fam.add(Event("health_gp", mother, next_working_day(day),
                              "parental_mental_health_concern", rng.choice((
                                  "Low mood, poor sleep, not coping with the children. PHQ-9 "
                                  "18. Sertraline started; talking therapies referral.",
                                  "Review of depression: feels worse, passive thoughts of "
                                  "self-harm, no plan. Crisis line number given.",
                                  "Anxiety and panic attacks since the birth; perinatal mental "
                                  "health referral.")), team="Surgery"))
        if {"1B", "2B"} & factors:
            day = lead - timedelta(days=rng.randint(10, 250))
            if start <= day <= end:
                agency = rng.choice(("health_gp", "police"))
                fam.add(Event(agency, mother, next_working_day(day), "parental_substance_misuse",
                              "Disclosed daily drinking, about 3 bottles of wine a day."
                              if "1B" in factors else
                              "Found in possession of cocaine; children at home with a friend.",
                              concern_level="medium"))
        if "16A" in factors:
            for kid in ep.children:
                for _ in range(rng.randint(1, 3)):
                    day = lead - timedelta(days=rng.randint(10, 200))
                    if start <= day <= end and day >= kid.dob:
                        agency = "health_gp" if kid.age(day) < 5 else rng.choice(
                            ("health_gp", "health_hospital", "education"))
                        if agency == "education" and not kid.upn:
                            agency = "health_gp"
                        if agency == "education":
                            fam.add(Event(agency, kid, next_school_day(day), "school_absence",
                                          "Unauthorised absence, third this half term; home "
                                          "visit by attendance officer, no answer."))
                        else:
                            fam.add(Event(agency, kid, next_working_day(day),
                                          "appointment_not_attended",
                                          "Was not brought to appointment. Second missed "
                                          "appointment; letter to parent.", child_seen="no"))
