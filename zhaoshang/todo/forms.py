from __future__ import annotations

from django import forms

from zhaoshang.core.forms import PlainTextMixin
from zhaoshang.projects.models import FundEntry


class FundsDecisionForm(PlainTextMixin, forms.Form):
    """The unit head's bulk decision on the 待办 page: the ticked 已填报 entries,
    approved, or returned with one reason."""

    APPROVE, RETURN = "approve", "return"

    entries = forms.ModelMultipleChoiceField(
        label="到位资金",
        queryset=FundEntry.objects.none(),
        error_messages={
            "required": "请勾选要处理的到位资金",
            "invalid_choice": "所选条目中有已处理或无权审核的到位资金，请刷新页面后重试",
            "invalid_pk_value": "所选条目无效，请刷新页面后重试",
        },
    )
    decision = forms.ChoiceField(label="处理", choices=[(APPROVE, "审核通过"), (RETURN, "退回")])
    reason = forms.CharField(label="退回原因", max_length=200, required=False)

    def __init__(self, data, *, user):
        super().__init__(data)
        self.fields["entries"].queryset = FundEntry.objects.awaiting_approval_by(user).select_related("project")
