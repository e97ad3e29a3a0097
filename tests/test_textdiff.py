"""common.textdiff: the word-level diff behind the history of a statement's text."""

from common.textdiff import Segment, diff_html, tokenize, word_diff

LONG = " ".join(f"w{i}" for i in range(100))


def kinds(segments):
    return [segment.kind for segment in segments]


def side(segments, kind):
    """One side's text back from the segments (gaps hold the text they leave out)."""
    return "".join(s.text for s in segments if s.kind in ("equal", "gap", kind))


def test_tokenize_keeps_every_character():
    text = "Article 3,  para. 2:\n« régime »—as drafted."
    assert "".join(tokenize(text)) == text
    assert tokenize("Article 3, para") == ["Article", " ", "3", ",", " ", "para"]


def test_equal_texts_have_no_diff():
    assert word_diff("same text", "same text") == []


def test_a_changed_word_is_deleted_and_inserted():
    segments = word_diff("We support the draft.", "We oppose the draft.")
    assert segments == [
        Segment("equal", "We "),
        Segment("delete", "support"),
        Segment("insert", "oppose"),
        Segment("equal", " the draft."),
    ]


def test_both_sides_join_back_into_their_texts():
    before = LONG + " the delegation supports article 5 " + LONG
    after = LONG + " the delegation firmly opposes article 5 and 6 " + LONG
    segments = word_diff(before, after, context=3)
    assert side(segments, "delete") == before
    assert side(segments, "insert") == after


def test_long_unchanged_runs_are_cut_to_context_around_the_change():
    before = LONG + " old " + LONG
    after = LONG + " new " + LONG
    segments = word_diff(before, after, context=3)
    assert kinds(segments) == ["gap", "equal", "delete", "insert", "equal", "gap"]
    assert segments[1].text == "w97 w98 w99 "
    assert segments[4].text == " w0 w1 w2 "


def test_short_unchanged_text_between_two_changes_is_kept_whole():
    segments = word_diff("a b c d e", "A b c d E", context=2)
    assert kinds(segments) == ["delete", "insert", "equal", "delete", "insert"]
    assert segments[2].text == " b c d "


def test_long_unchanged_text_between_two_changes_keeps_context_on_both_sides():
    segments = word_diff("start " + LONG + " end", "begin " + LONG + " finish", context=2)
    assert kinds(segments) == ["delete", "insert", "equal", "gap", "equal", "delete", "insert"]
    assert segments[2].text == " w0 w1 "
    assert segments[4].text == "w98 w99 "


def test_insertion_at_the_end_and_deletion_at_the_start():
    assert kinds(word_diff("one two", "one two three")) == ["equal", "insert"]
    assert kinds(word_diff("zero one two", "one two")) == ["delete", "equal"]


def test_html_escapes_text_and_marks_changes():
    html = diff_html(word_diff("x <b>old</b> " + LONG, "x <b>new</b> " + LONG, context=2))
    assert "&lt;b&gt;" in html
    assert '<del class="diff-del">old</del><ins class="diff-ins">new</ins>' in html
    assert "[… 99 unchanged words …]" in html
    assert "<b>" not in html


def test_a_long_statement_diffs_quickly():
    before = " ".join(f"word{i}" for i in range(50_000))
    after = before.replace("word25000", "changed", 1)
    segments = word_diff(before, after)
    assert [s.text for s in segments if s.kind != "equal" and s.kind != "gap"] == [
        "word25000",
        "changed",
    ]
