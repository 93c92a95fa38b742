"""Statutory returns for the same children: the CIN census (XML) and SSDA903 (CSV tables).

Both are for the year ending on the end date. The CIN census follows the 2026 schema (`Sex`
M/F/U); element order follows the XSD's sequences. SSDA903 tables follow the shapes of the
Department's published samples (header, episodes, reviews), dates as dd/mm/yyyy, and SEX as
M/F/U (the 2024-25 rules; the older samples use 1/2).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from clearsight.synth.calendar import add_working_days, age_on, year_start
from clearsight.synth.careers import Career, Episode
from clearsight.synth.model import Family, Person

#: 903 codes used. RNE: S new period, L legal status change, P placement change.
#: LS: V2 section 20, C1 interim care order, C2 full care order, L2 emergency protection order.
#: PLACE: U1-U6 foster placements, K2 children's home, R1 placed with parents.
_FINAL_REC = {"RC7": "E4A", "RC3": "E41", "RC4": "E45", "RC1": "E11"}


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class CinCensus:
    """Streams a CIN census XML for the year ending `end`, one `<Child>` at a time."""

    def __init__(self, path: Path, end: date, la_code: str) -> None:
        self.end = end
        self.start = year_start(end)
        self.children = 0
        self._h: IO[str] = path.open("w", encoding="utf-8", newline="\n")
        self._h.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n  <Header>\n'
            "    <CollectionDetails>\n      <Collection>CIN</Collection>\n"
            f"      <Year>{end.year}</Year>\n"
            f"      <ReferenceDate>{end.isoformat()}</ReferenceDate>\n"
            "    </CollectionDetails>\n    <Source>\n      <SourceLevel>L</SourceLevel>\n"
            f"      <LEA>{la_code}</LEA>\n      <SoftwareCode>Clearsight synth</SoftwareCode>\n"
            "      <Release>1</Release>\n      <SerialNo>001</SerialNo>\n"
            f"      <DateTime>{end.isoformat()}T23:00:00</DateTime>\n"
            "    </Source>\n  </Header>\n  <Children>\n"
        )

    def close(self) -> None:
        if self.children == 0:  # the schema needs at least one child; say so in a comment
            self._h.write("    <!-- no children in need in the year -->\n")
        self._h.write("  </Children>\n</Message>\n")
        self._h.close()

    def add(self, child: Person, la_child_id: str, career: Career) -> None:
        eps = [e for e in career.episodes if child in e.children and e.referral <= self.end
               and (e.closure is None or e.closure >= self.start)]
        if not eps:
            return
        self.children += 1
        x: list[str] = ["    <Child>\n      <ChildIdentifiers>\n",
                        f"        <LAchildID>{escape(la_child_id)}</LAchildID>\n"]
        if child.upn:
            x.append(f"        <UPN>{child.upn}</UPN>\n")
        else:
            x.append(f"        <UPNunknown>{'UN1' if age_on(child.dob, self.end) < 6 else 'UN5'}"
                     "</UPNunknown>\n")
        x.append(f"        <PersonBirthDate>{child.dob.isoformat()}</PersonBirthDate>\n"
                 f"        <Sex>{child.sex}</Sex>\n      </ChildIdentifiers>\n"
                 f"      <ChildCharacteristics>\n        <Ethnicity>{child.ethnicity}</Ethnicity>\n"
                 f"        <Disabilities>\n          <Disability>{child.disability or 'NONE'}"
                 "</Disability>\n        </Disabilities>\n      </ChildCharacteristics>\n")
        plans_before = 0
        for ep in career.episodes:
            if child not in ep.children:
                continue
            if ep in eps:
                x.append(self._details(ep, plans_before))
            if ep.cp_start:
                plans_before += 1
        x.append("    </Child>\n")
        self._h.write("".join(x))

    def _details(self, ep: Episode, previous_plans: int) -> str:
        def el(name: str, value: object, indent: int = 8) -> str:
            return f"{' ' * indent}<{name}>{value}</{name}>\n"

        x = ["      <CINdetails>\n", el("CINreferralDate", ep.referral.isoformat()),
             el("ReferralSource", ep.source)]
        if not ep.nfa:
            x.append(el("PrimaryNeedCode", ep.need))
        if ep.closure:
            x.append(el("CINclosureDate", ep.closure.isoformat()))
            x.append(el("ReasonForClosure", ep.closure_reason))
        # The census holds the episode's activity in the year: assessments, plans and
        # enquiries that were open in it or ended in it (DfE rules 8696, 8715, 8930).
        start = self.start
        if ep.assessment_start and (ep.assessment_end is None or ep.assessment_end >= start):
            x.append("        <Assessments>\n")
            x.append(el("AssessmentActualStartDate", ep.assessment_start.isoformat(), 10))
            if ep.assessment_end:
                x.append(el("AssessmentAuthorisationDate", ep.assessment_end.isoformat(), 10))
                factors = ep.factors or ("21",)
                x.append("          <FactorsIdentifiedAtAssessment>\n")
                x.extend(el("AssessmentFactors", f, 12) for f in factors)
                x.append("          </FactorsIdentifiedAtAssessment>\n")
            x.append("        </Assessments>\n")
        if ep.cin_plan_start and (ep.cin_plan_end is None or ep.cin_plan_end >= start):
            x.append("        <CINPlanDates>\n")
            x.append(el("CINPlanStartDate", ep.cin_plan_start.isoformat(), 10))
            if ep.cin_plan_end:
                x.append(el("CINPlanEndDate", ep.cin_plan_end.isoformat(), 10))
            x.append("        </CINPlanDates>\n")
        # An enquiry without a conference by the year's end must have started in the year
        # (rule 8740); one with a conference, had it in the year (rule 8715).
        if ep.s47_start and ep.strategy and (
                (ep.icpc is not None and ep.icpc >= start)
                or (ep.icpc is None and ep.s47_start >= start)):
            x.append("        <Section47>\n")
            x.append(el("S47ActualStartDate", ep.s47_start.isoformat(), 10))
            x.append(el("InitialCPCtarget", add_working_days(ep.strategy, 15).isoformat(), 10))
            if ep.icpc:
                x.append(el("DateOfInitialCPC", ep.icpc.isoformat(), 10))
            not_required = ep.icpc is None and ep.s47_end is not None
            x.append(el("ICPCnotRequired", int(not_required), 10))
            x.append("        </Section47>\n")
        x.append(el("ReferralNFA", int(ep.nfa)))
        if ep.cp_start and (ep.cp_end is None or ep.cp_end >= start):
            x.append("        <ChildProtectionPlans>\n")
            x.append(el("CPPstartDate", ep.cp_start.isoformat(), 10))
            if ep.cp_end:
                x.append(el("CPPendDate", ep.cp_end.isoformat(), 10))
            x.append(el("InitialCategoryOfAbuse", ep.category, 10))
            x.append(el("LatestCategoryOfAbuse", ep.category, 10))
            x.append(el("NumberOfPreviousCPP", previous_plans, 10))
            if ep.cp_reviews:
                x.append("          <Reviews>\n")
                x.extend(el("CPPreviewDate", r.isoformat(), 12) for r in ep.cp_reviews)
                x.append("          </Reviews>\n")
            x.append("        </ChildProtectionPlans>\n")
        x.append("      </CINdetails>\n")
        return "".join(x)


class Ssda903:
    """Streams SSDA903 header, episodes and reviews tables for the year ending `end`."""

    def __init__(self, folder: Path, end: date, seed: int) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.end, self.start, self.seed = end, year_start(end), seed
        self._handles: list[IO[str]] = []

        def table(name: str, header: str) -> csv.DictWriter[str]:
            h = (folder / name).open("w", encoding="utf-8", newline="")
            self._handles.append(h)
            w = csv.DictWriter(h, header.split(","), lineterminator="\n")
            w.writeheader()
            return w

        self.header = table("header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB")
        self.episodes = table("episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,"
                                              "REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN")
        self.reviews = table("reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE")
        self.children = 0

    def close(self) -> None:
        for h in self._handles:
            h.close()

    def add(self, fam: Family, child: Person, la_child_id: str, career: Career) -> None:
        spells = [e for e in career.episodes if child in e.children and e.cla_start
                  and e.cla_start <= self.end and (e.cla_end is None or e.cla_end >= self.start)]
        if not spells:
            return
        self.children += 1
        rng = random.Random(f"clearsight-synth:{self.seed}:903:{child.pid}")
        mother = "0" if child.sex == "F" else ""  # a girl who is not a mother (rule 393)
        self.header.writerow({
            "CHILD": la_child_id, "SEX": child.sex, "DOB": _d(child.dob),
            "ETHNIC": child.ethnicity, "UPN": child.upn or "UN1", "MOTHER": mother, "MC_DOB": "",
        })
        for ep in spells:
            assert ep.cla_start is not None
            home = fam.address_on(ep.cla_start).postcode
            stop = ep.cla_end or self.end
            care = ep.care.get(child.pid, [])
            for i, c in enumerate(care):
                following = care[i + 1] if i + 1 < len(care) else None
                row = {"CHILD": la_child_id, "DECOM": _d(c.start), "RNE": c.rne, "LS": c.legal,
                       "CIN": ep.need if ep.need != "N9" else "N1", "PLACE": c.place,
                       "PLACE_PROVIDER": c.provider, "DEC": "", "REC": "",
                       "REASON_PLACE_CHANGE": "", "HOME_POST": home, "PL_POST": c.postcode,
                       "URN": c.urn}
                if following is not None:
                    row["DEC"], row["REC"] = _d(following.start), "X1"
                    row["REASON_PLACE_CHANGE"] = following.reason
                elif ep.cla_end is not None:
                    row["DEC"] = _d(ep.cla_end)
                    eighteen = age_on(child.dob, ep.cla_end) >= 18
                    row["REC"] = "E17" if eighteen else _FINAL_REC.get(ep.closure_reason, "E4A")
                ended = following.start if following else ep.cla_end
                if ended is None or ended >= self.start:
                    self.episodes.writerow(row)
            review = add_working_days(ep.cla_start, 20)
            gap = 90
            while review <= stop:
                if review >= self.start:
                    code = "PN0" if age_on(child.dob, review) < 4 else rng.choice(
                        ("PN1", "PN1", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"))
                    self.reviews.writerow({"CHILD": la_child_id, "DOB": _d(child.dob),
                                           "REVIEW": _d(review), "REVIEW_CODE": code})
                review = add_working_days(review + timedelta(days=gap), 0)
                gap = 182


def _parse(text: str) -> date:
    d, m, y = text.split("/")
    return date(int(y), int(m), int(d))
