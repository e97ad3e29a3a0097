"""Lexicons of the stance extractor: data, not logic.

Every phrase here is matched on *stemmed* tokens (see ``matcher.stem``), so one entry covers its
inflections: "object to" also matches "objects to" and "objected to"; "criminalize" matches
"criminalization" and "criminalising". Phrases are written as a diplomat would say them, never
copied from one statement: a cue must be something delegations say in general.

Cue tuples are ``(phrase, position, strength, direction)``:

- ``position``: "support" | "oppose" | "qualified" | "neutral", or ``LIMIT`` (a negated modal,
  see below) or ``BLOCK`` (a longer phrase that cancels a shorter cue inside it, e.g. "critical
  infrastructure" is a topic, not the cue "critical").
- ``strength``: 0..1, how clearly the phrase states a position on its own.
- ``direction``: where the provision it speaks about stands: "after" (verb + object: "we object
  to X"), "before" (predicate: "X is essential", "X should be deleted") or "any".
"""

from __future__ import annotations

SUPPORT = "support"
OPPOSE = "oppose"
QUALIFIED = "qualified"
NEUTRAL = "neutral"
#: A negated modal ("should not", "must not"): the provision it is said of (before it) is kept
#: with a limit (qualified); a provision after it is what must not happen (oppose), unless a
#: harm word sits in between ("must not undermine human rights" supports human rights).
LIMIT = "limit"
#: "limited to": what it is said of (before) is qualified; what it names after is supported ("the
#: convention should be limited to cyber-dependent offences").
NARROW = "narrow"
#: Cancels any shorter cue it overlaps.
BLOCK = "block"

AFTER = "after"
BEFORE = "before"
ANY = "any"

CUES: tuple[tuple[str, str, float, str], ...] = (
    # --- support: wanting it in, welcoming it, saying it is needed -------------------------
    ("we support", SUPPORT, 0.85, AFTER),
    ("support", SUPPORT, 0.72, AFTER),
    ("supportive of", SUPPORT, 0.8, AFTER),
    ("in favour of", SUPPORT, 0.8, AFTER),
    ("in favor of", SUPPORT, 0.8, AFTER),
    ("favour", SUPPORT, 0.65, AFTER),
    ("endorse", SUPPORT, 0.8, AFTER),
    ("welcome", SUPPORT, 0.75, AFTER),
    ("welcome the inclusion of", SUPPORT, 0.88, AFTER),
    ("support the inclusion of", SUPPORT, 0.88, AFTER),
    ("should include", SUPPORT, 0.85, AFTER),
    ("must include", SUPPORT, 0.85, AFTER),
    ("need to include", SUPPORT, 0.8, AFTER),
    ("should be included", SUPPORT, 0.85, BEFORE),
    ("must be included", SUPPORT, 0.85, BEFORE),
    ("should contain", SUPPORT, 0.8, AFTER),
    ("should provide for", SUPPORT, 0.8, AFTER),
    ("should cover", SUPPORT, 0.8, AFTER),
    ("should be covered", SUPPORT, 0.75, BEFORE),
    ("should address", SUPPORT, 0.7, AFTER),
    ("ought to address", SUPPORT, 0.7, AFTER),
    ("ought to include", SUPPORT, 0.82, AFTER),
    ("ought to cover", SUPPORT, 0.78, AFTER),
    # Asking the text to do something for cooperation or to found it is wanting what it speaks of.
    ("should enable", SUPPORT, 0.65, BEFORE),
    ("legal basis for", SUPPORT, 0.6, AFTER),
    # Obliging providers to do something is wanting obligations on them.
    ("to oblige", SUPPORT, 0.6, AFTER),
    # Asking the drafters to stay near a text is valuing it ("remain close to that language").
    ("remain close to", SUPPORT, 0.7, AFTER),
    ("stay close to", SUPPORT, 0.7, AFTER),
    ("want", SUPPORT, 0.6, AFTER),
    ("as broad as possible", SUPPORT, 0.72, BEFORE),
    ("as wide as possible", SUPPORT, 0.72, BEFORE),
    ("desirable", SUPPORT, 0.55, ANY),
    ("urgent necessity", SUPPORT, 0.8, ANY),
    ("urgently needed", SUPPORT, 0.78, ANY),
    ("should be retained", SUPPORT, 0.85, BEFORE),
    ("retain", SUPPORT, 0.7, AFTER),
    ("is essential", SUPPORT, 0.8, BEFORE),
    ("essential", SUPPORT, 0.62, ANY),
    ("critical", SUPPORT, 0.72, ANY),
    ("crucial", SUPPORT, 0.75, ANY),
    ("vital", SUPPORT, 0.7, ANY),
    ("indispensable", SUPPORT, 0.75, ANY),
    ("cornerstone", SUPPORT, 0.7, ANY),
    ("is important", SUPPORT, 0.7, BEFORE),
    ("importance of", SUPPORT, 0.65, AFTER),
    ("is key", SUPPORT, 0.65, BEFORE),
    ("is necessary", SUPPORT, 0.65, BEFORE),
    ("is needed", SUPPORT, 0.65, BEFORE),
    ("necessary", SUPPORT, 0.5, ANY),
    # Treaty language for cooperation "in the widest possible measure".
    ("widest possible", SUPPORT, 0.6, ANY),
    ("widest measure", SUPPORT, 0.6, ANY),
    ("need for", SUPPORT, 0.6, AFTER),
    ("useful", SUPPORT, 0.62, ANY),
    ("valuable", SUPPORT, 0.6, ANY),
    ("advocate", SUPPORT, 0.72, AFTER),
    ("advocate for", SUPPORT, 0.75, AFTER),
    ("champion", SUPPORT, 0.7, AFTER),
    ("push for", SUPPORT, 0.7, AFTER),
    ("call for", SUPPORT, 0.7, AFTER),
    ("agree with", SUPPORT, 0.6, AFTER),
    # Asking the text to respect or build on something is valuing it.
    ("consistent with", SUPPORT, 0.62, AFTER),
    ("in line with", SUPPORT, 0.6, AFTER),
    ("in conformity with", SUPPORT, 0.62, AFTER),
    ("complement", SUPPORT, 0.6, AFTER),
    ("build on", SUPPORT, 0.65, AFTER),
    ("reaffirm", SUPPORT, 0.6, AFTER),
    ("commend", SUPPORT, 0.6, AFTER),
    ("strengthen", SUPPORT, 0.6, AFTER),
    ("enhance", SUPPORT, 0.55, AFTER),
    ("promote", SUPPORT, 0.55, AFTER),
    ("foster", SUPPORT, 0.5, AFTER),
    ("focus on", SUPPORT, 0.62, AFTER),
    ("emphasize", SUPPORT, 0.58, AFTER),
    ("prioritize", SUPPORT, 0.6, AFTER),
    ("priority", SUPPORT, 0.5, ANY),
    ("we want to", SUPPORT, 0.55, AFTER),
    ("we wish to see", SUPPORT, 0.7, AFTER),
    ("worth considering", SUPPORT, 0.5, AFTER),
    ("precondition for", SUPPORT, 0.55, AFTER),
    ("prerequisite for", SUPPORT, 0.55, AFTER),
    # Making an instrument universal is wanting it: "a convention agreeable to all".
    ("universal", SUPPORT, 0.55, ANY),
    ("universality", SUPPORT, 0.55, ANY),
    # A gap or lack in something is a call for it; "not the lack of X" turns into opposition.
    ("lack of", SUPPORT, 0.55, AFTER),
    ("gaps in", SUPPORT, 0.55, AFTER),
    ("shortfall in", SUPPORT, 0.55, AFTER),
    ("shortfall of", SUPPORT, 0.55, AFTER),
    ("deficiencies in", SUPPORT, 0.55, AFTER),
    # Pride in signing or joining something is backing it ("proud to be a signatory of X").
    ("proud to be", SUPPORT, 0.6, AFTER),
    ("honoured to be", SUPPORT, 0.6, AFTER),
    ("honored to be", SUPPORT, 0.6, AFTER),
    # Wanting something in the text, said with insistence or as a wish.
    ("insist on", SUPPORT, 0.82, AFTER),
    ("insist that", SUPPORT, 0.7, AFTER),
    ("would like to see", SUPPORT, 0.78, AFTER),
    ("wish to see", SUPPORT, 0.75, AFTER),
    ("hope to see", SUPPORT, 0.7, AFTER),
    ("need a", SUPPORT, 0.62, AFTER),
    ("need an", SUPPORT, 0.62, AFTER),
    ("can accept", SUPPORT, 0.7, AFTER),
    ("could accept", SUPPORT, 0.68, AFTER),
    ("go along with", SUPPORT, 0.65, AFTER),
    ("appreciate the inclusion of", SUPPORT, 0.8, AFTER),
    ("welcome the retention of", SUPPORT, 0.85, AFTER),
    ("prefer to keep", SUPPORT, 0.75, AFTER),
    ("prefer to retain", SUPPORT, 0.75, AFTER),
    ("gold standard", SUPPORT, 0.75, ANY),
    ("pleased to see", SUPPORT, 0.75, AFTER),
    ("glad to see", SUPPORT, 0.75, AFTER),
    ("happy to see", SUPPORT, 0.72, AFTER),
    ("encouraged to see", SUPPORT, 0.72, AFTER),
    ("non-negotiable", SUPPORT, 0.8, ANY),
    ("paramount importance", SUPPORT, 0.78, ANY),
    ("utmost importance", SUPPORT, 0.78, ANY),
    ("attach importance to", SUPPORT, 0.8, AFTER),
    ("integral part of", SUPPORT, 0.75, BEFORE),
    ("core element of", SUPPORT, 0.75, BEFORE),
    ("key element of", SUPPORT, 0.72, BEFORE),
    ("essential element of", SUPPORT, 0.75, BEFORE),
    ("central element of", SUPPORT, 0.72, BEFORE),
    ("added value", SUPPORT, 0.62, AFTER),
    # Serving as the model for the text: negated ("cannot be the template") it is a rejection.
    ("serve as the basis", SUPPORT, 0.65, BEFORE),
    ("serve as a basis", SUPPORT, 0.65, BEFORE),
    ("serve as a model", SUPPORT, 0.65, BEFORE),
    ("be the template for", SUPPORT, 0.62, BEFORE),
    ("be the basis for", SUPPORT, 0.62, BEFORE),
    ("be the model for", SUPPORT, 0.62, BEFORE),
    # Ranking it first, valuing it, keeping it in the text.
    ("highest importance", SUPPORT, 0.8, ANY),
    ("place importance on", SUPPORT, 0.8, AFTER),
    ("highest priority", SUPPORT, 0.78, ANY),
    ("top priority", SUPPORT, 0.75, ANY),
    ("long overdue", SUPPORT, 0.72, BEFORE),
    ("is of value", SUPPORT, 0.72, BEFORE),
    ("are of value", SUPPORT, 0.72, BEFORE),
    ("remain in the text", SUPPORT, 0.82, BEFORE),
    ("remain in the convention", SUPPORT, 0.82, BEFORE),
    ("remain in the draft", SUPPORT, 0.82, BEFORE),
    ("stay in the text", SUPPORT, 0.8, BEFORE),
    ("note with satisfaction", SUPPORT, 0.75, AFTER),
    ("share the view", SUPPORT, 0.7, AFTER),
    ("share the concern", SUPPORT, 0.65, AFTER),
    ("note with appreciation", SUPPORT, 0.72, AFTER),
    ("not opposed to", SUPPORT, 0.72, AFTER),
    # Regretting that something was dropped is wanting it back; welcoming it is wanting it out.
    ("regret the deletion of", SUPPORT, 0.85, AFTER),
    ("regret the removal of", SUPPORT, 0.85, AFTER),
    ("regret the omission of", SUPPORT, 0.85, AFTER),
    ("regret the absence of", SUPPORT, 0.82, AFTER),
    ("welcome the deletion of", OPPOSE, 0.85, AFTER),
    ("welcome the removal of", OPPOSE, 0.85, AFTER),
    # --- oppose: wanting it out, objecting, saying it is not needed --------------------------
    ("object to", OPPOSE, 0.9, AFTER),
    ("objection to", OPPOSE, 0.85, AFTER),
    ("oppose", OPPOSE, 0.85, AFTER),
    ("opposed to", OPPOSE, 0.88, AFTER),
    ("reject", OPPOSE, 0.85, AFTER),
    ("cannot accept", OPPOSE, 0.9, AFTER),
    ("cannot support", OPPOSE, 0.9, AFTER),
    ("cannot agree", OPPOSE, 0.85, AFTER),
    ("not in a position to support", OPPOSE, 0.88, AFTER),
    ("not in a position to accept", OPPOSE, 0.88, AFTER),
    ("unable to support", OPPOSE, 0.88, AFTER),
    ("unable to accept", OPPOSE, 0.88, AFTER),
    ("cannot go along with", OPPOSE, 0.88, AFTER),
    ("disagree with", OPPOSE, 0.75, AFTER),
    ("unacceptable", OPPOSE, 0.85, ANY),
    ("not acceptable", OPPOSE, 0.85, ANY),
    ("not appropriate", OPPOSE, 0.85, ANY),
    ("inappropriate", OPPOSE, 0.8, ANY),
    ("undesirable", OPPOSE, 0.85, ANY),
    ("no need for", OPPOSE, 0.85, AFTER),
    ("no need to", OPPOSE, 0.85, AFTER),
    ("see no need", OPPOSE, 0.88, AFTER),
    ("do not see the need", OPPOSE, 0.88, AFTER),
    ("not necessary", OPPOSE, 0.8, ANY),
    ("unnecessary", OPPOSE, 0.7, ANY),
    ("not needed", OPPOSE, 0.8, BEFORE),
    ("premature", OPPOSE, 0.75, ANY),
    # "We do not see how we could accept X": a polite refusal.
    ("not see how", OPPOSE, 0.8, AFTER),
    ("not see how we could", OPPOSE, 0.82, AFTER),
    ("not see how we can", OPPOSE, 0.82, AFTER),
    ("fail to see how", OPPOSE, 0.8, AFTER),
    # "open to discussing its wording, but not its deletion": the negated deletion keeps it.
    ("its deletion", OPPOSE, 0.75, BEFORE),
    ("delete", OPPOSE, 0.85, AFTER),
    ("deletion of", OPPOSE, 0.88, AFTER),
    ("should be deleted", OPPOSE, 0.9, BEFORE),
    ("should be removed", OPPOSE, 0.88, BEFORE),
    ("should be excluded", OPPOSE, 0.88, BEFORE),
    ("remove", OPPOSE, 0.7, AFTER),
    ("exclude", OPPOSE, 0.72, AFTER),
    ("against the inclusion of", OPPOSE, 0.88, AFTER),
    ("not be able to support", OPPOSE, 0.88, AFTER),
    ("not be able to accept", OPPOSE, 0.88, AFTER),
    ("not able to support", OPPOSE, 0.88, AFTER),
    ("not able to accept", OPPOSE, 0.88, AFTER),
    ("cannot join consensus", OPPOSE, 0.85, AFTER),
    ("we are against", OPPOSE, 0.85, AFTER),
    ("is against", OPPOSE, 0.75, AFTER),
    ("are against", OPPOSE, 0.75, AFTER),
    ("remain against", OPPOSE, 0.8, AFTER),
    ("no justification for", OPPOSE, 0.82, AFTER),
    ("no reason to include", OPPOSE, 0.82, AFTER),
    ("non-starter", OPPOSE, 0.85, ANY),
    ("not ripe", OPPOSE, 0.8, ANY),
    ("redundant", OPPOSE, 0.75, ANY),
    ("superfluous", OPPOSE, 0.75, ANY),
    ("duplicate", OPPOSE, 0.68, BEFORE),
    ("pose risks", OPPOSE, 0.72, BEFORE),
    ("be deleted", OPPOSE, 0.8, BEFORE),
    ("be removed", OPPOSE, 0.78, BEFORE),
    ("be dropped", OPPOSE, 0.8, BEFORE),
    ("be struck", OPPOSE, 0.8, BEFORE),
    ("removed from", OPPOSE, 0.85, BEFORE),
    ("deleted from", OPPOSE, 0.85, BEFORE),
    ("have no place in", OPPOSE, 0.88, BEFORE),
    ("has no place in", OPPOSE, 0.88, BEFORE),
    ("no place in", OPPOSE, 0.82, BEFORE),
    ("beyond the mandate", OPPOSE, 0.85, BEFORE),
    ("outside the mandate", OPPOSE, 0.85, BEFORE),
    ("exceed the mandate", OPPOSE, 0.85, BEFORE),
    ("not within the mandate", OPPOSE, 0.85, BEFORE),
    ("do not see the added value", OPPOSE, 0.88, AFTER),
    ("see no added value", OPPOSE, 0.88, AFTER),
    ("no added value", OPPOSE, 0.82, ANY),
    ("not convinced", OPPOSE, 0.75, AFTER),
    ("cannot be the template", OPPOSE, 0.85, BEFORE),
    ("cannot be the basis", OPPOSE, 0.85, BEFORE),
    ("cannot serve as", OPPOSE, 0.85, BEFORE),
    ("should not serve as", OPPOSE, 0.85, BEFORE),
    ("beyond the scope", OPPOSE, 0.75, BEFORE),
    ("outside the scope", OPPOSE, 0.75, BEFORE),
    ("does not belong", OPPOSE, 0.8, BEFORE),
    ("open to abuse", OPPOSE, 0.65, ANY),
    ("question the need for", OPPOSE, 0.8, AFTER),
    ("question the necessity of", OPPOSE, 0.8, AFTER),
    ("question the added value of", OPPOSE, 0.8, AFTER),
    ("question the usefulness of", OPPOSE, 0.78, AFTER),
    ("fail to see", OPPOSE, 0.78, AFTER),
    ("dangerous precedent", OPPOSE, 0.78, ANY),
    ("could be used to", OPPOSE, 0.62, BEFORE),
    ("might be used to", OPPOSE, 0.62, BEFORE),
    ("of little value", OPPOSE, 0.75, BEFORE),
    ("of limited value", OPPOSE, 0.72, BEFORE),
    # Regretting what the text says is objecting to it ("we regret that X was added"); with
    # "no longer" in between it turns around (see ``PRIVATIVES``).
    ("regret that", OPPOSE, 0.68, AFTER),
    ("could be misused", OPPOSE, 0.65, ANY),
    ("should not", LIMIT, 0.78, ANY),
    ("must not", LIMIT, 0.78, ANY),
    ("shall not", LIMIT, 0.7, ANY),
    ("should never", LIMIT, 0.78, ANY),
    ("must never", LIMIT, 0.78, ANY),
    # --- qualified: yes, but only with conditions, limits or more thought -------------------
    # A condition follows what it limits: "X, subject to judicial review" qualifies X.
    ("only where", QUALIFIED, 0.85, BEFORE),
    ("only if", QUALIFIED, 0.85, BEFORE),
    ("only when", QUALIFIED, 0.8, BEFORE),
    ("only for", QUALIFIED, 0.75, BEFORE),
    ("only as", QUALIFIED, 0.78, BEFORE),
    ("be tied to", QUALIFIED, 0.72, BEFORE),
    # Amending a provision is keeping it with a change ("Article 5: we propose to add ...").
    ("propose to add", QUALIFIED, 0.68, BEFORE),
    ("propose to amend", QUALIFIED, 0.7, BEFORE),
    ("propose to replace", QUALIFIED, 0.68, BEFORE),
    ("propose adding", QUALIFIED, 0.68, BEFORE),
    ("subject to", QUALIFIED, 0.8, BEFORE),
    ("provided that", QUALIFIED, 0.85, BEFORE),
    # "provided it avoids duplication": the same condition without "that".
    ("provided it", QUALIFIED, 0.8, BEFORE),
    ("provided they", QUALIFIED, 0.8, BEFORE),
    ("provided this", QUALIFIED, 0.8, BEFORE),
    ("provided these", QUALIFIED, 0.8, BEFORE),
    ("on condition that", QUALIFIED, 0.85, BEFORE),
    ("with appropriate safeguards", QUALIFIED, 0.8, BEFORE),
    # "X limited to Y": X is kept with a limit, Y is what is wanted (see ``NARROW``).
    ("limited to", NARROW, 0.82, ANY),
    ("should be limited to", NARROW, 0.85, ANY),
    ("must be limited to", NARROW, 0.85, ANY),
    ("confined to", NARROW, 0.8, ANY),
    ("restricted to", NARROW, 0.78, ANY),
    ("tightly focused on", NARROW, 0.8, ANY),
    ("narrowly focused on", NARROW, 0.8, ANY),
    ("strictly focused on", NARROW, 0.8, ANY),
    ("remain focused on", NARROW, 0.75, ANY),
    ("should be limited", QUALIFIED, 0.85, BEFORE),
    ("be accompanied by", QUALIFIED, 0.78, BEFORE),
    ("can live with", QUALIFIED, 0.7, ANY),
    ("concerned that", QUALIFIED, 0.55, AFTER),
    ("narrowly defined", QUALIFIED, 0.75, ANY),
    ("clearly defined", QUALIFIED, 0.7, ANY),
    ("clearly define", QUALIFIED, 0.62, ANY),
    ("carefully consider", QUALIFIED, 0.8, ANY),
    ("should be carefully considered", QUALIFIED, 0.87, BEFORE),
    ("careful consideration", QUALIFIED, 0.75, ANY),
    ("discussed thoroughly", QUALIFIED, 0.78, BEFORE),
    ("thorough discussion", QUALIFIED, 0.72, ANY),
    ("more discussion", QUALIFIED, 0.6, ANY),
    ("with caution", QUALIFIED, 0.75, ANY),
    ("be cautious", QUALIFIED, 0.7, ANY),
    ("case-by-case", QUALIFIED, 0.6, ANY),
    ("strike a balance", QUALIFIED, 0.75, ANY),
    ("careful balance", QUALIFIED, 0.75, ANY),
    ("balance between", QUALIFIED, 0.7, ANY),
    ("in accordance with domestic law", QUALIFIED, 0.6, ANY),
    ("without prejudice to", QUALIFIED, 0.55, ANY),
    ("on a voluntary basis", QUALIFIED, 0.65, ANY),
    ("to the extent", QUALIFIED, 0.6, ANY),
    ("have concerns", QUALIFIED, 0.6, AFTER),
    ("reservations about", QUALIFIED, 0.7, AFTER),
    ("reservations on", QUALIFIED, 0.7, AFTER),
    ("reservations regarding", QUALIFIED, 0.7, AFTER),
    ("reservations with regard to", QUALIFIED, 0.7, AFTER),
    ("concerned about", QUALIFIED, 0.55, AFTER),
    # Preferring existing bodies and resources to new ones: the budget caveat.
    ("avoid duplication", QUALIFIED, 0.65, ANY),
    ("so as not to duplicate", QUALIFIED, 0.65, ANY),
    ("avoid the need to", QUALIFIED, 0.65, ANY),
    ("existing mechanisms", QUALIFIED, 0.55, ANY),
    # UN budget language: "within existing resources" is a firm condition on a new body.
    ("existing resources", QUALIFIED, 0.66, ANY),
    ("existing structures", QUALIFIED, 0.55, ANY),
    # "X can only be effective if ...": a condition on X.
    ("can only be", QUALIFIED, 0.72, BEFORE),
    ("can only work", QUALIFIED, 0.72, BEFORE),
    ("will only work", QUALIFIED, 0.7, BEFORE),
    ("will only be", QUALIFIED, 0.7, BEFORE),
    ("only be acceptable", QUALIFIED, 0.8, BEFORE),
    # Support held back to a case: "we can only support a convention that ...".
    ("only be able to support", QUALIFIED, 0.85, AFTER),
    ("only be able to accept", QUALIFIED, 0.85, AFTER),
    ("can only support", QUALIFIED, 0.82, AFTER),
    ("could only support", QUALIFIED, 0.82, AFTER),
    ("can only accept", QUALIFIED, 0.82, AFTER),
    ("could only accept", QUALIFIED, 0.82, AFTER),
    ("will only support", QUALIFIED, 0.82, AFTER),
    ("on the understanding that", QUALIFIED, 0.82, BEFORE),
    ("could consider", QUALIFIED, 0.62, AFTER),
    ("prepared to consider", QUALIFIED, 0.65, AFTER),
    ("willing to consider", QUALIFIED, 0.65, AFTER),
    ("ready to consider", QUALIFIED, 0.62, AFTER),
    # --- neutral: an explicit non-position (conservative; loses to any side taken) -----------
    ("is flexible", NEUTRAL, 0.65, ANY),
    ("are flexible", NEUTRAL, 0.65, ANY),
    ("remain flexible", NEUTRAL, 0.65, ANY),
    ("flexible on", NEUTRAL, 0.65, ANY),
    ("flexible as to", NEUTRAL, 0.68, ANY),
    ("flexible regarding", NEUTRAL, 0.65, ANY),
    ("remain open to", NEUTRAL, 0.62, ANY),
    ("open to the different options", NEUTRAL, 0.68, ANY),
    ("open to all options", NEUTRAL, 0.68, ANY),
    ("no strong view", NEUTRAL, 0.68, ANY),
    ("no fixed view", NEUTRAL, 0.68, ANY),
    ("no strong position", NEUTRAL, 0.68, ANY),
    ("no firm position", NEUTRAL, 0.68, ANY),
    ("not have a strong view", NEUTRAL, 0.68, ANY),
    ("not have a fixed position", NEUTRAL, 0.68, ANY),
    # "still" is a skipped adverb: "is still considering" reads "is considering".
    ("we are considering", NEUTRAL, 0.62, ANY),
    ("we are studying", NEUTRAL, 0.62, ANY),
    ("we are reflecting", NEUTRAL, 0.62, ANY),
    ("considering its position", NEUTRAL, 0.65, ANY),
    ("considering our position", NEUTRAL, 0.65, ANY),
    ("consult with capital", NEUTRAL, 0.62, ANY),
    ("open to discussing", NEUTRAL, 0.6, ANY),
    ("open to considering", NEUTRAL, 0.6, ANY),
    ("open to discussion", NEUTRAL, 0.6, ANY),
    ("consult with its capital", NEUTRAL, 0.62, ANY),
    ("consult with our capital", NEUTRAL, 0.62, ANY),
    ("reserve its position", NEUTRAL, 0.68, ANY),
    ("reserve our position", NEUTRAL, 0.68, ANY),
    ("reserve their position", NEUTRAL, 0.68, ANY),
    ("will take a position", NEUTRAL, 0.6, ANY),
    ("take note of", NEUTRAL, 0.55, AFTER),
    ("taken note of", NEUTRAL, 0.55, AFTER),
    ("open mind", NEUTRAL, 0.6, ANY),
    ("need more time", NEUTRAL, 0.62, ANY),
    # --- blockers: phrases that contain a cue word but state no position --------------------
    ("critical infrastructure", BLOCK, 0.0, ANY),
    ("not only", BLOCK, 0.0, ANY),
    ("not merely", BLOCK, 0.0, ANY),
    # "X should not be limited to Y": no limit, and nothing said against Y.
    ("not confine itself to", BLOCK, 0.0, ANY),
    ("not limit itself to", BLOCK, 0.0, ANY),
    ("not be confined to", BLOCK, 0.0, ANY),
    ("not be limited to", BLOCK, 0.0, ANY),
    ("not be restricted to", BLOCK, 0.0, ANY),
    ("with support of", BLOCK, 0.0, ANY),
    ("with the support of", BLOCK, 0.0, ANY),
    ("support from", BLOCK, 0.0, ANY),
    ("in support of the work", BLOCK, 0.0, ANY),
    ("if necessary", BLOCK, 0.0, ANY),
    ("where necessary", BLOCK, 0.0, ANY),
    ("as necessary", BLOCK, 0.0, ANY),
    # "support" as a thing received or given, not a position.
    ("need support", BLOCK, 0.0, ANY),
    ("require support", BLOCK, 0.0, ANY),
    ("receive support", BLOCK, 0.0, ANY),
    ("technical support", BLOCK, 0.0, ANY),
    ("financial support", BLOCK, 0.0, ANY),
    # "open to abuse" stays a (weak) objection, not an open mind.
    ("remain open to abuse", BLOCK, 0.0, ANY),
)

# --- coverage: the common stock of UN diplomatic language, family by family ---------------
# Written from how delegations speak in the General Assembly, the Third Committee, the CCPCJ and
# treaty negotiations, not from any one statement. Adverbs ("warmly", "greatly") are skipped (see
# ``CUE_SKIP_WORDS``), so "we warmly welcome" and "we greatly value" match the plain forms.
_SUPPORT_WELCOME = (
    # Welcoming, appreciating and valuing what the text does.
    ("pleased that", SUPPORT, 0.72, AFTER),
    ("pleased with", SUPPORT, 0.72, AFTER),
    ("pleased to note", SUPPORT, 0.72, AFTER),
    ("glad that", SUPPORT, 0.7, AFTER),
    ("happy that", SUPPORT, 0.68, AFTER),
    ("satisfied with", SUPPORT, 0.7, AFTER),
    ("satisfied that", SUPPORT, 0.68, AFTER),
    ("welcome the fact that", SUPPORT, 0.78, AFTER),
    ("encouraged by", SUPPORT, 0.68, AFTER),
    ("appreciate the", SUPPORT, 0.65, AFTER),
    ("appreciate that", SUPPORT, 0.65, AFTER),
    ("appreciation for", SUPPORT, 0.65, AFTER),
    ("we value", SUPPORT, 0.7, AFTER),
    ("value the", SUPPORT, 0.68, AFTER),
    ("applaud", SUPPORT, 0.65, AFTER),
    ("a welcome addition", SUPPORT, 0.75, BEFORE),
    ("a welcome step", SUPPORT, 0.72, BEFORE),
    ("a positive step", SUPPORT, 0.7, BEFORE),
    ("a step in the right direction", SUPPORT, 0.7, BEFORE),
    ("an important achievement", SUPPORT, 0.65, BEFORE),
)
_SUPPORT_ENDORSE = (
    # Backing it, seeing merit in it, standing behind it.
    ("see merit in", SUPPORT, 0.75, AFTER),
    ("sees merit in", SUPPORT, 0.75, AFTER),  # "sees", "goes", "does" keep their "s"
    ("sees value in", SUPPORT, 0.75, AFTER),
    ("see the merit of", SUPPORT, 0.72, AFTER),
    ("see the merits of", SUPPORT, 0.72, AFTER),
    ("see value in", SUPPORT, 0.75, AFTER),
    ("see the value of", SUPPORT, 0.72, AFTER),
    ("see the benefit of", SUPPORT, 0.68, AFTER),
    ("see the benefits of", SUPPORT, 0.68, AFTER),
    ("recognize the value of", SUPPORT, 0.7, AFTER),
    ("recognize the importance of", SUPPORT, 0.7, AFTER),
    ("acknowledge the importance of", SUPPORT, 0.68, AFTER),
    ("acknowledge the value of", SUPPORT, 0.68, AFTER),
    ("appreciate the value of", SUPPORT, 0.68, AFTER),
    ("supporter of", SUPPORT, 0.75, AFTER),
    ("advocate of", SUPPORT, 0.72, AFTER),
    ("enjoy our support", SUPPORT, 0.8, BEFORE),
    ("has our support", SUPPORT, 0.8, BEFORE),
    ("have our support", SUPPORT, 0.8, BEFORE),
    ("enjoy the support of", SUPPORT, 0.75, BEFORE),
    ("subscribe to", SUPPORT, 0.62, AFTER),
    ("committed to", SUPPORT, 0.6, AFTER),
    ("remain committed to", SUPPORT, 0.65, AFTER),
    ("in agreement with", SUPPORT, 0.65, AFTER),
    ("concur with", SUPPORT, 0.62, AFTER),
    ("stand behind", SUPPORT, 0.7, AFTER),
    ("count on our support", SUPPORT, 0.72, ANY),
)
_SUPPORT_URGE = (
    # Urging, calling for, asking that it be done.
    ("urge", SUPPORT, 0.65, AFTER),
    ("call upon", SUPPORT, 0.62, AFTER),
    ("call on", SUPPORT, 0.6, AFTER),
    ("encourage", SUPPORT, 0.6, AFTER),
    ("invite", SUPPORT, 0.55, AFTER),
    ("request that", SUPPORT, 0.6, AFTER),
    ("ask that", SUPPORT, 0.6, AFTER),
    ("appeal to", SUPPORT, 0.58, AFTER),
    ("recommend", SUPPORT, 0.62, AFTER),
    ("scale up", SUPPORT, 0.65, AFTER),
    ("step up", SUPPORT, 0.62, AFTER),
    ("invest in", SUPPORT, 0.62, AFTER),
    ("meaningful participation of", SUPPORT, 0.65, AFTER),
    ("meaningful engagement of", SUPPORT, 0.65, AFTER),
    ("active participation of", SUPPORT, 0.6, AFTER),
    ("inclusive participation of", SUPPORT, 0.62, AFTER),
    # Subjunctive after "propose that", "request that": "that X be included".
    ("be included", SUPPORT, 0.68, BEFORE),
    ("be retained", SUPPORT, 0.68, BEFORE),
    ("be maintained", SUPPORT, 0.66, BEFORE),
    ("be preserved", SUPPORT, 0.66, BEFORE),
)
_SUPPORT_STRESS = (
    # Stressing, underlining, reiterating what matters.
    ("stress", SUPPORT, 0.6, AFTER),
    ("underline", SUPPORT, 0.6, AFTER),
    ("underscore", SUPPORT, 0.6, AFTER),
    ("highlight", SUPPORT, 0.55, AFTER),
    ("reiterate", SUPPORT, 0.55, AFTER),
    ("recall the importance of", SUPPORT, 0.65, AFTER),
    ("importance we attach to", SUPPORT, 0.75, AFTER),
    ("importance we place on", SUPPORT, 0.75, AFTER),
    ("importance we give to", SUPPORT, 0.72, AFTER),
    ("is a priority", SUPPORT, 0.7, BEFORE),
    ("a priority for", SUPPORT, 0.68, BEFORE),
    ("play a central role", SUPPORT, 0.62, BEFORE),
    ("play a key role", SUPPORT, 0.62, BEFORE),
    ("play an important role", SUPPORT, 0.6, BEFORE),
    ("key role", SUPPORT, 0.58, BEFORE),
    ("central role", SUPPORT, 0.58, BEFORE),
)
_SUPPORT_FOUNDATION = (
    # What the text must rest on: "X at the heart of", "anchored in X".
    ("at the heart of", SUPPORT, 0.75, BEFORE),
    ("at the core of", SUPPORT, 0.75, BEFORE),
    ("at the centre of", SUPPORT, 0.72, BEFORE),
    ("at the center of", SUPPORT, 0.72, BEFORE),
    ("central to", SUPPORT, 0.66, BEFORE),
    # "X anchored in Y" holds X to Y: like "limited to", X is qualified and Y is wanted; weak, so
    # that a firmer wish for X elsewhere in the clause still wins.
    ("anchored in", NARROW, 0.5, ANY),
    ("grounded in", NARROW, 0.5, ANY),
    ("rooted in", NARROW, 0.5, ANY),
    ("underpinned by", NARROW, 0.5, ANY),
    ("guided by", NARROW, 0.5, ANY),
    ("compatible with", SUPPORT, 0.62, AFTER),
    ("coherent with", SUPPORT, 0.6, AFTER),
    ("aligned with", SUPPORT, 0.6, AFTER),
    ("align with", SUPPORT, 0.6, AFTER),
    ("interoperable with", SUPPORT, 0.6, AFTER),
    ("be adequately resourced", SUPPORT, 0.7, BEFORE),
    ("be properly resourced", SUPPORT, 0.7, BEFORE),
    ("should guide", SUPPORT, 0.65, BEFORE),
    ("must guide", SUPPORT, 0.65, BEFORE),
    ("should inform", SUPPORT, 0.6, BEFORE),
    ("form the basis of", SUPPORT, 0.7, BEFORE),
    ("foundation of", SUPPORT, 0.65, BEFORE),
    ("foundation for", SUPPORT, 0.65, BEFORE),
    ("bedrock of", SUPPORT, 0.7, BEFORE),
    ("pillar of", SUPPORT, 0.68, BEFORE),
    ("integral element of", SUPPORT, 0.75, BEFORE),
    ("integral component of", SUPPORT, 0.75, BEFORE),
    ("essential component of", SUPPORT, 0.75, BEFORE),
    ("key component of", SUPPORT, 0.72, BEFORE),
    ("core component of", SUPPORT, 0.72, BEFORE),
    ("essential part of", SUPPORT, 0.72, BEFORE),
    ("key part of", SUPPORT, 0.7, BEFORE),
    ("is a must", SUPPORT, 0.75, BEFORE),
    ("as drafted", SUPPORT, 0.6, BEFORE),
    ("as currently drafted", SUPPORT, 0.62, BEFORE),
)
_SUPPORT_HOPE = (
    # Hopes and expectations for it.
    ("hope that", SUPPORT, 0.6, AFTER),
    ("we hope", SUPPORT, 0.58, AFTER),
    ("we trust that", SUPPORT, 0.55, AFTER),
    ("look forward to", SUPPORT, 0.62, AFTER),
    ("benefit from", SUPPORT, 0.6, AFTER),
    ("would benefit from", SUPPORT, 0.62, AFTER),
    ("would have preferred", SUPPORT, 0.62, AFTER),  # "... a text without X" turns around
)
_SUPPORT_SAVING = (
    # Savings-clause language: "nothing in this convention diminishes / prejudices / detracts
    # from X", "without prejudice to X". Whether affirmed or denied, the speaker guards X: the
    # standard way delegations protect an existing instrument, a right or a regime.
    ("diminish the value of", SUPPORT, 0.66, AFTER),
    ("detract from", SUPPORT, 0.64, AFTER),
    ("prejudice the", SUPPORT, 0.62, AFTER),
    ("derogate from", SUPPORT, 0.64, AFTER),
    ("supersede", SUPPORT, 0.6, AFTER),
    # Going along with a text is accepting it, if without enthusiasm.
    ("can go along with", SUPPORT, 0.66, AFTER),
    # "X must be sustainable, demand-driven and adequately funded": qualities asked of something
    # are a wish for it (see also ``_WANTED``), not a condition on it.
    ("be sustainable", SUPPORT, 0.66, BEFORE),
    ("be demand-driven", SUPPORT, 0.7, BEFORE),
    ("be needs-based", SUPPORT, 0.68, BEFORE),
    ("be adequately funded", SUPPORT, 0.7, BEFORE),
    ("be sustainably funded", SUPPORT, 0.7, BEFORE),
    ("be predictable", SUPPORT, 0.6, BEFORE),
    ("be tailored to", SUPPORT, 0.64, BEFORE),
)
_QUALIFIED_ONLY_IF = (
    # "X will only add value if ...", "X can only be effective if ...": value made to hang on a
    # condition. Common in explanations of position on the instrument as a whole.
    ("only add value if", QUALIFIED, 0.75, BEFORE),
    ("only be useful if", QUALIFIED, 0.75, BEFORE),
    ("only be effective if", QUALIFIED, 0.75, BEFORE),
    ("only be acceptable if", QUALIFIED, 0.78, BEFORE),
    ("only succeed if", QUALIFIED, 0.72, BEFORE),
    ("only work if", QUALIFIED, 0.72, BEFORE),
    ("will depend on", QUALIFIED, 0.72, BEFORE),
    ("will depend upon", QUALIFIED, 0.72, BEFORE),
)
_OPPOSE_REFUSE = (
    # Refusing to go along.
    ("cannot subscribe to", OPPOSE, 0.88, AFTER),
    ("cannot join", OPPOSE, 0.8, AFTER),
    ("cannot endorse", OPPOSE, 0.88, AFTER),
    ("cannot lend our support", OPPOSE, 0.88, AFTER),
    ("cannot countenance", OPPOSE, 0.85, AFTER),
    ("will not accept", OPPOSE, 0.85, AFTER),
    ("will not support", OPPOSE, 0.85, AFTER),
    ("a red line", OPPOSE, 0.7, BEFORE),
    ("not find its way into", OPPOSE, 0.85, BEFORE),
    ("not find their way into", OPPOSE, 0.85, BEFORE),
    ("do not belong", OPPOSE, 0.8, BEFORE),
    ("not belong in", OPPOSE, 0.82, BEFORE),
    ("has no business in", OPPOSE, 0.8, BEFORE),
    ("resist", OPPOSE, 0.75, AFTER),
    ("deplore", OPPOSE, 0.7, AFTER),
    ("regret the inclusion of", OPPOSE, 0.85, AFTER),
    ("regret the reference to", OPPOSE, 0.8, AFTER),
    ("regret the retention of", OPPOSE, 0.85, AFTER),
    ("removal of", OPPOSE, 0.85, AFTER),
    ("exclusion of", OPPOSE, 0.8, AFTER),
    ("strike out", OPPOSE, 0.75, AFTER),
)
_OPPOSE_DOUBT = (
    # Doubting that it is needed or useful (see also ``DOUBT_LEADS``).
    ("misgivings about", OPPOSE, 0.75, AFTER),
    ("misgivings regarding", OPPOSE, 0.75, AFTER),
    ("misgivings over", OPPOSE, 0.75, AFTER),
    ("doubts about", OPPOSE, 0.65, AFTER),
    ("doubts as to", OPPOSE, 0.65, AFTER),
    ("doubt it", OPPOSE, 0.7, ANY),  # the answer to a rhetorical question
    ("we think not", OPPOSE, 0.7, ANY),
    ("we believe not", OPPOSE, 0.7, ANY),
    ("unconvinced", OPPOSE, 0.75, ANY),
    ("remain unconvinced", OPPOSE, 0.78, ANY),
    ("not persuaded", OPPOSE, 0.75, AFTER),
    ("see no merit in", OPPOSE, 0.85, AFTER),
    ("sees no merit in", OPPOSE, 0.85, AFTER),
    ("sees no value in", OPPOSE, 0.85, AFTER),
    ("see no value in", OPPOSE, 0.85, AFTER),
    ("see little merit in", OPPOSE, 0.8, AFTER),
    ("see little value in", OPPOSE, 0.8, AFTER),
    ("see no benefit in", OPPOSE, 0.82, AFTER),
    ("no merit in", OPPOSE, 0.78, AFTER),
    ("little added value", OPPOSE, 0.75, ANY),
    ("serves no purpose", OPPOSE, 0.78, BEFORE),
    ("serve no useful purpose", OPPOSE, 0.8, BEFORE),
    ("not fit for purpose", OPPOSE, 0.78, BEFORE),
)
_OPPOSE_HARM = (
    # Too broad, too far, a door to abuse: it should not be there as it stands.
    ("overly broad", OPPOSE, 0.75, ANY),
    ("too broad", OPPOSE, 0.72, ANY),
    ("overly vague", OPPOSE, 0.72, ANY),
    ("too vague", OPPOSE, 0.72, ANY),
    ("too far-reaching", OPPOSE, 0.75, ANY),
    ("overly intrusive", OPPOSE, 0.75, ANY),
    ("too intrusive", OPPOSE, 0.75, ANY),
    ("overly expansive", OPPOSE, 0.72, ANY),
    ("go too", OPPOSE, 0.78, BEFORE),  # "go too far": "far" is a skipped word
    ("goes too", OPPOSE, 0.78, BEFORE),
    ("goes beyond what is necessary", OPPOSE, 0.75, BEFORE),
    ("go beyond what is necessary", OPPOSE, 0.75, BEFORE),
    ("open the door to", OPPOSE, 0.65, BEFORE),
    ("open the door to abuse", OPPOSE, 0.75, BEFORE),
    ("risk of abuse", OPPOSE, 0.62, ANY),
    ("risk of misuse", OPPOSE, 0.62, ANY),
    ("prone to abuse", OPPOSE, 0.7, ANY),
    ("pose a threat to", OPPOSE, 0.7, BEFORE),
    ("a threat to", OPPOSE, 0.62, BEFORE),
    ("threaten", OPPOSE, 0.62, BEFORE),
    ("would undermine", OPPOSE, 0.65, BEFORE),
    ("could undermine", OPPOSE, 0.62, BEFORE),
    ("dilute", OPPOSE, 0.6, BEFORE),
    ("problematic", OPPOSE, 0.65, ANY),
    ("counterproductive", OPPOSE, 0.72, ANY),
    ("ill-advised", OPPOSE, 0.75, ANY),
    ("unworkable", OPPOSE, 0.75, ANY),
    ("unjustified", OPPOSE, 0.75, ANY),
)
_QUALIFIED_MORE = (
    # Yes in principle, with a condition, a caveat or more thought.
    ("in principle", QUALIFIED, 0.62, ANY),
    ("with the caveat that", QUALIFIED, 0.8, BEFORE),
    ("caveat", QUALIFIED, 0.62, ANY),
    ("as long as", QUALIFIED, 0.8, BEFORE),
    ("so long as", QUALIFIED, 0.8, BEFORE),
    ("insofar as", QUALIFIED, 0.7, BEFORE),
    ("only in", QUALIFIED, 0.72, BEFORE),
    ("exceptional cases", QUALIFIED, 0.62, ANY),
    ("exceptional circumstances", QUALIFIED, 0.62, ANY),
    ("depend on", QUALIFIED, 0.68, BEFORE),
    ("contingent on", QUALIFIED, 0.78, BEFORE),
    ("contingent upon", QUALIFIED, 0.78, BEFORE),
    ("conditional on", QUALIFIED, 0.78, BEFORE),
    ("conditional upon", QUALIFIED, 0.78, BEFORE),
    ("hinge on", QUALIFIED, 0.7, BEFORE),
    ("open to including", QUALIFIED, 0.62, AFTER),
    ("careful reflection", QUALIFIED, 0.7, ANY),
    ("needs to be refined", QUALIFIED, 0.7, BEFORE),
    ("should be refined", QUALIFIED, 0.7, BEFORE),
    ("be clarified", QUALIFIED, 0.68, BEFORE),
    ("needs clarification", QUALIFIED, 0.66, ANY),
    ("be tightened", QUALIFIED, 0.7, BEFORE),
    ("be narrowed", QUALIFIED, 0.7, BEFORE),
    ("narrow the scope of", QUALIFIED, 0.7, AFTER),
    ("more precise", QUALIFIED, 0.62, ANY),
    ("more clearly defined", QUALIFIED, 0.7, ANY),
    ("shall endeavour", QUALIFIED, 0.62, ANY),
    ("shall endeavor", QUALIFIED, 0.62, ANY),
    ("should be optional", QUALIFIED, 0.75, BEFORE),
    ("non-mandatory", QUALIFIED, 0.65, ANY),
    ("with due regard to", QUALIFIED, 0.6, ANY),
    ("within available resources", QUALIFIED, 0.6, ANY),
    # The standard limits on a review of implementation.
    ("non-intrusive", QUALIFIED, 0.72, ANY),
    ("non-adversarial", QUALIFIED, 0.72, ANY),
    ("non-punitive", QUALIFIED, 0.72, ANY),
    ("in accordance with the rules of procedure", QUALIFIED, 0.68, ANY),
    # Keeping a way out of cooperation: "the requested State must be able to refuse".
    ("be able to refuse", QUALIFIED, 0.7, BEFORE),
    ("right to refuse", QUALIFIED, 0.66, ANY),
)
# "We can accept the article if it includes X": acceptance on a condition about its content.
_QUALIFIED_MORE += tuple(
    (f"{lead} {pronoun} {verb}", QUALIFIED, 0.72, BEFORE)
    for lead in ("if", "unless")
    for pronoun in ("it", "they")
    for verb in (
        "includes",
        "include",
        "contains",
        "contain",
        "provides for",
        "provide for",
        "respects",
        "respect",
        "ensures",
        "ensure",
        "is accompanied by",
        "are accompanied by",
        "is subject to",
        "are subject to",
    )
)
_NEUTRAL_MORE = (
    # Not yet a position: studying, reverting, consulting, listening.
    ("we note", NEUTRAL, 0.5, AFTER),
    ("studying", NEUTRAL, 0.55, ANY),
    ("examining", NEUTRAL, 0.55, ANY),
    ("under review", NEUTRAL, 0.55, BEFORE),
    ("under examination", NEUTRAL, 0.58, BEFORE),
    ("will revert", NEUTRAL, 0.6, ANY),
    ("revert to", NEUTRAL, 0.58, ANY),
    ("come back to", NEUTRAL, 0.55, ANY),
    ("reserve the right to", NEUTRAL, 0.6, ANY),
    ("consult capital", NEUTRAL, 0.62, ANY),
    ("consult our capital", NEUTRAL, 0.62, ANY),
    ("consultations with capital", NEUTRAL, 0.6, ANY),
    ("instructions from capital", NEUTRAL, 0.6, ANY),
    ("awaiting instructions", NEUTRAL, 0.62, ANY),
    ("no position yet", NEUTRAL, 0.65, ANY),
    ("not yet taken a position", NEUTRAL, 0.68, ANY),
    ("not taken a position", NEUTRAL, 0.68, ANY),
    ("not yet formed a view", NEUTRAL, 0.68, ANY),
    ("not yet in a position to support", NEUTRAL, 0.7, AFTER),
    ("not yet in a position to take a position", NEUTRAL, 0.7, ANY),
    ("listen carefully to", NEUTRAL, 0.55, ANY),
    ("take note that", NEUTRAL, 0.58, AFTER),
    ("hear the views of", NEUTRAL, 0.55, ANY),
    ("no strong feelings", NEUTRAL, 0.65, ANY),
    ("no specific view", NEUTRAL, 0.65, ANY),
    ("neutral on", NEUTRAL, 0.65, ANY),
    ("show flexibility on", NEUTRAL, 0.6, ANY),
)
_BLOCK_MORE = (
    # Phrases that hold a cue word and state nothing about a provision.
    ("stress test", BLOCK, 0.0, ANY),
    ("based on reciprocity", BLOCK, 0.0, ANY),
    ("based on the principle of reciprocity", BLOCK, 0.0, ANY),
    ("step up our efforts", BLOCK, 0.0, ANY),
    ("we note with concern", BLOCK, 0.0, ANY),
    # "X is the core value of this convention", "we see X as the heart of the convention": what
    # the instrument rests on is wanted (the instrument is the container).
    ("core value of", SUPPORT, 0.7, BEFORE),
    ("as the heart of", SUPPORT, 0.72, BEFORE),
    ("is the heart of", SUPPORT, 0.72, BEFORE),
    ("as the core of", SUPPORT, 0.72, BEFORE),
    ("is the core of", SUPPORT, 0.72, BEFORE),
    ("is the right answer to", SUPPORT, 0.7, BEFORE),
    ("the right response to", SUPPORT, 0.66, BEFORE),
    # "X is not an appendix to this convention": denying that it is marginal is valuing it.
    ("not an appendix", SUPPORT, 0.7, BEFORE),
    ("not an afterthought", SUPPORT, 0.7, BEFORE),
    ("not an add-on", SUPPORT, 0.7, BEFORE),
    # Asking the text to cover, address or draw on something is wanting it.
    ("must cover", SUPPORT, 0.8, AFTER),
    ("must address", SUPPORT, 0.72, AFTER),
    ("must squarely address", SUPPORT, 0.74, AFTER),
    ("should draw on", SUPPORT, 0.64, AFTER),
    ("should criminalize", SUPPORT, 0.72, AFTER),
    ("must criminalize", SUPPORT, 0.72, AFTER),
    ("must enjoy", SUPPORT, 0.62, BEFORE),
    ("take full part in", SUPPORT, 0.68, BEFORE),
    # Open to it on a condition: "could be acceptable to us if", "only after careful examination".
    ("could be acceptable", QUALIFIED, 0.72, BEFORE),
    ("acceptable to us if", QUALIFIED, 0.75, BEFORE),
    ("only after careful", QUALIFIED, 0.66, ANY),
    # Not yet a position.
    ("consulting national authorities", NEUTRAL, 0.6, ANY),
    ("share its views at a later stage", NEUTRAL, 0.62, ANY),
    ("share our views at a later stage", NEUTRAL, 0.62, ANY),
    # "Calls for violence" are content spread by others, not a call by the speaker.
    ("calls for violence", BLOCK, 0.0, ANY),
    ("calls for hatred", BLOCK, 0.0, ANY),
    ("in the name of", BLOCK, 0.0, ANY),
    # "These attempts were rejected by the Committee": what a body did, not the speaker's view.
    ("rejected by", BLOCK, 0.0, ANY),
)
# "X deserves further reflection", "more discussion is needed on X" ("further" is skipped).
_MORE_THOUGHT = ("reflection", "discussion", "consideration", "refinement", "work", "study")
_QUALIFIED_MORE += tuple(
    (f"{verb} {noun}", QUALIFIED, 0.65, ANY)
    for verb in ("deserve", "require", "need", "merit", "warrant", "call for")
    for noun in _MORE_THOUGHT
) + tuple(
    (f"{noun} {tail}", QUALIFIED, 0.65, ANY)
    for noun in _MORE_THOUGHT
    for tail in ("is needed", "is required", "is necessary")
)
CUES = (
    CUES
    + _SUPPORT_WELCOME
    + _SUPPORT_ENDORSE
    + _SUPPORT_URGE
    + _SUPPORT_STRESS
    + _SUPPORT_FOUNDATION
    + _SUPPORT_HOPE
    + _SUPPORT_SAVING
    + _QUALIFIED_ONLY_IF
    + _OPPOSE_REFUSE
    + _OPPOSE_DOUBT
    + _OPPOSE_HARM
    + _QUALIFIED_MORE
    + _NEUTRAL_MORE
    + _BLOCK_MORE
)

# Modal + predicate: "X must be retained" wants X in; "X should not be included" wants it out.
_MODALS = ("must", "should", "shall", "need to", "ought to")
_WANTED = (
    "be included",
    "be retained",
    "be preserved",
    "be maintained",
    "be kept",
    "be strengthened",
    "be criminalized",
    "be covered",
    "be reflected",
    "be ensured",
    "be guaranteed",
    "be respected",
    "be upheld",
    "be comprehensive",
    "be given priority",
    "be prioritized",
    "be obliged to",
    "be a priority",
    "be a top priority",
    "remain a priority",
    "remain in the text",
    "be required to",
    "be expanded",
    "be enhanced",
    "be reinforced",
    "be broadened",
    "be protected",
    "be safeguarded",
    "be promoted",
    "be supported",
    "be facilitated",
    "be central to",
    "be at the heart of",
    "be at the core of",
    "be mainstreamed",
    "be integrated",
)
_REMOVED = ("be deleted", "be removed", "be dropped", "be excluded", "be struck", "be omitted")
_UNWANTED = (
    "not be included",
    "not be criminalized",
    "not be covered",
    "not be retained",
    "not be part of",
    "not form part of",
)
CUES = CUES + tuple(
    dict.fromkeys(
        [(f"{m} {p}", SUPPORT, 0.82, BEFORE) for m in _MODALS for p in _WANTED]
        + [(f"{m} {p}", OPPOSE, 0.88, BEFORE) for m in _MODALS for p in _UNWANTED]
        + [(f"{m} {p}", OPPOSE, 0.9, BEFORE) for m in _MODALS for p in _REMOVED]
        + [(f"{m} not include", OPPOSE, 0.85, AFTER) for m in _MODALS]
    )
)


def _words(block: str) -> frozenset[str]:
    """A set of single words from a whitespace-separated block."""
    return frozenset(block.split())


def _phrases(block: str) -> tuple[str, ...]:
    """Phrases from a block, one per line; text after '#' is a comment."""
    lines = (line.split("#", 1)[0].strip() for line in block.splitlines())
    return tuple(line for line in lines if line)


# Opposition is often said through negation and indirection; the families below cover the
# common shapes of it, each with the positive form a negation turns around.
_NEG_HEADS = (
    "cannot",
    "can not",
    "could not",
    "would not",
    "will not",
    "did not",
    "do not",
    "does not",
    "can never",
    "could never",
    "would never",
    "will never",
    "nor can we",
    "nor could we",
    "nor will we",
    "nor would we",
    "neither can we",
    "nor do we",
)
_ACCEPT_VERBS = ("accept", "support", "endorse", "agree to", "go along with", "subscribe to")
_OPPOSE_NEGATED_ACCEPT = (
    tuple(
        # "We could not have accepted X", "we would not be able to accept X", "nor can we accept X".
        (f"{head} {form}{verb}", OPPOSE, 0.88, AFTER)
        for head in _NEG_HEADS
        for form in ("", "have ", "be able to ", "have been able to ")
        for verb in _ACCEPT_VERBS
    )
    + tuple(
        (f"{lead} able to {verb}", OPPOSE, 0.88, AFTER)
        for lead in ("never", "never been", "not been", "never be")
        for verb in _ACCEPT_VERBS
    )
    + tuple(
        # "X would not have been acceptable", "it would never be acceptable to include X".
        (f"{lead} acceptable", OPPOSE, 0.85, ANY)
        for lead in (
            "not be",
            "not have been",
            "never be",
            "never have been",
            "never been",
            "never",
            "hardly",
            "not been",
        )
    )
)
# "X cannot be the yardstick for this negotiation": denying that X is the model is rejecting it;
# the positive form ("X should serve as the benchmark") is wanting it.
_MODEL_NOUNS = (
    "yardstick",
    "benchmark",
    "model",
    "template",
    "reference point",
    "point of reference",
    "blueprint",
    "basis",
    "starting point",
    "standard",
    "gold standard",
    "reference",
)
_MODEL_DENIALS = (
    "cannot be",
    "can not be",
    "could not be",
    "should not be",
    "must not be",
    "will not be",
    "shall not be",
    "can never be",
    "should never be",
    "cannot serve as",
    "should not serve as",
    "cannot become",
    "should not become",
)
#: The nouns that still name a model after a bare "is not the" ("X is not the yardstick"); "a
#: standard", "the basis" there are too often something else ("not a standard exercise").
_MODEL_NOUNS_STRICT = (
    "yardstick",
    "benchmark",
    "model",
    "template",
    "blueprint",
    "reference point",
)
_OPPOSE_NOT_A_MODEL = (
    tuple(
        (f"{denial} {article} {noun}", OPPOSE, 0.85, BEFORE)
        for denial in _MODEL_DENIALS
        for article in ("the", "a", "an", "our")
        for noun in _MODEL_NOUNS
    )
    + tuple(
        (f"{copula} not the {noun}", OPPOSE, 0.82, BEFORE)
        for copula in ("is", "are")
        for noun in _MODEL_NOUNS_STRICT
    )
    + tuple(
        (f"{verb} {article} {noun} for", SUPPORT, 0.62, BEFORE)
        for verb in ("be", "serve as", "remain", "become")
        for article in ("the", "a")
        for noun in _MODEL_NOUNS
        if noun not in ("reference", "standard", "basis")
    )
    + (
        # "This convention should be modelled on X": negated ("we do not believe that ...") it
        # is a rejection of X.
        ("be modelled on", SUPPORT, 0.62, AFTER),
        ("be modeled on", SUPPORT, 0.62, AFTER),
        ("be modelled after", SUPPORT, 0.62, AFTER),
        ("be patterned on", SUPPORT, 0.6, AFTER),
        ("be inspired by", SUPPORT, 0.58, AFTER),
        ("take as a model", SUPPORT, 0.62, AFTER),
        ("follow the model of", SUPPORT, 0.62, AFTER),
    )
)
_ROLE_DENIALS = (
    "should not",
    "must not",
    "cannot",
    "can not",
    "will not",
    "shall not",
    "should never",
)
_ROLE_FORMS = (
    "have a role",
    "have any role",
    "be given a role",
    "be given any role",
    "be granted a role",
    "be granted any role",
    "play a role",
    "play any role",
)
_OPPOSE_NO_ROLE = tuple(
    # "Non-governmental organizations should not have a role in an intergovernmental process."
    (f"{denial} {form}", OPPOSE, 0.85, BEFORE)
    for denial in _ROLE_DENIALS
    for form in _ROLE_FORMS
) + (
    ("have no role", OPPOSE, 0.85, BEFORE),
    ("has no role", OPPOSE, 0.85, BEFORE),
    ("play no role", OPPOSE, 0.82, BEFORE),
    ("should have no role", OPPOSE, 0.85, BEFORE),
    ("no role for", OPPOSE, 0.82, AFTER),
    ("no place for", OPPOSE, 0.82, AFTER),
    ("have no business", OPPOSE, 0.8, BEFORE),
    ("has no business", OPPOSE, 0.8, BEFORE),
)
_OPPOSE_PREFER_NOT = (
    # Preferences against: "we would rather not see X", "we prefer not to include X".
    ("rather not see", OPPOSE, 0.82, AFTER),
    ("rather not include", OPPOSE, 0.82, AFTER),
    ("rather not have", OPPOSE, 0.78, AFTER),
    ("prefer not to include", OPPOSE, 0.82, AFTER),
    ("prefer not to see", OPPOSE, 0.8, AFTER),
    ("prefer not to have", OPPOSE, 0.78, AFTER),
    ("prefer not to add", OPPOSE, 0.8, AFTER),
    ("prefer not to", OPPOSE, 0.72, AFTER),
    ("prefer to exclude", OPPOSE, 0.8, AFTER),
    ("prefer to leave out", OPPOSE, 0.8, AFTER),
    ("leave out", OPPOSE, 0.75, AFTER),
    ("be left out", OPPOSE, 0.8, BEFORE),
)
# "X is better left to national law": leaving it out of the treaty (oppose); leaving its details
# to domestic law keeps it with a limit (qualified, see ``DETAIL_WORDS``).
_LEFT_TO_FORMS = ("be left to", "better left to", "best left to", "a matter for", "matter for")
_LEFT_TO_TARGETS = (
    "national law",
    "domestic law",
    "national legislation",
    "domestic legislation",
    "national discretion",
    "domestic discretion",
    "the discretion of",
    "states parties",
    "each state",
    "national authorities",
    "national legal systems",
    "domestic legal systems",
    "national jurisdictions",
)
LEFT_TO_CUES = frozenset(f"{f} {t}" for f in _LEFT_TO_FORMS for t in _LEFT_TO_TARGETS)
_OPPOSE_LEFT_TO = tuple((phrase, OPPOSE, 0.75, BEFORE) for phrase in sorted(LEFT_TO_CUES))
#: Words in the subject of a ``LEFT_TO_CUES`` cue that make it the details of a provision.
DETAIL_WORDS = _words(
    """
    detail details modalities modality specifics implementation procedure procedures conditions
    arrangements manner extent level threshold thresholds penalties sanctions definition
    definitions how
    """
)
_OPPOSE_NO_VALUE = (
    # Negated necessity or value, and the wrong place: "X is neither necessary nor desirable",
    # "X would add nothing", "this is not the forum for X".
    ("neither necessary nor desirable", OPPOSE, 0.88, ANY),
    ("neither necessary nor useful", OPPOSE, 0.88, ANY),
    ("neither needed nor desirable", OPPOSE, 0.88, ANY),
    ("neither necessary nor appropriate", OPPOSE, 0.88, ANY),
    ("add nothing", OPPOSE, 0.8, BEFORE),
    ("adds nothing", OPPOSE, 0.8, BEFORE),
    ("adds no value", OPPOSE, 0.82, BEFORE),
    ("adds little", OPPOSE, 0.7, BEFORE),
    ("add nothing to", OPPOSE, 0.8, BEFORE),
    ("add no value", OPPOSE, 0.82, BEFORE),
    ("add little", OPPOSE, 0.7, BEFORE),
    ("bring nothing", OPPOSE, 0.75, BEFORE),
    ("offer nothing", OPPOSE, 0.75, BEFORE),
    ("no value added", OPPOSE, 0.8, ANY),
    ("belong in", SUPPORT, 0.6, BEFORE),
    ("belongs in", SUPPORT, 0.6, BEFORE),
    ("the right place for", SUPPORT, 0.6, AFTER),
    ("the appropriate place for", SUPPORT, 0.6, AFTER),
    ("the right forum for", SUPPORT, 0.6, AFTER),
    ("the appropriate forum for", SUPPORT, 0.6, AFTER),
    ("the right place to", SUPPORT, 0.6, AFTER),
    ("the appropriate place to", SUPPORT, 0.6, AFTER),
    ("the appropriate forum to", SUPPORT, 0.6, AFTER),
    ("the right forum to", SUPPORT, 0.6, AFTER),
    ("not the right place for", OPPOSE, 0.85, AFTER),
    ("not the place for", OPPOSE, 0.85, AFTER),
    ("not the appropriate place for", OPPOSE, 0.85, AFTER),
    ("not the proper place for", OPPOSE, 0.85, AFTER),
    ("not the forum for", OPPOSE, 0.85, AFTER),
    ("not the right forum for", OPPOSE, 0.85, AFTER),
    ("not the appropriate forum for", OPPOSE, 0.85, AFTER),
    ("not the right venue for", OPPOSE, 0.85, AFTER),
    ("not the appropriate venue for", OPPOSE, 0.85, AFTER),
    ("not the right vehicle for", OPPOSE, 0.85, AFTER),
    ("wrong place for", OPPOSE, 0.85, AFTER),
    ("wrong forum for", OPPOSE, 0.85, AFTER),
)
# "... and not a mere extension of any existing regional arrangement": the text is not to copy X.
_OPPOSE_NO_VALUE += tuple(
    (f"{lead} {copy} of", OPPOSE, 0.8, AFTER)
    for lead in ("not", "not be", "never be", "cannot be", "should not be")
    for copy in (
        "a mere extension",
        "an extension",
        "a copy",
        "a mere copy",
        "a replica",
        "a carbon copy",
    )
)
#: Warnings that X would harm Y: X (before) is opposed, Y (after) is what the speaker protects.
HARM_CUES = frozenset(
    _phrases(
        """
    undermine
    would undermine
    could undermine
    risk undermining
    erode
    would erode
    could erode
    jeopardize
    jeopardise
    would jeopardize
    could jeopardize
    weaken
    would weaken
    could weaken
    dilute
    be detrimental to
    detrimental to
    infringe on
    infringe upon
    run counter to
    incompatible with
    at odds with
    risk for
    risk to
    risks for
    risks to
    """
    )
)
#: Warnings whose object is the harm, not something protected: only what comes before is opposed
#: ("X risks legitimizing censorship", "X could be abused to target journalists", "X would add
#: nothing to the existing regime").
BEFORE_ONLY_CUES = frozenset(
    {
        "risk legitimizing",
        "risk legitimising",
        "could legitimize",
        "would legitimize",
        "legitimize",
        "legitimise",
        "be abused",
        "be abused to",
        "be misused to",
        "add nothing to",
        "add nothing",
        "adds nothing",
        "adds no value",
        "adds little",
        "add no value",
        "add little",
        "bring nothing",
        "offer nothing",
    }
)
_OPPOSE_WARN = tuple(
    (phrase, OPPOSE, 0.62 if " " not in phrase else 0.66, BEFORE)
    for phrase in sorted(HARM_CUES)
    if phrase not in ("would undermine", "could undermine", "dilute")
) + (
    ("risk legitimizing", OPPOSE, 0.72, BEFORE),
    ("risk legitimising", OPPOSE, 0.72, BEFORE),
    ("could legitimize", OPPOSE, 0.7, BEFORE),
    ("would legitimize", OPPOSE, 0.7, BEFORE),
    ("legitimize", OPPOSE, 0.6, BEFORE),
    ("legitimise", OPPOSE, 0.6, BEFORE),
    ("be abused", OPPOSE, 0.66, BEFORE),
    ("be abused to", OPPOSE, 0.68, BEFORE),
    ("be misused to", OPPOSE, 0.68, BEFORE),
    ("caution against", OPPOSE, 0.82, AFTER),
    ("cautions against", OPPOSE, 0.82, AFTER),
    ("warn against", OPPOSE, 0.82, AFTER),
    ("warns against", OPPOSE, 0.82, AFTER),
    ("urge restraint in", OPPOSE, 0.72, AFTER),
    ("urge restraint with regard to", OPPOSE, 0.72, AFTER),
    ("be wary of", OPPOSE, 0.72, AFTER),
)
_SUPPORT_RELIEF = (
    # Relief is a welcome: "we are relieved that the text no longer contains X" (see
    # ``EXCLUSION_VERBS``, ``REMOVAL_WORDS``).
    ("relieved that", SUPPORT, 0.72, AFTER),
    ("relieved to see", SUPPORT, 0.72, AFTER),
    ("reassured that", SUPPORT, 0.68, AFTER),
    ("reassured by", SUPPORT, 0.68, AFTER),
)
# Conditional and limited support in the general diplomatic forms: "we can accept X provided
# each ...", "X, but only ...", "we joined consensus with reservations", "X should remain
# voluntary", "we will interpret X as ...". Each says yes to X with a limit put on it.
#: "provided" shares its stem with "provide" ("they provide their services"): these count only
#: as a condition set off by a comma ("we can accept X, provided each of them ...").
AFTER_COMMA_CUES = frozenset(
    f"provided {word}"
    for word in ("each", "every", "all", "the", "its", "their", "such", "any", "there", "we")
)
_QUALIFIED_CONDITIONS = tuple(
    (phrase, QUALIFIED, 0.8, BEFORE) for phrase in sorted(AFTER_COMMA_CUES)
) + (
    ("providing that", QUALIFIED, 0.82, BEFORE),
    ("on the condition that", QUALIFIED, 0.85, BEFORE),
    ("under the condition that", QUALIFIED, 0.82, BEFORE),
    ("but only", QUALIFIED, 0.75, BEFORE),
    ("apply only to", QUALIFIED, 0.78, BEFORE),
    ("only apply to", QUALIFIED, 0.78, BEFORE),
    ("only to", QUALIFIED, 0.7, BEFORE),
    ("available only for", QUALIFIED, 0.78, BEFORE),
    ("only be available", QUALIFIED, 0.78, BEFORE),
    ("only be used", QUALIFIED, 0.75, BEFORE),
    ("with reservations", QUALIFIED, 0.72, ANY),
    ("with some reservations", QUALIFIED, 0.74, ANY),
    ("with a reservation", QUALIFIED, 0.7, ANY),
    ("without prejudice to our position", QUALIFIED, 0.72, ANY),
    ("acceptable in principle", QUALIFIED, 0.75, BEFORE),
    ("agree in principle", QUALIFIED, 0.72, AFTER),
    ("support in principle", QUALIFIED, 0.72, AFTER),
    # Reluctant acceptance: "we will not stand in the way of its adoption".
    ("not stand in the way of", QUALIFIED, 0.72, AFTER),
    ("not block consensus on", QUALIFIED, 0.72, AFTER),
    ("fall short of", QUALIFIED, 0.62, BEFORE),
    ("falls short of", QUALIFIED, 0.62, BEFORE),
    # Interpretative statements put a reading on what they accept.
    ("interpret it", QUALIFIED, 0.66, BEFORE),
    ("interpret them", QUALIFIED, 0.66, BEFORE),
    ("understand it to mean", QUALIFIED, 0.7, BEFORE),
    # Kept optional or voluntary.
    ("remain optional", QUALIFIED, 0.75, BEFORE),
    ("be voluntary", QUALIFIED, 0.72, BEFORE),
    ("remain voluntary", QUALIFIED, 0.75, BEFORE),
    ("be non-binding", QUALIFIED, 0.72, BEFORE),
    ("remain non-binding", QUALIFIED, 0.75, BEFORE),
    # Safeguards and national law attached to a power or a duty.
    ("with the necessary safeguards", QUALIFIED, 0.78, BEFORE),
    ("with adequate safeguards", QUALIFIED, 0.78, BEFORE),
    ("with sufficient safeguards", QUALIFIED, 0.78, BEFORE),
    ("with robust safeguards", QUALIFIED, 0.76, BEFORE),
    ("with strong safeguards", QUALIFIED, 0.76, BEFORE),
    ("in line with domestic law", QUALIFIED, 0.62, ANY),
    ("in line with national law", QUALIFIED, 0.62, ANY),
    ("in accordance with national law", QUALIFIED, 0.62, ANY),
    ("consistent with domestic law", QUALIFIED, 0.62, ANY),
    ("consistent with national law", QUALIFIED, 0.62, ANY),
    # Asked to be narrower, better balanced or better drafted.
    ("be balanced", QUALIFIED, 0.62, BEFORE),
    ("be better balanced", QUALIFIED, 0.68, BEFORE),
    ("be more balanced", QUALIFIED, 0.68, BEFORE),
    ("be restricted", QUALIFIED, 0.68, BEFORE),
    ("be circumscribed", QUALIFIED, 0.7, BEFORE),
    ("be limited in scope", QUALIFIED, 0.72, BEFORE),
    ("be precisely defined", QUALIFIED, 0.7, BEFORE),
    ("be strictly defined", QUALIFIED, 0.7, BEFORE),
    ("be improved", QUALIFIED, 0.6, BEFORE),
    ("need improvement", QUALIFIED, 0.62, ANY),
    ("needs improvement", QUALIFIED, 0.62, ANY),
    ("room for improvement", QUALIFIED, 0.6, ANY),
    # Conditions put on cooperation: free of politics, not tied to sanctions.
    ("free from politicization", QUALIFIED, 0.68, BEFORE),
    ("free of politicization", QUALIFIED, 0.68, BEFORE),
    ("free from politicisation", QUALIFIED, 0.68, BEFORE),
    ("free of politicisation", QUALIFIED, 0.68, BEFORE),
    ("not be politicized", QUALIFIED, 0.68, BEFORE),
    ("not be politicised", QUALIFIED, 0.68, BEFORE),
    ("cannot be subordinated to", QUALIFIED, 0.66, BEFORE),
    ("not be subordinated to", QUALIFIED, 0.66, BEFORE),
)
# Not optional is needed: "cooperation is not optional for us"; "X must remain the obligation".
_SUPPORT_NOT_OPTIONAL = (
    ("not optional", SUPPORT, 0.75, BEFORE),
    ("is not an option", BLOCK, 0.0, ANY),
    ("be adequately funded", SUPPORT, 0.7, BEFORE),
    ("adequately funded", SUPPORT, 0.62, BEFORE),
    ("adequately resourced", SUPPORT, 0.62, BEFORE),
    ("must remain a", SUPPORT, 0.62, BEFORE),
    ("should remain a", SUPPORT, 0.6, BEFORE),
    ("should establish", SUPPORT, 0.75, AFTER),
    ("must establish", SUPPORT, 0.75, AFTER),
    ("should set up", SUPPORT, 0.72, AFTER),
    ("should create", SUPPORT, 0.7, AFTER),
    ("consider it important", SUPPORT, 0.72, AFTER),
    ("consider it essential", SUPPORT, 0.78, AFTER),
    ("consider it necessary", SUPPORT, 0.72, AFTER),
    ("the foundation on which", SUPPORT, 0.72, BEFORE),
    ("the basis on which", SUPPORT, 0.62, BEFORE),
)
# "We do not consider it appropriate to take X as the basis": a negated judgement of fitness.
_OPPOSE_NOT_FIT = tuple(
    (f"not {verb} it {adjective}", OPPOSE, 0.85, AFTER)
    for verb in ("consider", "find", "think", "deem", "believe", "see")
    for adjective in ("appropriate", "advisable", "wise", "useful", "justified", "desirable")
)
# Neutral notes: "my delegation notes that ...", "we will follow that discussion with interest".
_NEUTRAL_FOLLOW = (
    ("delegation notes that", NEUTRAL, 0.55, ANY),
    # "that discussion" points back to what was named; "the discussion on X" looks ahead.
    ("follow that discussion", NEUTRAL, 0.62, BEFORE),
    ("follow this discussion", NEUTRAL, 0.62, BEFORE),
    ("follow the discussion", NEUTRAL, 0.62, AFTER),
    ("follow the discussions", NEUTRAL, 0.62, AFTER),
)
CUES = CUES + tuple(
    dict.fromkeys(
        _OPPOSE_NEGATED_ACCEPT
        + _OPPOSE_NOT_A_MODEL
        + _OPPOSE_NO_ROLE
        + _OPPOSE_PREFER_NOT
        + _OPPOSE_LEFT_TO
        + _OPPOSE_NO_VALUE
        + _OPPOSE_WARN
        + _SUPPORT_RELIEF
        + _QUALIFIED_CONDITIONS
        + _SUPPORT_NOT_OPTIONAL
        + _OPPOSE_NOT_FIT
        + _NEUTRAL_FOLLOW
    )
)

#: Acknowledgements that open a turn: "We recognise the value of X. However, ..." keeps X with
#: a reservation (qualified) when the next sentence of the paragraph opens with a contrast.
ACKNOWLEDGEMENTS = frozenset(
    f"{verb} the {noun} of"
    for verb in ("recognize", "recognise", "acknowledge", "appreciate", "see")
    for noun in ("value", "importance", "merit", "merits", "contribution", "role")
)
#: "We support X, but cannot accept the paragraphs of it that ...": support and objection for one
#: provision in one sentence, joined by one of these, are support with a reservation.
MIXED_LINKS = _words("but however although though while whereas yet")

#: Words before a cue (within ``NEGATION_WINDOW`` tokens) that turn it around.
NEGATORS = _words("not no never cannot nor neither hardly")
NEGATION_WINDOW = 3

#: "We do not believe that X is necessary": a negated belief verb turns the cues of its clause.
BELIEF_VERBS = _words("believe think consider feel agree convinced see view opinion")
#: "We doubt that X is needed", "we question whether X is necessary": a doubt word followed by
#: one of its links turns the cues after it in the clause, as a negated belief verb does.
DOUBT_WORDS = _words(
    "doubt doubts doubted doubtful unconvinced question questions questioned wonder wonders unsure"
)
DOUBT_LINKS = _words("that whether if")

#: Two-word negators: "rather than duplicating them", "instead of including X".
NEGATING_PAIRS = frozenset({("rather", "than"), ("instead", "of")})

#: Words after a negator that make it no negation: "not only X but Y", "not merely desirable".
NOT_NEGATING = _words("only merely just simply")

#: Words between a cue and the provision after it that make the provision what is missing
#: ("we cannot accept a convention without safeguards"): the position is turned around.
PRIVATIVES = _words("without absent absence excluding lacks lacking omits longer")

#: Verbs of putting something in the text: negated between a cue and the provision after it ("we
#: are relieved that the convention does not criminalize X", "the chapter contains no X"), they
#: make the provision what is left out, and the position turns around.
EXCLUSION_VERBS = _words(
    """
    contain contains include includes cover covers criminalize criminalizes criminalise
    criminalises extend extends provide provides establish establishes create creates introduce
    introduces impose imposes retain retains feature features address addresses tackle tackles
    """
)
#: "We are pleased that X was deleted": a passive of removal after the provision turns the
#: position of the cue before it around.
REMOVAL_WORDS = _words(
    "deleted removed dropped omitted excluded struck withdrawn eliminated diluted weakened"
)
PASSIVE_AUXILIARIES = _words("was were been be is are")
#: "Modelled on an instrument ...": an instrument the text is modelled on is an existing one.
MODEL_WORDS = _words("modelled modeled modelling based patterned copied copy replicate mirror")
EXISTING_INSTRUMENTS_ISSUE = "budapest-convention"

#: Words after a negated modal that make the negation protect the provision that follows
#: ("must not undermine the rule of law"): the provision is supported, not opposed.
HARM_WORDS = _words(
    """
    detrimental undermine restrict restriction restrictions infringe violate impede hinder
    erode jeopardize jeopardise prejudice weaken contradict conflict override circumvent
    abuse harm conflicting duplicate duplicating obstacle obstacles barrier barriers impediment
    """
)

#: Adverbs skipped when matching cues, so "should also include" and "should foremost cover" read
#: as "should include" and "should cover".
CUE_SKIP_WORDS = _words(
    """
    also further however therefore thus first firstly foremost indeed certainly fully strongly firmly
    still always particularly especially equally very highly really continue continued
    continues consistently staunchly actively therein likewise far great particular serious significant
    grave practical real considerable immense enormous warmly wholeheartedly greatly deeply
    broadly wholly entirely unreservedly resolutely steadfastly sincerely truly genuinely
    """
)

#: Words skipped when matching provision keywords: articles, possessives and modifiers that
#: diplomats put inside a term ("transfer of the prisoners", "strengthen existing capacities").
KEYWORD_SKIP_WORDS = _words(
    """
    the a an our their its his her s such relevant necessary appropriate effective adequate
    sufficient greater enhanced strong robust concrete practical
    """
)

#: A clause containing one of these thanks, greets or runs the meeting: no stance.
NOISE_PHRASES = _phrases(
    """
    thank
    thanking
    grateful
    gratitude
    congratulate
    congratulations
    appreciate the efforts
    appreciate the work
    appreciate the diligent work
    good morning
    good afternoon
    give the floor
    take the floor
    i would like to make the following
    conclude my remarks
    check against delivery
    """
)

#: Subjects that mark what *others* say or did: the clause reports, it takes no position,
#: unless the speaker judges it (see ``DISAPPROVAL``).
OTHERS_SUBJECTS = _phrases(
    """
    some delegations
    other delegations
    several delegations
    certain delegations
    a number of delegations
    many delegations
    some states
    certain states
    several states
    other states
    a number of states
    some member states
    certain member states
    some countries
    certain countries
    several countries
    other countries
    a number of countries
    western countries       # a bloc named as the other side
    western states
    some participants
    some parties
    certain parties
    some colleagues
    proponents of
    the proponents
    the chair's draft       # describing the text under negotiation is not taking a side
    the draft text
    the chair's text
    the draft says
    the draft provides
    the text provides
    the proposal by
    proposed by
    the delegation of       # "The delegation of X has proposed ...": another party speaks
    the delegations of
    the representative of
    according to
    as stated by
    they
    """
)

#: Reporting verbs: with an ``OTHERS_SUBJECTS`` subject they introduce another party's view.
#: When the speaker disapproves, what they advocated is what the speaker opposes.
OTHERS_VERBS = _phrases(
    """
    advocated for
    advocated
    promoted
    pushed for
    insisted on
    tried to impose
    sought to impose
    attempted to impose
    lobbied for
    proposed
    suggested
    called for
    argued for
    """
)
OTHERS_OPPOSE_STRENGTH = 0.72

#: Heads of another party's proposal or view: the cues after them, to the end of the clause,
#: are that party's ("we have heard the call by some delegations to delete X" takes no side),
#: unless the speaker judges it ("we cannot agree with the proposal to delete X": support X).
PROPOSAL_HEADS = _phrases(
    """
    proposal
    proposals
    suggestion
    suggestions
    call by
    call of
    call from
    calls by
    calls from
    calls to
    request by
    requests by
    the idea that
    the idea of
    the view that
    the notion that
    the argument that
    the assertion that
    """
)
#: A word before a head that makes the proposal the speaker's own ("our proposal to delete X",
#: "we are of the view that X ..."), or the subject the speaker talks about ("these proposals
#: would strengthen X").
OWN_PROPOSAL_LEADS = _words("our my these this such")
#: How far before a head a cue may be to judge it ("we cannot agree with the proposal").
JUDGE_WINDOW = 4
#: Verbs that make a later cue a verdict on the proposal ("the proposal ... is unacceptable").
COPULAS = _words("is are am was were be seems remains remain would")
STANCES = frozenset({SUPPORT, OPPOSE, QUALIFIED, NEUTRAL})

#: The speaker's disapproval of what others did: reported advocacy becomes opposition.
DISAPPROVAL = _phrases(
    """
    undermine
    undermining
    disrupt
    questionable
    political pressure
    politicize
    politicization
    pretext
    interfere
    interference
    despite
    contrary to
    to the detriment
    regret
    regrettably
    concern
    concerned
    deplore
    unfortunately
    so-called
    impose
    imposing
    destructive
    counterproductive
    """
)

#: First-person markers: the speaker talks for itself.
FIRST_PERSON = _words("we our us i my")

#: Verbs that report what a country has done: a national fact, not a stance on what the treaty
#: should say. Provisions named right after them are not bound to cues.
NATIONAL_FACT_VERBS = _words(
    """
    ratified acceded enacted contributed funded funds hosted deployed trained launched
    organized organised amended
    """
)
NATIONAL_FACT_WINDOW = 8

#: Words of a generic name of the instrument under negotiation ("the new convention", "this
#: treaty"). Such a mention after a preposition ("part of the convention", "included in the new
#: instrument") is where something goes, not what is spoken of, when the clause names another
#: provision before it.
GENERIC_INSTRUMENT_WORDS = _words(
    """
    new draft this future present proposed comprehensive universal international global legal
    legally binding un united nations convention instrument treaty text
    """
)
CONTAINER_PREPOSITIONS = _words("in into under within throughout")
#: "A convention that ...": an indefinite instrument is the one under negotiation, as a whole;
#: the issue it names is whether there should be one.
INSTRUMENT_ISSUE = "new-instrument"
INDEFINITE_ARTICLES = _words("a an any")
INSTRUMENT_MODIFIERS = _words(
    "new universal comprehensive global international legally binding legal un united nations"
)
INSTRUMENT_NOUNS = _words("convention instrument treaty")
#: Nouns an instrument noun may qualify ("a treaty body"): then no instrument is named.
INSTRUMENT_NOUN_MODIFIED = _words("body bodies secretariat")

#: "Any expansion of the criminalization chapter to cover content": a provision after an
#: expansion word and before a link word is the container; what it would take in is spoken of.
EXPANSION_WORDS = _words(
    "expansion expand expanding extension extend extending broaden broadening widen widening"
)
EXPANSION_LINKS = _words("to cover include encompass into")

#: Nouns before "of" that make the instrument a container: "an integral part of the convention".
CONTAINER_NOUNS = _words(
    "part parts element elements component components cornerstone pillar pillars heart core "
    "foundation basis framework scope chapter chapters provisions text"
)

#: Phrases before a provision that make it a place where something happens ("participation in
#: the work of the Conference of the States Parties" is about participation, not the Conference),
#: or the object of something else spoken of (a role in it, a crime against it).
LOCATION_LEADS = _phrases(
    """
    in the work of
    in the work of the future
    in the meetings of
    in the sessions of
    under the auspices of
    meaningful access to    # "access to the Conference" is where they take part
    given access to
    a role in               # "a formal role in the review mechanism" is about the role
    a formal role in
    interpretation of       # opposing a reading of a chapter is not opposing the chapter
    reading of
    any role in
    no role in
    theft of                # "theft of personal information" is a crime, not data protection
    stealing
    """
)

#: Openers that announce the topic of a paragraph; the first provision named after them
#: governs the paragraph's later sentences that name none.
TOPIC_OPENERS = _phrases(
    """
    first
    firstly
    second
    secondly
    third
    thirdly
    fourth
    fourthly
    fifth
    sixth
    finally
    lastly
    next
    on
    regarding
    with regard to
    with respect to
    as regards
    as for
    concerning
    turning to
    in relation to
    in respect of
    as to
    """
)

#: Words that point back to the provision named in the previous sentence ("We cannot accept
#: such offences"): a sentence with a cue, no provision and one of these speaks of that one.
ANAPHORS = _words("such this these that those it they them its their said")

#: Words that match a provision keyword by their stem but, standing alone, name something else:
#: "in cases involving several jurisdictions" means countries, not the rules on jurisdiction.
NOT_MENTIONS = _words("jurisdictions")
#: "A dense network of United Nations conventions": the plural names existing treaties, not the
#: instrument under negotiation.
PLURAL_INSTRUMENTS = _words("conventions treaties instruments")
#: Verbs that match a content-offence keyword but name the act an offence is about ("to incite,
#: finance or plan terrorist activities"): with another provision right after, that one is meant.
ACT_VERBS = _words("incite incites inciting")
#: Conditions whose clause describes the case, not the speaker's wish: the cues after them are
#: part of the condition ("only where a need for cooperation has been shown").
CONDITION_LEADS = frozenset(
    {
        "only where",
        "only if",
        "only when",
        "provided that",
        "provided it",
        "provided they",
        "provided this",
        "provided these",
        "on condition that",
        "as long as",
        "so long as",
    }
)
#: A firm wish inside a condition still counts ("only if safeguards are included").
CONDITION_KEEPS_FROM = 0.7
#: A relative pronoun between a narrowing cue and a provision puts it in a clause describing the
#: object ("limited to offences that require cooperation"): not what is wanted.
RELATIVE_PRONOUNS = _words("that which who whose where")
#: Possessive anaphors that make a cue starting with them speak of what was named before
#: ("but not its deletion").
POSSESSIVE_ANAPHORS = _words("its their")

#: Conditions that name what they require ("subject to conditions and safeguards"): a provision
#: named right after one (within ``CONDITION_OBJECT_GAP`` tokens) with a ``SAFEGUARD_WORDS``
#: word is wanted; after a concession verb ("we accept that X be subject to safeguards") it is
#: the safeguards that are qualified, and X takes nothing.
CONDITION_CUES = frozenset({"subject to"})
CONDITION_OBJECT_GAP = 3
SAFEGUARD_WORDS = _words("safeguard safeguards oversight review rights guarantees")
CONCESSION_VERBS = _words("accept accepts accepted acknowledge acknowledges concede concedes")

#: Subjects that point back ("such a provision", "these", "it") within the first
#: ``ANAPHOR_HEAD`` tokens of a clause: a predicate cue after them speaks of what was named last.
SUBJECT_ANAPHORS = _words("such this these those they")  # not "it": "it is essential that"
ANAPHOR_HEAD = 3

#: A clause opening with "However", "But"...: what follows is the speaker's main point.
CONTRAST_BONUS = 0.05
#: A clause opening with "Despite", "Although"...: conceded, weighs less.
CONCESSIVE_FACTOR = 0.9

#: Words that show a paragraph is about the treaty or about cybercrime. A provision named in a
#: paragraph that is about another field (see ``OFF_TOPIC``) counts only with one of these.
DOMAIN_ANCHORS = _phrases(
    """
    cyber
    cybercrime
    cyberspace
    cybersecurity
    cybercriminal
    ict
    icts
    information and communications technology
    information and communication technology
    computer
    electronic
    digital
    online
    internet
    darknet
    dark web
    cryptocurrency
    cryptocurrencies
    ransomware
    malware
    phishing
    ad hoc committee
    new convention
    draft convention
    this convention
    future convention
    proposed convention
    convention against cybercrime
    new instrument
    new treaty
    draft text
    chapter
    article
    """
)

#: Signs that a paragraph is about another field of crime policy (a general debate covers
#: corruption, drugs, wildlife...). A provision named in such a paragraph is not counted unless
#: the paragraph also has a ``DOMAIN_ANCHORS`` word.
OFF_TOPIC = _phrases(
    """
    corruption
    anti-corruption
    narcotic
    narcotics
    drug control
    world drug problem
    wildlife
    cultural property
    cultural properties
    trafficking in persons
    human trafficking
    smuggling of migrants
    fugitives
    illicit assets
    asset recovery
    crime prevention and criminal justice
    congress on crime prevention
    congresses on crime prevention
    """
)

#: Phrases that hold a provision keyword but name something else: people ("human rights
#: defenders" are not the human-rights safeguards) or bodies. A mention inside one is dropped.
NOT_KEYWORDS = _phrases(
    """
    human rights defenders
    human rights defender
    human rights activists
    human rights council
    """
)

#: Names of bodies that hold an ``OFF_TOPIC`` phrase but are where cybercrime policy is made too:
#: naming the Commission on Crime Prevention and Criminal Justice (to avoid duplicating it, to
#: report to it) does not move a paragraph to another field.
INSTITUTIONS = _phrases(
    """
    commission on crime prevention and criminal justice
    crime prevention and criminal justice commission
    """
)

#: The subject of "X is a red line for us": an act that adds to the text (criminalizing,
#: including, expanding, new offences, obligations) is what the speaker will not accept; anything
#: else (safeguards, data protection, the Budapest standards) is what it will not give up.
RED_LINE_CUES = frozenset({"a red line"})
RED_LINE_ACTS = _words(
    """
    criminalize criminalizing criminalization criminalise criminalising criminalisation punish
    punishing inclusion including include adding add expansion expanding expand extension
    extending broadening offences offence crimes obligations mandates penalties
    """
)

#: A welcome of what the text says ("we are pleased that X remains clearly defined"): the
#: description after it is what is welcomed.
WELCOMING = frozenset(
    {
        "pleased that",
        "glad that",
        "happy that",
        "satisfied that",
        "welcome the fact that",
        "appreciate that",
        "relieved that",
        "reassured that",
    }
)
#: Feelings about what the text says: what they say of it is a description ("we regret that X
#: was removed from the text"), so a removal cue inside it is not the speaker's own wish.
FEELING_LEADS = WELCOMING | {"regret that"}
REPORTED_REMOVALS = frozenset({"removed from", "deleted from"})

#: Prepositions that make what follows a place ("maintained in the Conference").
PLACE_PREPOSITIONS = _words("in into within at")

#: "Concerns about granting / including X": a worry about adding X is an objection to X.
CONCERN_CUES = frozenset({"have concerns", "concerned about", "concerned that"})
ADDING_WORDS = _words(
    """
    granting grant including include inclusion adding add introducing introduce introduction
    expanding expand expansion extending extend extension creating create establishing
    """
)

#: "..., so that data are processed only for ...": a purpose clause says why the speaker wants
#: what it named, so a limit inside it does not qualify what was named before it.
PURPOSE_LEADS = _phrases(
    """
    so that
    in order that
    so as to
    """
)

#: "On whether X should include Y, we have not taken a position": a question opened, not a wish;
#: the cues after it in its clause are not the speaker's.
QUESTION_LEADS = _phrases(
    """
    on whether
    as to whether
    regarding whether
    concerning whether
    on the question of whether
    on the question whether
    """
)

#: "We take note that X was retained": what is noted is a fact, reported without a side; the
#: cues inside the noted clause are not the speaker's wishes.
NOTING_LEADS = _phrases(
    """
    take note that
    takes note that
    took note that
    taking note that
    """
)

#: "The criminalization chapter is built around X", "a chapter centred on X": the container is
#: described; what it is built around is what is spoken of.
FOCUS_LINKS = _phrases(
    """
    built around
    built on
    centred on
    centered on
    revolves around
    organized around
    organised around
    contains no             # "the chapter contains no X": X is spoken of (as left out)
    contain no
    includes no
    include no
    does not contain
    does not include
    no longer contains
    no longer includes
    that includes           # "a list of offences that includes X": X is spoken of
    that include
    which includes
    which include
    """
)

#: How much confidence a carried-over topic or a cue from another clause keeps.
CARRY_FACTOR = 0.82
OTHER_CLAUSE_FACTOR = 0.85
#: When one cue speaks of several provisions, each one further from it keeps this much less.
RANK_FACTOR = 0.92
#: Confidence lost per token between a cue and the provision it is bound to (down to the floor).
DISTANCE_DECAY = 0.012
DISTANCE_FLOOR = 0.6
#: A cue with provisions on both sides speaks of the nearer side, unless the far side is at most
#: this many tokens further.
SIDE_SLACK = 3
#: A cue speaks of provisions at most this many tokens away.
MAX_DISTANCE = 12
#: Candidates under this confidence are not returned.
MIN_CONFIDENCE = 0.4
#: A qualified reading this strong wins over support or opposition for the same provision: a
#: delegation that supports with conditions is "qualified".
QUALIFIED_WINS_AT = 0.5
