"""The words of the time-limit notices (中止/恢复/延长审批期限告知书) that depend on what the officer chose or typed.

Legal basis, from 《中华人民共和国行政许可法》:
- §42: an extension approved by the head of the authority (the extension notice cites it);
- §45: the time needed for 听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审 does not count within the
  time limit, and the applicant is told in writing. A suspension for a hearing, an expert review or
  testing/appraisal cites it; so does the resumption that ends such a suspension. A suspension for
  anything §45 does not name (the applicant supplementing materials, the applicant's own request)
  cites no article rather than a wrong one.
"""

from __future__ import annotations

from approvals.decision_texts import LICENSING_LAW
from firesvc.sla.enums import PauseReason

EXTENSION_BASIS = f"{LICENSING_LAW}第四十二条"
SUSPENSION_BASIS = f"{LICENSING_LAW}第四十五条"

# The pause reasons that are among the procedures §45 lists.
SECTION_45_REASONS = frozenset({PauseReason.HEARING, PauseReason.EXPERT_REVIEW, PauseReason.TESTING})

# What ends a sentence (Chinese and ASCII): cut from a typed reason printed inside "因……，".
_SENTENCE_END = "。．.；;，,！!"


def in_sentence(text: str) -> str:
    """A typed reason as a clause inside a sentence: no surrounding spaces and no closing punctuation."""
    return text.strip().rstrip(_SENTENCE_END + " \t\r\n\u3000")


def pause_basis(pause_reason: str) -> str:
    """The article a suspension (or the resumption that ends it) cites for this pause reason; "" for none."""
    return SUSPENSION_BASIS if pause_reason in SECTION_45_REASONS else ""
