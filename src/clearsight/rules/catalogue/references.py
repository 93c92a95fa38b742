"""The published sources the rules cite, each once: a rule's References are drawn from here."""

from __future__ import annotations

from clearsight.rules.registry import Reference

NICE_CG89 = Reference(
    "NICE guideline CG89, Child maltreatment: when to suspect maltreatment in under 18s "
    "(2009, updated 2017): bruising in a child who is not independently mobile; fractures; "
    "injuries with an absent, unsuitable or changing explanation.",
    "https://www.nice.org.uk/guidance/cg89",
)

TEN4 = Reference(
    "Pierce MC et al. Validation of a clinical decision rule to predict abuse in young "
    "children based on bruising characteristics (TEN-4-FACESp). JAMA Network Open 2021;"
    "4(4):e215832. Sensitivity 95.6%, specificity 87.1%.",
    "https://doi.org/10.1001/jamanetworkopen.2021.5832",
)

SENTINEL = Reference(
    "Sheets LK et al. Sentinel injuries in infants evaluated for child physical abuse. "
    "Pediatrics 2013;131(4):701-707: a minor injury before abuse was found in 27.5% of abused "
    "infants.",
    "https://doi.org/10.1542/peds.2012-2780",
)

PANEL = Reference(
    "Child Safeguarding Practice Review Panel, The Myth of Invisible Men (2021) and annual "
    "reports: non-mobile babies with 'minor' injuries recur in reviews of serious harm.",
    "https://www.gov.uk/government/publications/safeguarding-children-under-1-year-old-from-non-accidental-injury-caused-by-male-carers",
)

WORKING_TOGETHER = Reference(
    "HM Government, Working Together to Safeguard Children 2023: strategy discussions when "
    "there is reasonable cause to suspect significant harm; information sharing between "
    "agencies.",
    "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
)

TRIENNIAL = Reference(
    "Brandon M et al. Complexity and challenge: a triennial analysis of serious case reviews "
    "2014-2017 (Department for Education, 2020): domestic abuse, parental mental ill-health "
    "and substance misuse; unknown men in the household; information held by one agency.",
    "https://www.gov.uk/government/publications/analysis-of-serious-case-reviews-2014-to-2017",
)

WAS_NOT_BROUGHT = Reference(
    "NICE CG89: consider neglect when a child repeatedly fails to attend essential follow-up "
    "appointments; Powell C, Appleton JV. Children and young people's missed health care "
    "appointments: reconceptualising 'Did Not Attend' to 'Was Not Brought'. J Res Nurs 2012.",
    "https://www.nice.org.uk/guidance/cg89",
)

MARAC = Reference(
    "SafeLives, Marac referral criteria: 'potential escalation' (SafeLives recommends three "
    "domestic abuse incidents in twelve months) is one of the four criteria for referral to a "
    "multi-agency risk assessment conference.",
    "https://safelives.org.uk/resources-library/marac-referral-criteria-and-form/",
)

JTAI_DA = Reference(
    "Ofsted, Care Quality Commission, HM Inspectorate of Constabulary and HM Inspectorate of "
    "Probation. The multi-agency response to children living with domestic abuse: prevent, "
    "protect and repair (2017): domestic abuse is often a pattern across a timeline, not an "
    "isolated incident, and needs a view of more than one incident.",
    "https://hmicfrs.justiceinspectorates.gov.uk/publications/multi-agency-response-to-children-living-with-domestic-abuse/",
)

HARINGEY = Reference(
    "Haringey Local Safeguarding Children Board, Serious Case Review: Child A (2008, 2010): "
    "Peter Connelly was seen about 60 times in eight months by professionals; procedures were "
    "followed and the danger not seen.",
    "https://www.gov.uk/government/publications/haringey-local-safeguarding-children-board-first-serious-case-review-child-a",
)

DISGUISED_COMPLIANCE = Reference(
    "Reder P, Duncan S, Gray M. Beyond Blame: Child Abuse Tragedies Revisited (Routledge, "
    "1993): 'disguised compliance', parents' apparent co-operation that keeps professionals "
    "at a distance from the child; a recurring theme of later case reviews.",
)

CPIS = Reference(
    "NHS England, Child Protection - Information Sharing (CP-IS): when a child on a child "
    "protection plan or looked after attends unscheduled care, the child's social care team "
    "is told.",
    "https://digital.nhs.uk/services/child-protection-information-sharing-project",
)

DFE_CIN = Reference(
    "Department for Education, Children in need statistics, year ending 31 March 2025: "
    "re-referrals within 12 months (22.6% of referrals), second or later plans (24.5% of plan "
    "starts), plans open two years or more (2.3%).",
    "https://explore-education-statistics.service.gov.uk/find-statistics/characteristics-of-children-in-need",
)

MUNRO = Reference(
    "Munro E. The Munro Review of Child Protection: Final Report (Department for Education, "
    "2011): relationships with a consistent worker; 'start again syndrome' and drift.",
    "https://www.gov.uk/government/publications/munro-review-of-child-protection-final-report-a-child-centred-system",
)

NEGLECT_DRIFT = Reference(
    "Ofsted, In the child's time: professional responses to neglect (March 2014, reference "
    "140059): a third of the long-term cases inspected were characterised by drift and delay, "
    "with interventions repeatedly stopped and started.",
    "http://www.ofsted.gov.uk/resources/140059",
)
