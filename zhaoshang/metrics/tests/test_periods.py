"""Buckets (rankings group many units in one query by their path prefix)."""


def test_buckets_share_the_whole_steps_of_their_paths_as_prefix():
    from zhaoshang.metrics.periods import Buckets

    assert Buckets(("00010001", "00010002"), 8).prefix == "0001"
    assert Buckets(("000100010001", "000100010002"), 12).prefix == "00010001"
    assert Buckets(("00010001",), 8).prefix == "00010001"
    assert Buckets(("00010001", "00020001"), 8).prefix == ""
    assert Buckets(("00010011", "00010012"), 8).prefix == "0001"  # "0001001" is not a whole step
