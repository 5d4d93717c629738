"""The onboarding questions and the caveat, in our own words.

Readiness questions follow the seven topics of the PAR-Q+ (PAR-Q+ Collaboration, 2019-2021
editions) with its two qualifiers (question 3: not dizziness from over-breathing; question 6: not a
past problem that no longer limits activity) and its "delay becoming more active" items. Red-flag
questions are asked by region: the general ones of everybody, the back, hip, knee and foot/ankle
ones of the patients treated for that region (shared/CLINICAL.md §2, §3 and §3a, with their
sources). Groundwork does not diagnose: a "yes" only decides who should look at the answers, and
how soon, before exercise starts.

Changing any text here means bumping its version: the questions' version is stored with each
answer set and on the patient, and a new version makes every patient screen again (the gate reads
it); a new caveat version makes every patient acknowledge it again. The question sets of earlier
versions stay in PREVIOUS_QUESTIONS, so old answers are still shown with the words the patient read.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from onboarding.models import ScreeningOutcome as Outcome

QUESTIONS_VERSION = "2026-12"
CAVEAT_VERSION = "2026-12"

# "Recent" cancer, for the general red flag: treatment finished within this many years.
CANCER_RECENT_YEARS = 5


class Group(StrEnum):
    READINESS = "readiness"  # PAR-Q+ topics: a practitioner clears the patient first
    DELAY = "delay"  # PAR-Q+ "delay becoming more active": wait, then a practitioner clears
    SERIOUS = "serious"  # possible serious pathology: see a doctor soon
    SAME_DAY = "same_day"  # possible clot, infection, fracture, acute diabetic foot: today
    EMERGENCY = "emergency"  # possible cauda equina syndrome: emergency department now


ALL_REGIONS = frozenset({"back", "hip", "knee", "foot_ankle"})


@dataclass(frozen=True)
class Question:
    id: str
    group: Group
    text: str
    # The regions whose patients are asked; all of them for a general question.
    regions: frozenset[str] = ALL_REGIONS
    help: str = ""  # a qualifier the patient reads under the question
    minors_only: bool = False
    # A "yes" may be the very problem the practitioner is treating (PAR-Q+ topics 4-6): the
    # patient can say so, and such a "yes" alone goes to the practitioner's review.
    may_be_treated: bool = False


BACK = frozenset({"back"})
HIP_KNEE = frozenset({"hip", "knee"})
KNEE = frozenset({"knee"})
FOOT = frozenset({"foot_ankle"})

QUESTIONS: tuple[Question, ...] = (
    # --- Everybody: readiness (PAR-Q+ topics 1-7) ---------------------------------------------------
    Question(
        "heart_or_blood_pressure",
        Group.READINESS,
        "Has a doctor ever told you that you have a heart condition or high blood pressure?",
    ),
    Question(
        "chest_pain",
        Group.READINESS,
        "Do you get pain in your chest at rest, during everyday activities or when you are active?",
    ),
    Question(
        "dizziness_or_fainting",
        Group.READINESS,
        "In the last 12 months, have you lost your balance because you felt dizzy, or fainted or "
        "blacked out?",
        help="Answer no if the dizziness only came from breathing hard, for example during hard "
        "exercise.",
    ),
    Question(
        "other_chronic_condition",
        Group.READINESS,
        "Has a doctor diagnosed you with any other long-term (chronic) medical condition?",
        may_be_treated=True,
    ),
    Question(
        "chronic_medication",
        Group.READINESS,
        "Do you take medicine a doctor prescribed for a long-term medical condition?",
        may_be_treated=True,
    ),
    Question(
        "bone_joint_problem",
        Group.READINESS,
        "In the last 12 months, have you had a problem with a bone, joint, muscle, ligament or tendon "
        "that could get worse if you became more active?",
        help="Answer no if it is a past problem that does not limit what you can do now.",
        may_be_treated=True,
    ),
    Question(
        "supervised_only",
        Group.READINESS,
        "Has a doctor told you to be physically active only under medical supervision?",
    ),
    # --- Everybody: reasons to wait (PAR-Q+ "delay becoming more active") ----------------------------
    Question(
        "short_illness",
        Group.DELAY,
        "Do you have a cold, a fever or another short-lived illness at the moment?",
    ),
    Question("pregnancy", Group.DELAY, "Are you pregnant, or could you be?"),
    Question(
        "health_change",
        Group.DELAY,
        "Has your health changed recently in a way your practitioner does not know about yet?",
    ),
    # --- Everybody: general red flags ------------------------------------------------------------------
    Question(
        "calf_clot",
        Group.SAME_DAY,
        "Do you have pain in one calf together with swelling, warmth or redness, especially after an "
        "operation, a long journey or a time when you could not move about much?",
    ),
    Question(
        "fever_new_joint_pain",
        Group.SAME_DAY,
        "Do you have a fever or feel generally unwell, together with a joint that has recently "
        "become painful?",
    ),
    Question("weight_loss", Group.SERIOUS, "Have you lost weight recently without trying to?"),
    Question(
        "cancer_recent",
        Group.SERIOUS,
        "Do you have cancer now, are you having treatment for cancer, or did you finish treatment "
        f"for cancer in the last {CANCER_RECENT_YEARS} years?",
    ),
    # --- Back: possible cauda equina syndrome (emergency) ---------------------------------------------
    Question(
        "saddle_numbness",
        Group.EMERGENCY,
        "Do you have numbness or altered feeling between your legs, around your genitals or back "
        "passage (even on one side only)?",
        regions=BACK,
    ),
    Question(
        "bladder_change",
        Group.EMERGENCY,
        "Have you recently had new difficulty passing urine, or controlling it?",
        regions=BACK,
    ),
    Question(
        "bowel_incontinence",
        Group.EMERGENCY,
        "Have you recently lost control of your bowels?",
        regions=BACK,
    ),
    Question(
        "sexual_dysfunction",
        Group.EMERGENCY,
        "Have you noticed a new change in sexual function, such as loss of sensation?",
        regions=BACK,
    ),
    Question(
        "both_legs",
        Group.EMERGENCY,
        "Do you have pain, pins and needles or numbness going down both legs?",
        regions=BACK,
    ),
    Question(
        "leg_weakness",
        Group.EMERGENCY,
        "Are your legs getting weaker, or is your walking becoming unsteady?",
        regions=BACK,
    ),
    # --- Back: possible serious causes (see a doctor soon) --------------------------------------------
    Question(
        "upper_back_pain",
        Group.SERIOUS,
        "Is your pain mainly in your upper back, between or around your shoulder blades?",
        regions=BACK,
    ),
    Question(
        "back_pain_with_infection",
        Group.SERIOUS,
        "Have you had a fever, chills or night sweats with your back pain, or a serious infection "
        "in the last few weeks?",
        regions=BACK,
    ),
    Question(
        "injected_drugs",
        Group.SERIOUS,
        "Do you inject drugs, or have you done so in the past?",
        regions=BACK,
    ),
    Question(
        "steroids_or_immunity",
        Group.SERIOUS,
        "Have you taken steroid tablets for a long time, or do you have a weakened immune system?",
        regions=BACK,
    ),
    Question(
        "back_trauma",
        Group.SERIOUS,
        "Did your back pain start after a recent significant fall, accident or injury?",
        regions=BACK,
    ),
    Question(
        "night_pain",
        Group.SERIOUS,
        "Is your back pain constant, and worse at night or when you rest?",
        regions=BACK,
    ),
    Question(
        "back_age_onset",
        Group.SERIOUS,
        "Did this back pain first start before you were 16 or after you turned 50?",
        regions=BACK,
    ),
    # --- Hip and knee -------------------------------------------------------------------------------
    Question(
        "hot_swollen_joint",
        Group.SAME_DAY,
        "Is your painful hip or knee hot, red and swollen?",
        regions=HIP_KNEE,
    ),
    Question(
        "cannot_bear_weight",
        Group.SAME_DAY,
        "Since a fall or injury, have you been unable to put weight on the leg or to move the "
        "joint, or does the joint look out of shape?",
        regions=HIP_KNEE,
    ),
    Question(
        "young_limp",
        Group.SAME_DAY,
        "Have you started limping recently, or had new pain in your hip or knee?",
        regions=HIP_KNEE,
        minors_only=True,
    ),
    Question(
        "rapid_knee_swelling",
        Group.SAME_DAY,
        "Did your knee swell up within a few hours of an injury?",
        regions=KNEE,
    ),
    Question(
        "knee_locking",
        Group.SERIOUS,
        "Since an injury, does your knee lock so that you cannot straighten it?",
        regions=KNEE,
    ),
    # --- Foot and ankle (diabetic foot) ----------------------------------------------------------------
    Question(
        "foot_wound",
        Group.SAME_DAY,
        "Do you have diabetes or numb feet, and a new wound, sore or ulcer on your foot?",
        regions=FOOT,
    ),
    Question(
        "hot_diabetic_foot",
        Group.SAME_DAY,
        "Do you have diabetes, and has your foot become red, hot or swollen, even if it does not "
        "hurt?",
        regions=FOOT,
    ),
    Question(
        "diabetic_foot_colour",
        Group.SAME_DAY,
        "Do you have diabetes, and has the colour of your foot changed, or have you new pain in "
        "your lower leg without an injury?",
        regions=FOOT,
    ),
    Question(
        "numb_feet",
        Group.READINESS,
        "Do you have diabetes with reduced feeling (numbness) in your feet?",
        regions=FOOT,
    ),
)
QUESTIONS_BY_ID = {question.id: question for question in QUESTIONS}

# The earlier question sets, for showing old answers with the words the patient read.
PREVIOUS_QUESTIONS: dict[str, dict[str, str]] = {
    "2026-11": {
        "heart_or_blood_pressure": "Has a doctor ever told you that you have a heart condition or "
        "high blood pressure?",
        "chest_pain": "Do you get pain in your chest when resting, during everyday activities, or "
        "when you are active?",
        "dizziness_or_fainting": "In the last 12 months, have you lost your balance because of "
        "dizziness, or lost consciousness?",
        "other_chronic_condition": "Has a doctor diagnosed you with another long-term (chronic) "
        "medical condition?",
        "chronic_medication": "Do you currently take medicine prescribed for a long-term medical "
        "condition?",
        "bone_joint_problem": "In the last 12 months, have you had a problem with a bone, joint, "
        "muscle, ligament or tendon that could get worse if you became more active?",
        "supervised_only": "Has a doctor told you that you should only be physically active under "
        "medical supervision?",
        "saddle_numbness": "Do you have numbness or altered feeling between your legs, around your "
        "genitals or back passage (even on one side only)?",
        "bladder_change": "Have you recently had new difficulty passing urine, or controlling it?",
        "bowel_incontinence": "Have you recently lost control of your bowels?",
        "sexual_dysfunction": "Have you noticed a new change in sexual function, such as loss of "
        "sensation?",
        "both_legs": "Do you have pain, pins and needles or numbness going down both legs?",
        "leg_weakness": "Are your legs getting weaker, or is your walking becoming unsteady?",
        "cancer_history": "Have you ever had cancer?",
        "weight_loss": "Have you lost weight recently without trying to?",
        "fever": "Have you had a fever, chills or night sweats along with your back pain?",
        "recent_trauma": "Did your pain start after a recent significant fall, accident or injury?",
        "steroids_or_immunity": "Have you taken steroid tablets for a long time, or do you have a "
        "weakened immune system?",
        "night_pain": "Is your pain constant, and worse at night or when you rest?",
        "age_onset": "Did this pain first start before the age of 16 or after the age of 50?",
    },
}


def question_text(question_id: str, version: str) -> str:
    """The words of a question as the patient read them in that version of the set."""
    if version != QUESTIONS_VERSION and question_id in PREVIOUS_QUESTIONS.get(version, {}):
        return PREVIOUS_QUESTIONS[version][question_id]
    question = QUESTIONS_BY_ID.get(question_id)
    return question.text if question else question_id


def questions_for(regions: Iterable[str], *, is_minor: bool) -> tuple[Question, ...]:
    """The questions this patient is asked: the general ones and those of their regions."""
    wanted = set(regions)
    return tuple(
        question
        for question in QUESTIONS
        if (question.regions == ALL_REGIONS or question.regions & wanted)
        and (is_minor or not question.minors_only)
    )


# The most urgent group with a "yes" decides; a readiness "yes" that is only the treated problem
# goes to the practitioner's review instead of "talk to your doctor".
_PRECEDENCE = (
    (Group.EMERGENCY, Outcome.EMERGENCY),
    (Group.SAME_DAY, Outcome.SAME_DAY),
    (Group.SERIOUS, Outcome.SEE_DOCTOR_SOON),
    (Group.DELAY, Outcome.DELAY),
)


def screening_outcome(answers: Mapping[str, Mapping[str, Any]]) -> Outcome:
    """From answers {question id: {"answer": bool, "treated": bool}} of the current set."""
    yes = {qid: a for qid, a in answers.items() if a.get("answer") and qid in QUESTIONS_BY_ID}
    groups = {QUESTIONS_BY_ID[qid].group for qid in yes}
    for group, outcome in _PRECEDENCE:
        if group in groups:
            return outcome
    readiness = [qid for qid in yes if QUESTIONS_BY_ID[qid].group == Group.READINESS]
    if not readiness:
        return Outcome.CLEARED
    only_treated = all(
        QUESTIONS_BY_ID[qid].may_be_treated and yes[qid].get("treated") for qid in readiness
    )
    return Outcome.PRACTITIONER_REVIEW if only_treated else Outcome.CLEARANCE_NEEDED


# What the patient reads for each outcome (our words).
OUTCOME_MESSAGES = {
    Outcome.CLEARED: (
        "Thank you. Nothing in your answers needs checking first. Once you have read the safety "
        "statement and told us about your pain, your plan opens. Start gently and build up as your "
        "plan says."
    ),
    Outcome.PRACTITIONER_REVIEW: (
        "Thank you. You told us about the problem your practitioner is treating you for. Your "
        "practitioner will look at your answers before your plan opens; they have been told, and "
        "you do not need to see your doctor about this first."
    ),
    Outcome.CLEARANCE_NEEDED: (
        "Thank you. One or more of your answers means you should talk to your doctor before you start "
        "these exercises. Your plan stays locked until your practitioner records that you are cleared "
        "to begin; they have been told."
    ),
    Outcome.DELAY: (
        "Thank you. Please wait before you start these exercises: a short illness should pass first, "
        "and a pregnancy or a change in your health needs checking. Your practitioner has been told "
        "and will open your plan when it is right to start."
    ),
    Outcome.SEE_DOCTOR_SOON: (
        "Please stop and do not start these exercises yet. Some of your answers can be a sign of a "
        "problem that a doctor should check soon: contact your GP or doctor in the next day or two and "
        "tell them about your answers. Your practitioner has been told and your plan stays locked."
    ),
    Outcome.SAME_DAY: (
        "Please stop and do not start these exercises. Some of your answers can be a sign of a "
        "problem that needs a doctor today, such as a blood clot, an infection, a broken bone or a "
        "foot problem linked to diabetes. Contact your GP surgery or an urgent care service today "
        "(NHS 111 in the UK) and tell them about your answers. Your practitioner has been told and "
        "your plan stays locked."
    ),
    Outcome.EMERGENCY: (
        "Stop: do not exercise. Some of your answers can be a sign of pressure on the nerves at the "
        "bottom of the spine, which needs checking today. Go to an emergency department now, or call "
        "your emergency number (999 in the UK, 911 in the US). Your practitioner has been told and "
        "your plan stays locked."
    ),
}

# Said instead of the cleared message once every step is done and the plan is open.
PLAN_OPEN_MESSAGE = (
    "Thank you. Nothing in your answers needs checking first, and your plan is open. Start gently "
    "and build up as your plan says."
)


def outcome_message(outcome: Outcome, *, plan_open: bool) -> str:
    """The words for an outcome, at the step the patient has reached."""
    if outcome == Outcome.CLEARED and plan_open:
        return PLAN_OPEN_MESSAGE
    return OUTCOME_MESSAGES[outcome]


# The outcomes that stop the patient until a practitioner has cleared them after a doctor's check.
RED_FLAG_OUTCOMES = frozenset({Outcome.EMERGENCY, Outcome.SAME_DAY, Outcome.SEE_DOCTOR_SOON})

CAVEAT_TEXT = (
    "These exercises support the care your clinic gives you; they do not replace medical advice, "
    "diagnosis or treatment.",
    "If you have pain that is persistent or severe, or problems with balance or posture, make sure "
    "your practitioner knows. If your answers to the health questions need a doctor's check, have "
    "it before you start; your plan opens once your practitioner has recorded that you are cleared.",
    "Some discomfort while exercising can be normal. If pain during an exercise climbs above 5 out of "
    "10, or is worse the next morning than it was before, do less next time and tell your practitioner. "
    "If pain becomes sharp or severe, stop that exercise.",
    "Stop straight away and seek urgent care if you feel chest pain, faintness or severe breathlessness, "
    "or if you notice numbness between your legs, new bladder or bowel problems, or weakness in your legs.",
    "You can withdraw your consent at any time from your account page; your plan then locks and "
    "reminders stop.",
)
