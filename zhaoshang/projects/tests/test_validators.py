"""USCC check digit (GB 32100-2015) and name normalisation."""

import pytest
from django.core.exceptions import ValidationError

from zhaoshang.projects.factories import make_uscc
from zhaoshang.projects.validators import is_valid_uscc, normalise_name, uscc_check_char, validate_uscc

# Published codes of real companies (华为技术有限公司, 深圳市腾讯计算机系统有限公司):
# the algorithm must accept them as they are.
REAL_CODES = ["914403001922038216", "9144030071526726XG"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_published_codes_are_valid(code):
    assert is_valid_uscc(code)


def test_check_digit_is_31_minus_weighted_sum_mod_31():
    # Spelled out independently of the module's constants.
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91441900MA4W00000"
    total = sum(charset.index(c) * w for c, w in zip(body, weights))
    expected = charset[(31 - total % 31) % 31]
    assert uscc_check_char(body) == expected == "X"


def test_constructed_codes_validate():
    assert is_valid_uscc("91441900MA4W00000X")
    assert is_valid_uscc("12100000400000000W")
    assert is_valid_uscc(make_uscc(7))


@pytest.mark.parametrize(
    "code",
    [
        "914403001922038217",  # wrong check digit
        "91441900MA4W00000Y",  # wrong check letter
        "91441900MA4W0000",  # too short
        "9144030071526726XGX",  # too long
        "91441900MI4W00000X",  # I is not in the charset
        "91441900MA4W0000OX",  # O neither
    ],
)
def test_invalid_codes_are_refused_with_a_chinese_message(code):
    assert not is_valid_uscc(code)
    with pytest.raises(ValidationError) as error:
        validate_uscc(code)
    assert "统一社会信用代码无效" in error.value.messages[0]


def test_lower_case_input_is_accepted():
    assert is_valid_uscc("9144030071526726xg")


def test_empty_uscc_is_allowed_for_foreign_investors():
    validate_uscc("")


def test_names_match_without_legal_suffix_spaces_or_full_width_letters():
    assert normalise_name("深圳 新能科技有限公司") == normalise_name("深圳新能科技") == "深圳新能科技"
    assert normalise_name("ＡＢＣ（中国）股份有限公司") == normalise_name("abc(中国)")
