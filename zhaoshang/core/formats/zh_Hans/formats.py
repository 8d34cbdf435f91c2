"""zh_Hans formats with ISO 8601 first among the input formats.

A widget renders its value with the first input format. Django's zh_Hans puts
`%Y/%m/%d` first, which `<input type="date">` rejects and shows empty, so saving an
untouched form would erase its dates. Browsers send (and render) ISO only."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2016-09-05', what <input type="date"> sends
    "%Y/%m/%d",  # '2016/09/05', typed or pasted
    "%Y年%m月%d日",  # '2016年9月5日'
]

DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",  # what <input type="datetime-local"> sends
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y年%m月%d日 %H:%M",
]

# Numbers in inputs and exports stay plain digits: never grouped.
THOUSAND_SEPARATOR = ""
DECIMAL_SEPARATOR = "."
