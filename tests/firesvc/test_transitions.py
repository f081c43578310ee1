"""The one transition point: ``firesvc.core.transitions.transition``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy

from enterprises.enums import ACCOUNT_TRANSITIONS, AccountStatus
from enterprises.models import EnterpriseAccount
from enterprises.services.enterprises import ACCOUNT_FLOW
from firesvc.audit.models import AuditEvent
from firesvc.core.transitions import TransitionNotAllowed, Workflow, transition
from tests.factories import EnterpriseFactory, UserFactory, enterprise_user

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ("approvals", "enterprises", "feedback", "firesvc")
HELPER = ROOT / "firesvc" / "core" / "transitions.py"
# Classes whose ``status`` is no model's state (file, class).
NOT_A_MODEL_STATUS = {("feedback/hazard_reports/api.py", "Open311Error")}  # an HTTP status code
# Modules allowed a bulk ``.update(status=…)``, and why: none is a case's state with an audit trail.
BULK_STATUS_WRITES = {
    # The outbox's delivery queue: claims and retries are compare-and-swap leases on many rows at once.
    "firesvc/notifications/delivery.py", "firesvc/notifications/services.py",
    # A material's checklist mark, written with its application's audited accept or notice.
    "approvals/services/intake.py",
}

# The same table, writing the whole row (as the workflows of most models do).
WHOLE_ROW_FLOW = Workflow(transitions=ACCOUNT_TRANSITIONS, refused=gettext_lazy("This account is already %(status)s."),
                          action_prefix="enterprise_account")


def _account(status: str = AccountStatus.PENDING) -> EnterpriseAccount:
    user = enterprise_user(EnterpriseFactory(), status=status)
    return EnterpriseAccount.objects.get(user=user)


def _writes_status(call: ast.Call) -> bool:
    """``setattr(x, "status", …)`` or ``….update(status=…)``."""
    if isinstance(call.func, ast.Name) and call.func.id == "setattr":
        return len(call.args) > 1 and isinstance(call.args[1], ast.Constant) and call.args[1].value == "status"
    return (isinstance(call.func, ast.Attribute) and call.func.attr == "update"
            and any(keyword.arg == "status" for keyword in call.keywords))


def _status_assignments(path: Path, root: Path = ROOT) -> list[str]:
    """``x.status = …`` (plain, annotated, augmented or unpacked), ``setattr(x, "status", …)`` and
    ``….update(status=…)``, outside the classes of ``NOT_A_MODEL_STATUS`` (and bulk updates outside
    the modules of ``BULK_STATUS_WRITES``)."""
    found: list[str] = []
    where = str(path.relative_to(root))

    def visit(node: ast.AST, cls: str) -> None:
        if isinstance(node, ast.ClassDef):
            cls = node.name
        if (where, cls) in NOT_A_MODEL_STATUS:
            return
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Call) and _writes_status(node) and (
                isinstance(node.func, ast.Name) or where not in BULK_STATUS_WRITES):
            found.append(f"{where}:{node.lineno}")
        while targets:
            target = targets.pop()
            if isinstance(target, ast.Tuple | ast.List):
                targets.extend(target.elts)
            elif isinstance(target, ast.Attribute) and target.attr == "status":
                found.append(f"{where}:{node.lineno}")
        for child in ast.iter_child_nodes(node):
            visit(child, cls)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def test_status_is_assigned_only_by_the_transition_helper() -> None:
    sources = [p for package in APP_PACKAGES for p in (ROOT / package).rglob("*.py")
               if "migrations" not in p.parts and p != HELPER]
    offenders = [hit for path in sources for hit in _status_assignments(path)]
    assert offenders == [], f"assign .status only through firesvc.core.transitions.transition: {offenders}"


def test_the_status_scan_finds_an_assignment(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text("def f(row):\n    row.status = 'done'\n    row.a, row.status = 1, 2\n"
                      "    setattr(row, 'status', 3)\n    row.state = 4\n"
                      "class Open311Error(Exception):\n    def __init__(self):\n        self.status = 400\n"
                      "def g(rows):\n    rows.update(status='done')\n    rows.update(assignee=1)\n",
                      encoding="utf-8")
    hits = sorted((hit.rsplit(":", 1)[1] for hit in _status_assignments(module, root=tmp_path)), key=int)
    assert hits == ["2", "3", "4", "8", "10"]


@pytest.mark.django_db
def test_transition_sets_status_and_fields_and_writes_the_audit_event() -> None:
    account = _account()
    clerk = UserFactory()
    previous = transition(workflow=ACCOUNT_FLOW, obj=account, to=AccountStatus.REJECTED, actor=clerk,
                          reason="资料不符", fields={"decision_reason": "资料不符"})
    assert previous == AccountStatus.PENDING
    stored = EnterpriseAccount.objects.get(pk=account.pk)
    assert (stored.status, stored.decision_reason) == (AccountStatus.REJECTED, "资料不符")
    event = AuditEvent.objects.get(object_id=str(account.pk), action="enterprise_account.rejected")
    assert (event.from_state, event.to_state, event.reason) == ("pending", "rejected", "资料不符")
    assert event.unit_id == account.enterprise.brigade_id


@pytest.mark.django_db
def test_transition_refuses_a_step_the_table_does_not_allow() -> None:
    account = _account(AccountStatus.VERIFIED)
    with pytest.raises(TransitionNotAllowed) as refused, translation.override("en"):
        transition(workflow=ACCOUNT_FLOW, obj=account, to=AccountStatus.VERIFIED, actor=None)
    assert refused.value.messages == ["This account is already Verified."]
    assert isinstance(refused.value, ValidationError)  # views show it as they show any service error
    assert not AuditEvent.objects.filter(object_id=str(account.pk), action__startswith="enterprise_account").exists()


@pytest.mark.django_db
def test_transition_refuses_when_the_row_changed_since_it_was_read() -> None:
    # given two copies of one pending account, as a clerk's click and a timer would hold them
    mine = _account()
    theirs = EnterpriseAccount.objects.get(pk=mine.pk)
    transition(workflow=ACCOUNT_FLOW, obj=theirs, to=AccountStatus.VERIFIED, actor=None)
    # when the stale copy is moved
    with pytest.raises(TransitionNotAllowed):
        transition(workflow=ACCOUNT_FLOW, obj=mine, to=AccountStatus.REJECTED, actor=None,
                   fields={"decision_reason": "迟到的决定"})
    # then the first change stands and only its event is written
    stored = EnterpriseAccount.objects.get(pk=mine.pk)
    assert (stored.status, stored.decision_reason) == (AccountStatus.VERIFIED, "")
    assert mine.status == AccountStatus.VERIFIED
    assert AuditEvent.objects.filter(object_id=str(mine.pk), action__startswith="enterprise_account").count() == 1


@pytest.mark.django_db
def test_transition_writes_only_the_named_columns_when_the_workflow_says_so() -> None:
    account = _account()
    account.position = "未保存的职务"
    transition(workflow=ACCOUNT_FLOW, obj=account, to=AccountStatus.VERIFIED, actor=None)
    assert EnterpriseAccount.objects.get(pk=account.pk).position == ""


@pytest.mark.django_db
def test_transition_writes_the_whole_row_like_save_by_default() -> None:
    account = _account()
    account.position = "安全主管"
    transition(workflow=WHOLE_ROW_FLOW, obj=account, to=AccountStatus.VERIFIED, actor=None)
    stored = EnterpriseAccount.objects.get(pk=account.pk)
    assert (stored.status, stored.position) == (AccountStatus.VERIFIED, "安全主管")


@pytest.mark.django_db
def test_transition_without_audit_leaves_the_event_to_the_caller() -> None:
    account = _account()
    transition(workflow=ACCOUNT_FLOW, obj=account, to=AccountStatus.VERIFIED, actor=None, audit=False)
    assert EnterpriseAccount.objects.get(pk=account.pk).status == AccountStatus.VERIFIED
    assert not AuditEvent.objects.filter(object_id=str(account.pk), action__startswith="enterprise_account").exists()
