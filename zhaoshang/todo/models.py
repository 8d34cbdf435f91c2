"""In-app notifications: one row per recipient for a change that concerns them
(an entry returned or approved, an obstacle assigned or escalated…), written by
the action that makes the change, in its transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class NotificationKind(models.TextChoices):
    FUNDS_RETURNED = "funds_returned", "到位资金退回"
    FUNDS_APPROVED = "funds_approved", "到位资金已审核"
    FUNDS_VERIFIED = "funds_verified", "到位资金已核实"
    OBSTACLE_ASSIGNED = "obstacle_assigned", "问题交办"
    OBSTACLE_ESCALATED = "obstacle_escalated", "问题上报"
    OBSTACLE_PROPOSED = "obstacle_proposed", "问题申请销号"
    OBSTACLE_RETURNED = "obstacle_returned", "销号申请退回"
    OBSTACLE_CLOSED = "obstacle_closed", "问题已销号"
    OBSTACLE_INSTRUCTED = "obstacle_instructed", "领导批示"
    DUPLICATE_FLAGGED = "duplicate_flagged", "疑似重复项目"
    ELEMENT_PROBLEM = "element_problem", "要素问题"
    COMMITMENT_STALE = "commitment_stale", "承诺兑现督办"
    COMMITMENT_BREACH = "commitment_breach", "客商反映政府违约"
    CASE_ASSIGNED = "case_assigned", "诉求交办"
    CASE_RETURNED = "case_returned", "诉求退回"
    CASE_ESCALATED = "case_escalated", "诉求转招商局"
    CASE_CLOSED = "case_closed", "诉求办结待回访"
    CASE_REOPENED = "case_reopened", "诉求重新办理"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField("类型", max_length=20, choices=NotificationKind.choices)
    text = models.CharField("内容", max_length=300)
    link = models.CharField("办理页面", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        # The navbar counts a user's unread notifications on every page.
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text
