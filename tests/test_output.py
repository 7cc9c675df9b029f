from klachtcli.render.output import csv_safe


def test_csv_safe_prefixes_every_formula_trigger():
    for text in ("=1+1", "+31", "-5", "@A1", "\tx", "\rx"):
        assert csv_safe(text) == "'" + text
    assert csv_safe("gewoon") == "gewoon"
    assert csv_safe(None) == ""
    assert csv_safe(True) == "ja"
