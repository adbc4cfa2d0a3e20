

def test_a_spread_on_the_wrong_side_stops_print(mini: Callable[..., Path]) -> None:
    root = mini({"content/pages/998-blank.yaml": "layout: blank\n"})
    (root / "content/pages/999-blank.yaml").unlink()

    def change() -> None:  # the cover goes, the year's spread comes first, a blank page keeps four
        (root / "content/pages/010-cover.yaml").unlink()
        (root / "content/pages/999-blank.yaml").write_text("layout: blank\n", encoding="utf-8")

    problems = refused(root, change)
    assert problems == [
        "content/pages/2000.yaml: year 2000 (left-hand page) must be a left-hand page but falls on page 1, a "
        "right-hand page, in the en edition; so 1 more page after it is on the wrong side too: a page was "
        "added or removed before it (add or remove pages in pairs, or add a page file with 'layout: blank' "
        "among them to fill the gap)"]
