"""Markdown and code rendering (explorer.domain.markup): what reaches a page is safe."""

from __future__ import annotations

from explorer.domain.markup import highlight_code, render_inline_markdown, render_markdown, sanitize


def test_it_renders_tables_and_fenced_code() -> None:
    html, _ = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n")

    assert "<table>" in html
    assert '<div class="highlight">' in html
    assert "x" in html


def test_it_builds_a_table_of_contents() -> None:
    html, toc = render_markdown("## How it works\n\ntext\n\n## When not to use it\n", with_toc=True)

    assert 'id="how-it-works"' in html
    assert 'href="#when-not-to-use-it"' in toc


def test_it_strips_script_tags() -> None:
    html, _ = render_markdown("Hello <script>alert('x')</script> world")

    assert "<script" not in html
    assert "alert" not in html


def test_it_strips_javascript_links() -> None:
    html, _ = render_markdown("[click](javascript:alert(1))")

    assert "javascript:" not in html


def test_it_strips_event_handler_attributes() -> None:
    html, _ = render_markdown(
        '<img src="x" onerror="alert(1)"> <a href="https://aws.amazon.com" onclick="x()">AWS</a>'
    )

    assert "onerror" not in html
    assert "onclick" not in html
    assert 'href="https://aws.amazon.com"' in html


def test_it_strips_inline_styles() -> None:
    assert "style" not in sanitize('<p style="position:fixed">x</p>')


def test_inline_markdown_drops_the_paragraph() -> None:
    assert render_inline_markdown("Use **batching**") == "Use <strong>batching</strong>"


def test_code_is_highlighted_and_escaped() -> None:
    html = highlight_code("if a < b:\n    print('<b>')\n", "python")

    assert '<span class="k">if</span>' in html
    assert "&lt;b&gt;" in html


def test_an_unknown_language_is_shown_as_text() -> None:
    assert "plain words" in highlight_code("plain words", "klingon")
