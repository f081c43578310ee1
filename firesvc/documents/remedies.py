"""The right to seek remedy (救济途径) that a written administrative act tells its addressee of.

One wording for every document the portal issues, so that a decision and an order say it alike:
行政复议 within sixty days (《中华人民共和国行政复议法》第二十条) and 行政诉讼 within six months
(《中华人民共和国行政诉讼法》第四十六条), each counted from receipt of the document. The body to apply
to is not named: the portal holds no record of which government or superior body is competent for a
unit, so the text points to the law, as the decisions have done since they were first issued.
"""

from __future__ import annotations

RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"


def appeal_route(document: str) -> str:
    """如不服本决定… for a document that calls itself ``document`` (本决定书, 本通知书)."""
    return (f"如不服本决定，可以自收到{document}之日起六十日内依照{RECONSIDERATION_LAW}的规定申请行政复议，"
            f"也可以自收到{document}之日起六个月内依照{LITIGATION_LAW}的规定向人民法院提起行政诉讼。")
