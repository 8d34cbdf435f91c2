"""The monthly circular carries the element figures in a paragraph of their own."""

from datetime import date

from zhaoshang.reports import circular
from zhaoshang.reports.tests.test_generation import text_of


def test_the_circular_names_the_stuck_projects_and_land(project, county):
    # `project` is signed and agreed to start on 2025-07-20: late by the end of August.
    files = circular.build(county.root, 2025, 8, issued_on=date(2025, 9, 5))
    assert files.content.elements["approved_not_started"] == 1
    assert files.content.elements["not_started_by_agreed_date"] == 1
    assert "要素保障方面：立项未开工1个" in text_of(files.docx)
    assert "超过约定开工日期仍未开工1个" in text_of(files.docx)
