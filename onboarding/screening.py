"""The onboarding questions and the caveat, in our own words.

Readiness questions follow the seven topics of the PAR-Q+ (PAR-Q+ Collaboration, 2019-2021
editions); red-flag questions follow the NICE CKS low back pain red flags and UK spinal pathway
lists (see shared/CLINICAL.md §2-§3). Groundwork does not diagnose: a "yes" only decides who should
look at the answers before exercise starts.

Changing any text here means bumping its version: the questions' version is stored with each
answer set, and a new caveat version makes every patient acknowledge it again.
"""

from dataclasses import dataclass
from enum import StrEnum

from onboarding.models import ScreeningOutcome as Outcome

QUESTIONS_VERSION = "2026-11"
CAVEAT_VERSION = "2026-11"


class Group(StrEnum):
    READINESS = "readiness"
    EMERGENCY = "emergency"  # possible cauda equina syndrome: same-day emergency care
    SERIOUS = "serious"  # possible serious pathology: see a doctor soon


@dataclass(frozen=True)
class Question:
    id: str
    group: Group
    text: str


QUESTIONS: tuple[Question, ...] = (
    # Readiness (PAR-Q+ topics 1-7).
    Question(
        "heart_or_blood_pressure",
        Group.READINESS,
        "Has a doctor ever told you that you have a heart condition or high blood pressure?",
    ),
    Question(
        "chest_pain",
        Group.READINESS,
        "Do you get pain in your chest when resting, during everyday activities, or when you are active?",
    ),
    Question(
        "dizziness_or_fainting",
        Group.READINESS,
        "In the last 12 months, have you lost your balance because of dizziness, or lost consciousness?",
    ),
    Question(
        "other_chronic_condition",
        Group.READINESS,
        "Has a doctor diagnosed you with another long-term (chronic) medical condition?",
    ),
    Question(
        "chronic_medication",
        Group.READINESS,
        "Do you currently take medicine prescribed for a long-term medical condition?",
    ),
    Question(
        "bone_joint_problem",
        Group.READINESS,
        "In the last 12 months, have you had a problem with a bone, joint, muscle, ligament or tendon "
        "that could get worse if you became more active?",
    ),
    Question(
        "supervised_only",
        Group.READINESS,
        "Has a doctor told you that you should only be physically active under medical supervision?",
    ),
    # Red flags: possible cauda equina syndrome.
    Question(
        "saddle_numbness",
        Group.EMERGENCY,
        "Do you have numbness or altered feeling between your legs, around your genitals or back passage "
        "(even on one side only)?",
    ),
    Question(
        "bladder_change",
        Group.EMERGENCY,
        "Have you recently had new difficulty passing urine, or controlling it?",
    ),
    Question(
        "bowel_incontinence", Group.EMERGENCY, "Have you recently lost control of your bowels?"
    ),
    Question(
        "sexual_dysfunction",
        Group.EMERGENCY,
        "Have you noticed a new change in sexual function, such as loss of sensation?",
    ),
    Question(
        "both_legs",
        Group.EMERGENCY,
        "Do you have pain, pins and needles or numbness going down both legs?",
    ),
    Question(
        "leg_weakness",
        Group.EMERGENCY,
        "Are your legs getting weaker, or is your walking becoming unsteady?",
    ),
    # Red flags: possible serious pathology.
    Question("cancer_history", Group.SERIOUS, "Have you ever had cancer?"),
    Question("weight_loss", Group.SERIOUS, "Have you lost weight recently without trying to?"),
    Question(
        "fever",
        Group.SERIOUS,
        "Have you had a fever, chills or night sweats along with your back pain?",
    ),
    Question(
        "recent_trauma",
        Group.SERIOUS,
        "Did your pain start after a recent significant fall, accident or injury?",
    ),
    Question(
        "steroids_or_immunity",
        Group.SERIOUS,
        "Have you taken steroid tablets for a long time, or do you have a weakened immune system?",
    ),
    Question(
        "night_pain", Group.SERIOUS, "Is your pain constant, and worse at night or when you rest?"
    ),
    Question(
        "age_onset",
        Group.SERIOUS,
        "Did this pain first start before the age of 16 or after the age of 50?",
    ),
)
QUESTIONS_BY_ID = {question.id: question for question in QUESTIONS}


def screening_outcome(answers: dict[str, bool]) -> Outcome:
    """The most urgent group with a "yes" decides."""
    yes = {QUESTIONS_BY_ID[qid].group for qid, answer in answers.items() if answer}
    if Group.EMERGENCY in yes:
        return Outcome.EMERGENCY
    if Group.SERIOUS in yes:
        return Outcome.SEE_DOCTOR_SOON
    if Group.READINESS in yes:
        return Outcome.CLEARANCE_NEEDED
    return Outcome.CLEARED


# What the patient reads for each outcome (our words).
OUTCOME_MESSAGES = {
    Outcome.CLEARED: (
        "Thank you. Nothing in your answers needs checking first, so your plan is open. Start gently "
        "and build up as your plan says."
    ),
    Outcome.CLEARANCE_NEEDED: (
        "Thank you. One or more of your answers means you should talk to your doctor before you start "
        "these exercises. Your plan stays locked until your practitioner records that you are cleared "
        "to begin; they have been told."
    ),
    Outcome.SEE_DOCTOR_SOON: (
        "Please stop and do not start these exercises yet. Some of your answers can be a sign of a "
        "problem that a doctor should check soon: contact your GP or doctor in the next day or two and "
        "tell them about your answers. Your practitioner has been told and your plan stays locked."
    ),
    Outcome.EMERGENCY: (
        "Stop: do not exercise. Some of your answers can be a sign of pressure on the nerves at the "
        "bottom of the spine, which needs checking today. Go to an emergency department now, or call "
        "your emergency number (999 in the UK, 911 in the US). Your practitioner has been told and "
        "your plan stays locked."
    ),
}

CAVEAT_TEXT = (
    "These exercises support the care your clinic gives you; they do not replace medical advice, "
    "diagnosis or treatment.",
    "If you have pain that is persistent or severe, problems with balance or posture, or you answered "
    "\u201cyes\u201d to any screening question, talk to your doctor before you start.",
    "Some discomfort while exercising can be normal. If pain during an exercise climbs above 5 out of "
    "10, or is worse the next morning than it was before, do less next time and tell your practitioner. "
    "If pain becomes sharp or severe, stop that exercise.",
    "Stop straight away and seek urgent care if you feel chest pain, faintness or severe breathlessness, "
    "or if you notice numbness between your legs, new bladder or bowel problems, or weakness in your legs.",
    "You can withdraw your consent at any time from your account page; your plan then locks and "
    "reminders stop.",
)
