"""The invented wording and proportions of synthetic statements (data only)."""

from positions.models import Position

# The four positions from most to least favourable: a shift moves one step along this scale.
SCALE = (
    Position.SUPPORT.value,
    Position.QUALIFIED.value,
    Position.NEUTRAL.value,
    Position.OPPOSE.value,
)

# (sentence, cue) per position; {p} is the provision as it reads in a sentence.
TEMPLATES = {
    "support": (
        ("We support {p} as currently drafted.", "We support"),
        ("Our delegation welcomes {p} and can accept the text before us.", "welcomes"),
        ("We are pleased to endorse {p} and ask that it be retained.", "endorse"),
        ("{p} enjoys our full support.", "full support"),
    ),
    "qualified": (
        ("We could accept {p}, provided that adequate safeguards are included.", "provided that"),
        ("We are flexible on {p} but would prefer narrower language.", "flexible"),
        ("We can go along with {p} if the scope is clarified.", "can go along with"),
    ),
    "neutral": (
        ("On {p}, we remain open and will listen carefully to other delegations.", "remain open"),
        ("We take note of the proposals on {p} and reserve our position.", "reserve our position"),
        ("We are still studying {p} with our capital.", "still studying"),
    ),
    "oppose": (
        ("We cannot accept {p} and request its deletion.", "cannot accept"),
        ("We have serious concerns about {p} and oppose its inclusion.", "oppose"),
        ("{p} goes too far and should be removed from the draft.", "should be removed"),
    ),
}
FILLERS = (
    "We thank the Secretariat for its excellent work.",
    "Allow me to recall the importance of consensus in this process.",
    "We have listened carefully to the interventions made so far.",
    "These comments are without prejudice to our final position on the package.",
    "We stand ready to engage constructively in informal consultations.",
)
AGENDA_ITEMS = (
    "General provisions",
    "Criminalization",
    "Procedural measures and law enforcement",
    "International cooperation",
    "Technical assistance",
    "Preventive measures",
    "Mechanism of implementation",
    "Final provisions",
)
TITLES = ("Mr.", "Ms.", "H.E. Mr.", "H.E. Ms.", "Dr.")
SURNAMES = (
    "Abara",
    "Bianchi",
    "Chen",
    "Dubois",
    "Eriksen",
    "Fernandes",
    "Gupta",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kato",
    "Lopez",
    "Mensah",
    "Novak",
    "Okafor",
    "Petrov",
    "Quispe",
    "Rahman",
    "Silva",
    "Tanaka",
)
ROLES = ("Head of Delegation", "Deputy Permanent Representative", "Legal Adviser", "Counsellor")
TOPICS = (
    "electronic evidence",
    "data retention",
    "mutual legal assistance",
    "asset recovery",
    "child protection online",
    "critical infrastructure",
    "jurisdiction",
    "human rights safeguards",
    "capacity building",
    "extradition",
    "cryptocurrency",
    "service providers",
)

STATUS_WEIGHTS = (("confirmed", 84), ("proposed", 8), ("rejected", 5), ("withdrawn", 3))
GROUP_STATEMENT_SHARE = 0.10  # statements a member delivers on behalf of its group
CLOSED_MEETING_SHARE = 0.01  # stances noted in closed meetings: no statement, no evidence
SHIFT_PROBABILITY = 0.08  # chance that a restated position moves one step
WITHDRAWN_STATEMENT_SHARE = 0.01
