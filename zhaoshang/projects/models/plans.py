"""Exchange rates, yearly investment plans and monthly investment of projects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from zhaoshang.core.money import minor_to_yuan

from .choices import Currency


# Every rate, read once for the block `rates_read_once` opens (None outside one).
_read_once: ContextVar[dict[tuple[int, str], Decimal] | None] = ContextVar("exchange_rates", default=None)


@contextmanager
def rates_read_once() -> Iterator[None]:
    """Within the block, ExchangeRate.objects.rates reads the (small) table once:
    a dashboard converts money and tests size bands a dozen times, each of which
    would read the rates again. The figures see one reading of the rates, as
    they see one reading of the data."""
    outer = _read_once.get()
    token = _read_once.set(outer if outer is not None else ExchangeRate.objects.rates())
    try:
        yield
    finally:
        _read_once.reset(token)


class ExchangeRateQuerySet(models.QuerySet):
    def rate_for(self, year: int, currency: str) -> Decimal | None:
        if currency == Currency.CNY:
            return Decimal(1)
        return self.filter(year=year, currency=currency).values_list("rate", flat=True).first()

    def rates(self, years: Iterable[int] | None = None) -> dict[tuple[int, str], Decimal]:
        """{(year, currency): rate} of the given years (all years with None)."""
        wanted = None if years is None else set(years)
        memo = _read_once.get()
        if memo is not None and not self.query.has_filters():
            return {key: rate for key, rate in memo.items() if wanted is None or key[0] in wanted}
        rows = self if wanted is None else self.filter(year__in=wanted)
        return {(year, currency): rate for year, currency, rate in rows.values_list("year", "currency", "rate")}


class ExchangeRate(models.Model):
    """The year's configured rate, 元 per unit of the currency (docs/domain.md §6)."""

    year = models.PositiveSmallIntegerField("年度")
    currency = models.CharField("币种", max_length=3, choices=Currency.choices)
    rate = models.DecimalField("汇率（元/单位外币）", max_digits=12, decimal_places=6)

    history = HistoricalRecords()
    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        verbose_name = "汇率"
        verbose_name_plural = "汇率"
        constraints = [models.UniqueConstraint(fields=["year", "currency"], name="exchange_rate_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.currency} {self.rate}"

    @staticmethod
    def to_cny(amount: int, currency: str, year: int) -> int | None:
        """An amount in the currency's minor unit (元, or US cents) → integer 元, or
        None when the year has no rate configured."""
        if currency == Currency.CNY:
            return amount
        rate = ExchangeRate.objects.rate_for(year, currency)
        return None if rate is None else minor_to_yuan(amount, rate)


class InvestmentPlan(models.Model):
    """A key project's planned fixed-asset investment for a year."""

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="investment_plans")
    year = models.PositiveSmallIntegerField("年度")
    planned_amount = models.BigIntegerField("年度计划投资（元）", validators=[MinValueValidator(0)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "年度投资计划"
        verbose_name_plural = "年度投资计划"
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="plan_unique_year")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class MonthlyInvestment(models.Model):
    """Fixed-asset investment completed in one month of a plan's year."""

    plan = models.ForeignKey(InvestmentPlan, verbose_name="年度计划", on_delete=models.CASCADE, related_name="months")
    month = models.PositiveSmallIntegerField("月份", validators=[MinValueValidator(1), MaxValueValidator(12)])
    completed_amount = models.BigIntegerField("当月完成投资（元）", validators=[MinValueValidator(0)])

    history = HistoricalRecords()

    class Meta:
        verbose_name = "月度完成投资"
        verbose_name_plural = "月度完成投资"
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="monthly_unique_month"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="monthly_month_range"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.month}月"
