"""`--format html`: static checks of the markup, and the page in a real browser.

The snapshot of the sample report's page is in test_output_formats.py with every other format.
Set XLINGUAL_SCREENSHOT=/some/file.png to keep the browser test's screenshot for a look.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.sample_report import make_finding, sample_report
from xlingual.findings import Finding, Severity, Span
from xlingual.load.documents import Document
from xlingual.output.html import render
from xlingual.output.html_style import STYLE
from xlingual.report import Report

ARTICLE_MARKUP = "<script>alert('x')</script>"
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


# --- a small DOM: html.parser with strict balance, so a broken page fails to parse -------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self, skip_class: str | None = None) -> str:
        """The text inside, leaving out elements of class `skip_class` (markers the page adds)."""
        return "".join(
            child
            if isinstance(child, str)
            else ""
            if skip_class and skip_class in child.attrs.get("class", "").split()
            else child.text(skip_class)
            for child in self.children
        )

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def find_all(self, tag: str, css_class: str | None = None) -> list[Node]:
        return [
            node
            for node in self.walk()
            if node.tag == tag
            and (css_class is None or css_class in node.attrs.get("class", "").split())
        ]

    def ancestor(self, tag: str) -> Node | None:
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        raise AssertionError(f"self-closing <{tag}/> is not HTML5 style")

    def handle_endtag(self, tag):
        assert tag not in VOID, f"</{tag}> closes a void element"
        assert self.current.tag == tag, f"</{tag}> closes <{self.current.tag}>"
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    return builder.root


# --- reports -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> Report:
    return sample_report()


@pytest.fixture(scope="module")
def page(report) -> str:
    return render(report)


def in_documents(report: Report) -> list[tuple[int, Finding]]:
    paths = {document.path for document in report.documents}
    return [(n, f) for n, f in enumerate(report.findings, 1) if f.path in paths]


def finding_of(document: Document, start: int, end: int, code: str, **extra) -> Finding:
    fields = {"name": "test-rule", "message": f"{code} here"} | extra
    return make_finding(document, start, end, code=code, **fields)


def awkward_report() -> Report:
    """Spans the sample leaves out: the same span twice, an empty span, a span across a line
    break, one on a bare line break, one past the end, CRLF line endings, a URL in the text."""
    text = "First line with a typo.\r\nSecond line, see https://example.com/x.jpg now.\r\n"
    document = Document.from_text("awkward.txt", text, "en")
    typo = text.index("typo")
    crlf = text.index("\r\n")
    findings = (
        finding_of(document, typo, typo + 4, "XL301"),
        finding_of(document, typo, typo + 4, "XL103", severity=Severity.ERROR),
        finding_of(document, typo, typo, "XL303", severity=Severity.INFO),
        finding_of(document, typo, crlf + 8, "XL403"),
        finding_of(document, crlf, crlf + 2, "XL305"),
        finding_of(document, len(text) - 3, len(text) + 40, "XL304"),
    )
    related = (
        Span("awkward.txt", typo, typo + 4, "typo"),
        Span("awkward.txt", crlf, crlf + 2, "\r\n"),
        Span("elsewhere.txt", 3, 9, "other"),
    )
    findings += (finding_of(document, 0, 5, "XL101", related=related),)
    return Report(
        (document,), (), (), tuple(sorted(findings, key=Finding.sort_key)), "awkward signature"
    )


def empty_reports() -> list[Report]:
    clean = Document.from_text("clean.txt", "Nothing to see here.\n", "en")
    return [Report((), (), (), (), "empty"), Report((clean,), (), (), (), "clean")]


# --- snapshot and static checks ------------------------------------------------------------------


@pytest.mark.parametrize("make", [sample_report, awkward_report], ids=["sample", "awkward"])
def test_page_loads_nothing_and_runs_nothing(make):
    page = render(make())
    assert not re.search(r"""\b(?:src|href|action)\s*=\s*["']?\s*(?:[a-z]+:)?//""", page, re.I)
    assert not re.search(r"url\s*\(|@import", page, re.I)
    assert not re.search(r"<(?:script|link|img|iframe|object|embed|base)\b", page, re.I)
    head = page.split("</head>")[0]
    assert '<meta charset="utf-8">' in head
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
    assert csp and "default-src 'none'" in csp.group(1)
    assert "script-src" not in csp.group(1)  # no script is allowed at all
    tree = parse(page)
    hrefs = [node.attrs["href"] for node in tree.find_all("a")]
    assert all(href.startswith("#") for href in hrefs)
    ids = [node.attrs["id"] for node in tree.walk() if "id" in node.attrs]
    assert len(ids) == len(set(ids)), "ids are unique"
    assert {href[1:] for href in hrefs} <= set(ids), "every link has a target"


def test_article_markup_shows_as_text(page):
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert page.count("alert(") == page.count("&lt;script&gt;alert(")
    assert "<b>" not in page  # the message's markup is escaped too
    assert ARTICLE_MARKUP in parse(page).text()


def test_each_document_text_is_shown_whole_and_once(report, page):
    texts = parse(page).find_all("div", "text")
    assert len(texts) == len(report.documents)
    for node, document in zip(texts, report.documents, strict=True):
        lines = [line.text() for line in node.find_all("div", "line")]
        assert "\n".join(lines) == document.text.removesuffix("\n")


def test_every_finding_has_a_card_and_a_mark_linking_to_it(report, page):
    tree = parse(page)
    cards = {node.attrs["id"]: node for node in tree.find_all("article", "card")}
    assert len(cards) == len(report.findings)
    for number, finding in enumerate(report.findings, 1):
        card = cards[f"finding-{number}"]
        assert finding.code in card.text() and finding.message in card.text()
    linked = {
        a.attrs["href"]
        for text in tree.find_all("div", "text")
        for a in text.find_all("a")
        if a.ancestor("mark") is not None
    }
    assert {f"#finding-{n}" for n, _f in in_documents(report)} == linked
    orphans = tree.find_all("section", "inputs")[0]
    assert "articles/broken.html" in orphans.text() and "binary file, not text" in orphans.text()


def test_overlapping_findings_both_appear(report, page):
    number = {f.code: n for n, f in enumerate(report.findings, 1)}
    first_text = parse(page).find_all("div", "text")[0]
    marks = [
        (mark.text(), mark.find_all("a")[0].attrs["href"], mark.attrs["class"])
        for mark in first_text.find_all("mark")
    ]
    outer, inner = f"#finding-{number['XL201']}", f"#finding-{number['XL301']}"
    assert ("for ", outer, "sev-warning") in marks
    assert (
        "concerning",
        inner,
        "sev-warning inner-info",
    ) in marks  # the higher severity colours it
    assert (" an hour", outer, "sev-warning") in marks
    title = next(m for m in first_text.find_all("mark") if m.text() == "concerning").attrs["title"]
    assert report.findings[number["XL301"] - 1].message in title
    assert report.findings[number["XL201"] - 1].message in title


def test_awkward_spans_keep_every_character_and_every_link():
    report = awkward_report()
    tree = parse(render(report))
    text = tree.find_all("div", "text")[0]
    lines = [line.text(skip_class="also") for line in text.find_all("div", "line")]
    # CR is dropped from the page (the parser would turn it into a second line break); a caret
    # marks each finding that covers no visible character.
    shown = "\n".join(lines).replace("‸", "")
    assert shown == report.documents[0].text.replace("\r\n", "\n").removesuffix("\n")
    linked = {a.attrs["href"] for a in text.find_all("a")}
    assert linked == {f"#finding-{n}" for n in range(1, len(report.findings) + 1)}
    assert text.find_all("a", "also"), "the second finding on one span gets its own link"
    assert "https://example.com/x.jpg" in text.text()


def test_rendering_is_deterministic(page):
    assert render(sample_report()) == page
    assert render(awkward_report()) == render(awkward_report())


@pytest.mark.parametrize("report", empty_reports(), ids=["nothing", "clean"])
def test_empty_report_renders(report):
    page = render(report)
    tree = parse(page)
    assert "No findings." in tree.text()
    assert not tree.find_all("mark") and not tree.find_all("article", "card")
    assert "0 errors" in tree.text()


def test_summary_counts_rules_and_signature(report, page):
    tree = parse(page)
    summary = tree.find_all("header", "summary")[0]
    for severity in Severity:
        assert f"pill sev-{severity.value}" in page
    assert f"{report.count(Severity.ERROR)} errors" in summary.text()
    assert "3 documents in 2 languages: en, fr" in summary.text()
    rows = tree.find_all("table", "rules")[0].find_all("tr")[1:]
    codes = sorted({f.code for f in report.findings})
    assert [row.find_all("code")[0].text() for row in rows] == codes
    assert report.signature in summary.find_all("p", "signature")[0].text()


def test_alignment_tables_and_name_variants(report, page):
    tree = parse(page)
    groups = tree.find_all("table", "groups")[0]
    header = groups.find_all("th", "doc")
    assert [th.text().split()[0] for th in header] == [d.path for d in report.documents]
    for row in groups.find_all("tbody")[0].find_all("tr"):
        assert len(row.find_all("td")) == 1 + len(report.documents)
    beads = tree.find_all("table", "beads")[0].find_all("tbody")[0].find_all("tr")
    assert len(beads) == len(report.pairs[0].beads)
    assert "no counterpart" in beads[-1].text()
    names = tree.find_all("section", "names")[0]
    spellings = names.find_all("table", "spellings")[0].find_all("tbody")[0].find_all("tr")
    assert [row.find_all("td")[0].text().split()[0] for row in spellings] == [
        "Kowalska",
        "Kovalska",
    ]
    assert "articles/a.md, articles/c.txt" in spellings[0].text()
    assert "used in 2 of 3 articles" in names.text()


# --- the page in headless Chromium ---------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        pytest.skip(
            "chromium and chromedriver are not installed: apt-get install chromium chromium-driver"
        )
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-default-apps",
        "--window-size=1280,1600",
    ):
        options.add_argument(argument)
    options.binary_location = chromium  # with the driver's path: Selenium Manager never runs
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")
        driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def hex_colour(name: str) -> tuple[int, int, int]:
    value = re.search(rf"--{name}:\s*#([0-9a-f]{{6}})", STYLE).group(1)
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


def pixels_near(image, colour: tuple[int, int, int], tolerance: int = 10) -> int:
    return sum(
        count
        for count, pixel in image.getcolors(maxcolors=1 << 20)
        if max(abs(a - b) for a, b in zip(pixel[:3], colour, strict=True)) <= tolerance
    )


def test_page_in_a_browser(browser, report, page, tmp_path):
    from PIL import Image
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    browser.get(path.as_uri())

    # The article's markup is text: visible as written, no script element, no alert.
    assert ARTICLE_MARKUP in browser.find_element(By.CSS_SELECTOR, "#doc-1 .text").text
    assert browser.find_elements(By.TAG_NAME, "script") == []
    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert  # the property raises when no alert is open
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0

    # Every finding in a document is highlighted and linked; hovering shows its message.
    linked = browser.find_elements(By.CSS_SELECTOR, ".text mark a[href^='#finding-']")
    expected = in_documents(report)
    assert len(linked) >= len(expected)
    assert {a.get_attribute("href").split("#")[1] for a in linked} == {
        f"finding-{n}" for n, _f in expected
    }
    number, finding = next((n, f) for n, f in expected if f.severity == Severity.ERROR)
    link = browser.find_element(By.CSS_SELECTOR, f".text mark a[href='#finding-{number}']")
    mark = link.find_element(By.XPATH, "..")
    assert finding.message in mark.get_attribute("title")

    # A click on the highlight goes to the finding's card, which `:target` picks out.
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", link
    )
    link.click()
    assert browser.execute_script("return location.hash") == f"#finding-{number}"
    card = browser.find_element(By.ID, f"finding-{number}")
    assert card.is_displayed() and finding.message in card.text
    assert browser.execute_script(
        "return document.querySelector(':target').id"
    ) == card.get_attribute("id")
    WebDriverWait(browser, 5).until(
        lambda driver: driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return r.top >= 0 && r.top < window.innerHeight;",
            card,
        )
    )

    # The groups table has one column per document (plus the group number).
    headers = browser.find_elements(By.CSS_SELECTOR, "table.groups thead th.doc")
    assert [h.text.split()[0] for h in headers] == [d.path for d in report.documents]

    # The highlights are really painted: look for the warning and error colours on screen.
    text_of_b = browser.find_element(By.CSS_SELECTOR, "#doc-2 .text")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", text_of_b
    )
    WebDriverWait(browser, 5).until(
        lambda driver: driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "return r.top >= 0 && r.bottom <= window.innerHeight;",
            text_of_b,
        )
    )
    png = browser.get_screenshot_as_png()
    if os.environ.get("XLINGUAL_SCREENSHOT"):
        Path(os.environ["XLINGUAL_SCREENSHOT"]).write_bytes(png)
    image_path = tmp_path / "screenshot.png"
    image_path.write_bytes(png)
    with Image.open(image_path) as image:
        image = image.convert("RGB")
        assert len(image.getcolors(maxcolors=1 << 20)) > 100, "the page is not blank"
        assert pixels_near(image, hex_colour("warning-bg")) > 200
        assert pixels_near(image, hex_colour("error-bg")) > 100


# --- bidi and control characters (issue 13), and a phone-width screen ---------------------------

BIDI_NAME = "articles/rtl\u202etxt.md"
BIDI_TEXT = "The mayor said \u202eselur\u202c are rules. A \u2066quiet\u2069 end.\n"
HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f-\x9f]")
ISOLATED = re.compile(r'<span class="cc" title="U\+[0-9A-F]{4}">(.)</span>', re.DOTALL)


def bidi_report() -> Report:
    document = Document.from_text(BIDI_NAME, BIDI_TEXT, "en")
    start = BIDI_TEXT.index("selur")
    finding = make_finding(
        document, start, start + 5, message="flagged \u202eselur", suggestion="rules\u202e"
    )
    unreadable = Finding(
        "XL901", "unreadable-input", Severity.ERROR, "rtl\u202egnp.md", 0, 0, 1, 1, "", "empty"
    )
    return Report((document,), (), (), (finding, unreadable), "signature")


def test_bidi_controls_never_appear_unisolated():
    page = render(bidi_report())
    # Article text keeps its characters, each hidden one alone in an isolating, named span.
    assert ISOLATED.findall(page).count("\u202e") == 1
    outside = ISOLATED.sub("", page)
    assert not HIDDEN.search(outside), repr(HIDDEN.search(outside))
    # File names and messages show the code point instead, as the text report does.
    assert "rtl&lt;U+202E&gt;txt.md" in outside and "rtl&lt;U+202E&gt;gnp.md" in outside
    assert "flagged &lt;U+202E&gt;selur" in outside
    assert ".cc { unicode-bidi: isolate; }" in STYLE


def test_bidi_override_does_not_reorder_the_page_in_a_browser(browser, tmp_path):
    path = tmp_path / "bidi.html"
    path.write_text(render(bidi_report()), encoding="utf-8")
    browser.get(path.as_uri())
    # Where the browser draws each letter: left to right means the override was contained.
    lefts = browser.execute_script(
        """
        const text = document.querySelector('#doc-1 .text');
        const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
        const found = [];
        let node;
        while ((node = walker.nextNode())) {
          for (let i = 0; i < node.data.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            found.push([node.data[i], range.getBoundingClientRect().left]);
          }
        }
        return found;
        """
    )
    text = "".join(char for char, _left in lefts)
    # "selur are" follows the override, "quiet end" the isolate: each reads left to right.
    for words in ("selur\u202c are", "quiet\u2069 end"):
        start = text.index(words)
        places = [left for char, left in lefts[start : start + len(words)] if char.isalpha()]
        assert places == sorted(places), (words, places)
    heading = browser.find_element("css selector", "#doc-1 h2 .path").text
    assert heading == "articles/rtl<U+202E>txt.md"
    marker = browser.execute_script(
        "return getComputedStyle(document.querySelector('#doc-1 .text .cc'), '::before').content"
    )
    assert marker == '"<U+202E>"', "the override is named where it is"


def test_articles_come_before_the_rule_table_on_a_phone(browser, page, tmp_path):
    path = tmp_path / "phone.html"
    path.write_text(page, encoding="utf-8")
    metrics = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        browser.get(path.as_uri())
        top, height, rules_top, text_top = browser.execute_script(
            "const box = s => document.querySelector(s).getBoundingClientRect().top;"
            "return [box('#doc-1 h2'), window.innerHeight, box('table.rules'), box('#doc-1 .text')]"
        )
        assert height == 844
        assert 0 <= top < height - 60, "the first article's heading is on the first screen"
        assert text_top < height, "and its text starts there too"
        assert rules_top > top, "the findings by rule follow the articles"
        # The rule table is still there, and the contents link to it.
        assert browser.find_elements("css selector", "nav.contents a[href='#rules']")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _many_articles(count: int) -> Report:
    """`count` one-sentence articles carrying one wire sentence, grouped, each with a finding."""
    from xlingual.align.groups import AlignedGroup, GroupMember

    documents = tuple(
        Document.from_text(f"wire-{n:05d}.txt", "The ferry carried 1,240 passengers.\n", "en")
        for n in range(count)
    )
    findings = tuple(
        finding_of(document, 18, 23, "XL401", related=(Span(documents[0].path, 18, 23, "1,240"),))
        for document in documents[1:]
    )
    group = AlignedGroup(tuple(GroupMember(n, 0) for n in range(count)), 0.99)
    return Report(documents, (group,), (), findings, "sig")


def test_many_articles_list_each_group_instead_of_one_column_per_article():
    few, many = render(_many_articles(3)), render(_many_articles(20))
    assert few.count('<th class="doc">') == 3
    assert many.count('<th class="doc">') == 1
    # Every member of the group is still shown, named by its article.
    assert many.count('<div class="doc-name">') == 20


def test_rendering_time_grows_linearly_with_the_number_of_articles():
    import time

    def seconds(count: int) -> float:
        report = _many_articles(count)
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            render(report)
            timings.append(time.perf_counter() - started)
        return min(timings)  # the least disturbed run: the machine is shared

    # Four times the articles: a quadratic page takes 16 times as long (it took minutes at
    # 10,000 articles), a linear one about 4; the margin absorbs noise and garbage collection.
    assert seconds(4000) / seconds(1000) < 8.0
