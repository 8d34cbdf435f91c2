"""诉求 / 客商投诉 (docs/domain.md §8): received by the bureau or a unit, accepted (签收) or
refused, transferred, handled with a thread of notes, closed with result and
evidence, visited back within 3 working days by someone other than the handler.
Deadlines are clocks of the time-limit engine (one to accept, one to finish);
the case keeps the moments the figures count."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from zhaoshang.core.versions import Versioned
from zhaoshang.organisation.models import Unit, subtree_q
from zhaoshang.projects.models import Investor, Project
from zhaoshang.timelimits.models import Clock, PolicyKind, Urgency


class Channel(models.TextChoices):
    PORTAL = "portal", "门户网站"
    HOTLINE = "hotline", "12345转办"
    PHONE = "phone", "电话"
    VISIT = "visit", "来访"
    FEDERATION = "federation", "工商联"
    PETITION = "petition", "信访"
    LEADER = "leader", "领导批示"


class CaseType(models.TextChoices):
    CONSULT = "consult", "咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉"
    SUGGESTION = "suggestion", "建议"
    POLICY = "policy", "政策兑现"
    BREACH = "breach", "政府违约"

    def finish_kind(self, foreign: bool) -> str:
        """The time-limit policy that sets the time to finish."""
        if foreign and self in (CaseType.COMPLAINT, CaseType.BREACH):
            return PolicyKind.FOREIGN_FINISH
        return {
            CaseType.CONSULT: PolicyKind.CONSULT,
            CaseType.HELP: PolicyKind.HELP,
            CaseType.SUGGESTION: PolicyKind.HELP,
            CaseType.COMPLAINT: PolicyKind.COMPLAINT,
        }.get(self, PolicyKind.COMPLEX)

    def accept_kind(self, foreign: bool) -> str:
        if foreign and self in (CaseType.COMPLAINT, CaseType.BREACH):
            return PolicyKind.FOREIGN_ACCEPT
        return PolicyKind.SIGN_OFF


class CaseStatus(models.TextChoices):
    NEW = "new", "待受理"
    HANDLING = "handling", "办理中"
    CLOSED = "closed", "已办结待回访"
    VISITED = "visited", "已回访"
    REFUSED = "refused", "不予受理"


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    BASIC = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"

    @property
    def is_satisfied(self) -> bool:
        return self >= Satisfaction.SATISFIED

    @property
    def is_dissatisfied(self) -> bool:
        return self <= Satisfaction.DISSATISFIED


# A case that bounced between units more than this many times goes to the bureau.
MAX_SENT_BACK = 2
# The return visit is due within 3 working days of closing: the time-limit policy
# 办结回访 (PolicyKind.RETURN_VISIT), a clock started on closing.


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """A unit sees the cases it handles and the ones it received; the bureau all
        of its jurisdiction."""
        from zhaoshang.accounts import access

        paths = access.read_paths(user)
        return self.filter(subtree_q(paths, "unit__path") | subtree_q(paths, "intake_unit__path"))

    def handled_within(self, paths) -> CaseQuerySet:
        return self.filter(subtree_q(paths, "unit__path"))

    def to_accept(self) -> CaseQuerySet:
        return self.filter(status=CaseStatus.NEW)

    def in_hand(self) -> CaseQuerySet:
        return self.filter(status=CaseStatus.HANDLING)

    def awaiting_visit(self) -> CaseQuerySet:
        return self.filter(status=CaseStatus.CLOSED)

    def search(self, text: str) -> CaseQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(investor_name__icontains=text) | Q(uscc__icontains=text))


class Case(Versioned):
    title = models.CharField("诉求标题", max_length=200)
    channel = models.CharField("来源渠道", max_length=12, choices=Channel.choices)
    case_type = models.CharField("诉求类型", max_length=12, choices=CaseType.choices)
    urgency = models.CharField("紧急程度", max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    foreign = models.BooleanField("外商投资企业投诉", default=False, help_text="适用商务部令2020年第3号的受理与办结时限")
    uscc = models.CharField("统一社会信用代码", max_length=18, blank=True)
    investor_name = models.CharField("企业名称", max_length=200)
    investor = models.ForeignKey(Investor, verbose_name="客商", on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    contact = models.CharField("联系人及电话", max_length=100, blank=True)
    description = models.TextField("诉求内容")
    intake_unit = models.ForeignKey(Unit, verbose_name="登记单位", on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField("登记时间")
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name="承办单位", on_delete=models.PROTECT, related_name="cases")
    previous_unit = models.ForeignKey(Unit, verbose_name="转来单位", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sent_back = models.PositiveSmallIntegerField("退回/转办次数", default=0)
    status = models.CharField("状态", max_length=10, choices=CaseStatus.choices, default=CaseStatus.NEW)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    refusal_reason = models.TextField("不予受理理由", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办结人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    result = models.TextField("办理结果", blank=True)
    evidence = models.TextField("办结佐证", blank=True)
    resolved = models.BooleanField("问题已解决", default=False)
    visit_due = models.DateTimeField("回访期限", null=True, blank=True)
    reopened = models.BooleanField("已因不满意重办", default=False)

    clocks = GenericRelation(Clock)
    history = HistoricalRecords()
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "诉求"
        verbose_name_plural = "诉求"
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.investor_name}：{self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:case_detail", args=[self.pk])

    @property
    def number(self) -> str:
        return f"SQ{self.received_at:%Y}-{self.pk:05d}"


class CaseNote(models.Model):
    """One message of the handling thread."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField("时间")
    text = models.TextField("办理情况")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return f"{self.case}的办理记录"


class AttachmentKind(models.TextChoices):
    MATERIAL = "material", "诉求材料"
    EVIDENCE = "evidence", "办结佐证"


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类别", max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.MATERIAL)
    file = models.FileField("附件", upload_to="cases/%Y/%m/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "诉求附件"
        verbose_name_plural = "诉求附件"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]


class ReturnVisit(models.Model):
    """回访. A default rating (the investor could not be reached) is kept apart from
    the ratings the investor gave: 满意率 never counts it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="visits")
    visited_at = models.DateTimeField("回访时间")
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="回访人", on_delete=models.PROTECT, related_name="+")
    satisfaction = models.PositiveSmallIntegerField("满意度", choices=Satisfaction.choices)
    is_default = models.BooleanField("默认评价（未能联系企业）", default=False)
    note = models.TextField("回访情况", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "回访"
        verbose_name_plural = "回访"
        ordering = ["visited_at", "id"]

    def __str__(self) -> str:
        return f"{self.case}的回访（{self.get_satisfaction_display()}）"
