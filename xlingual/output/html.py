"""`--format html`: one self-contained page an editor reads to see which sentences to fix and why.

The page has no script and loads nothing: its Content-Security-Policy forbids every network load
and every script, so an article that contains markup can only ever show as text (it is escaped
as well). Navigation is plain `#anchor` links with `:target` styling, so it works anywhere,
prints cleanly and is deterministic to the byte.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from xlingual.findings import Finding, Severity, Span
from xlingual.output.common import NameVariants, alignments, name_variants, summary
from xlingual.output.html_style import STYLE
from xlingual.output.html_text import (
    HighlightedText,
    Numbered,
    anchor_id,
    attribute,
    card_id,
    clamp,
    first_mark_id,
    name,
    plain,
)
from xlingual.output.visible import defused
from xlingual.rules import PairAlignment, rule_by_code

if TYPE_CHECKING:
    from xlingual.load.documents import Document
    from xlingual.report import Report

# Above this many articles, a group of aligned sentences is a list, not one column per article.
MAX_SIDE_BY_SIDE_ARTICLES = 8

_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def render(report: Report) -> str:
    page = _Page(report)
    parts = [
        _head(report),
        "<body>\n<main>",
        page.summary(),
        page.rules(),
        page.contents(),
        page.input_problems(),
        *(page.document(number) for number in range(1, len(report.documents) + 1)),
        page.names(),
        page.alignments(),
        "</main>\n</body>\n</html>\n",
    ]
    # No line a workflow command, should the page be printed in a CI log: character references.
    return defused("\n".join(part for part in parts if part), colon="&#58;", hash_sign="&#35;")


def _head(report: Report) -> str:
    counts = ", ".join(_counted(count, level) for level, count in summary(report).items())
    title = f"xlingual report: {_plural(len(report.documents), 'document')}, {counts}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{attribute(title)}</title>\n<style>\n{STYLE}</style>\n</head>"
    )


class _Page:
    """The report plus what every section needs: page numbers for findings and documents."""

    def __init__(self, report: Report):
        self.report = report
        self.findings = [Numbered(n, f) for n, f in enumerate(report.findings, 1)]
        self.document_numbers: dict[str, int] = {}
        for number, document in enumerate(report.documents, 1):
            self.document_numbers.setdefault(document.path, number)
        self.groups = [view for view in alignments(report) if view.kind == "group"]
        self.clusters = name_variants(report)
        # Everything below is indexed by document once: looking it up per document instead
        # made a page of 10,000 articles quadratic (minutes instead of seconds).
        self.by_document: defaultdict[int | None, list[Numbered]] = defaultdict(list)
        for item in self.findings:
            self.by_document[self._number_of(item.finding)].append(item)
        targets = self._all_targets()
        self.texts = {
            number: HighlightedText(
                document, number, self.by_document[number], targets[document.path]
            )
            for number, document in enumerate(report.documents, 1)
        }

    def _number_of(self, finding: Finding | Span) -> int | None:
        return self.document_numbers.get(finding.path)

    def _all_targets(self) -> defaultdict[str, list[tuple[int, int]]]:
        """Ranges other parts of the page link to, by path: evidence, aligned sentences, name
        uses."""
        spans: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for item in self.findings:
            for span in item.finding.related:
                spans[span.path].append((span.start, span.end))
        for view in self.groups:
            for member in view.members:
                spans[member.path].append((member.start, member.end))
        for index, document in enumerate(self.report.documents):
            spans[document.path] += [(s.start, s.end) for s in self._pair_sentences(index)]
        for cluster in self.clusters:
            for _spelling, places in cluster.spellings:
                for place in places:
                    spans[place.path].append((place.start, place.end))
        return spans

    def _pair_sentences(self, index: int) -> Iterable:
        document = self.report.documents[index]
        for pair in self.report.pairs:
            for bead in pair.beads:
                if pair.source == index:
                    yield from (document.sentences[i] for i in bead.source)
                if pair.target == index:
                    yield from (document.sentences[j] for j in bead.target)

    def _link_to(self, path: str, start: int, label: str) -> str:
        """A link to a place in a document on this page, or plain text when it is not here."""
        number = self.document_numbers.get(path)
        if number is None:
            return name(label)
        document = self.report.documents[number - 1]
        return f'<a href="#{anchor_id(number, clamp(start, document.text))}">{name(label)}</a>'

    # --- summary -------------------------------------------------------------------------------

    def summary(self) -> str:
        report = self.report
        languages = sorted({document.language for document in report.documents})
        scope = (
            f"{_plural(len(report.documents), 'document')} in "
            f"{_plural(len(languages), 'language')}"
            + (f": {', '.join(languages)}" if languages else "")
        )
        return (
            '<header class="summary" id="summary">\n'
            "<h1>Translation-quality report</h1>\n"
            f'<p class="counts">{_severity_pills(summary(report))}'
            f' <span class="scope">{plain(scope)}</span></p>\n'
            + ("" if self.findings else '<p class="none">No findings.</p>\n')
            + f'<p class="signature">{plain(report.signature)}</p>\n</header>'
        )

    def rules(self) -> str:
        """The findings counted by rule, in a section of its own: on a phone-width screen the
        stylesheet moves it after the articles, which it would otherwise push off the screen."""
        if not self.findings:
            return ""
        by_code: dict[str, list[Finding]] = {}
        for item in self.findings:
            by_code.setdefault(item.finding.code, []).append(item.finding)
        rows = []
        for code in sorted(by_code):
            findings = by_code[code]
            rule = rule_by_code(code)
            about = f'<span class="about">{plain(rule.summary)}</span>' if rule else ""
            top = _highest(f.severity for f in findings)
            rows.append(
                f'<tr class="sev-{top.value}"><td><code>{plain(code)}</code></td>'
                f"<td>{plain(findings[0].name)} {about}</td>"
                f'<td class="count">{len(findings)}</td></tr>'
            )
        return (
            '<section class="rules" id="rules">\n<h2>Findings by rule</h2>\n'
            '<table class="rules">\n<thead><tr><th>Code</th><th>Rule</th>'
            '<th class="count">Findings</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows)
            + "\n</tbody>\n</table>\n</section>"
        )

    def contents(self) -> str:
        entries = []
        if self._orphans():
            entries.append('<li><a href="#input-problems">Input problems</a></li>')
        for number, document in enumerate(self.report.documents, 1):
            counts = _counts(i.finding for i in self._in_document(number))
            entries.append(
                f'<li><a href="#doc-{number}">{name(document.path)}</a> '
                f'<span class="lang">{plain(document.language)}</span> '
                f"{_severity_pills(counts, small=True)}</li>"
            )
        if self.clusters:
            entries.append('<li><a href="#names">Name variants</a></li>')
        if self.groups or self.report.pairs:
            entries.append('<li><a href="#alignments">Aligned sentences</a></li>')
        if self.findings:
            entries.append('<li><a href="#rules">Findings by rule</a></li>')
        if not entries:
            return ""
        return '<nav class="contents">\n<ul>\n' + "\n".join(entries) + "\n</ul>\n</nav>"

    # --- findings ------------------------------------------------------------------------------

    def _in_document(self, number: int) -> list[Numbered]:
        return self.by_document[number]

    def _orphans(self) -> list[Numbered]:
        return self.by_document[None]

    def input_problems(self) -> str:
        orphans = self._orphans()
        if not orphans:
            return ""
        cards = "\n".join(self._card(item) for item in orphans)
        return (
            '<section class="inputs" id="input-problems">\n'
            f"<h2>Input problems ({len(orphans)})</h2>\n"
            f'<div class="cards">\n{cards}\n</div>\n</section>'
        )

    def _card(self, item: Numbered) -> str:
        finding = item.finding
        number = self._number_of(finding)
        if number is None:
            where = f'<span class="where">{name(finding.path)}</span>'
        else:
            where = (
                f'<a class="where" href="#{first_mark_id(item.number)}">'
                f"line {finding.line}, column {finding.column}</a>"
            )
        parts = [
            f'<article class="card sev-{finding.severity.value}" id="{card_id(item.number)}">',
            f'<p class="card-head"><span class="badge sev-{finding.severity.value}">'
            f"{finding.severity.value}</span> <code>{plain(finding.code)}</code> "
            f'<span class="rule">{plain(finding.name)}</span> {where} '
            f'<span class="confidence">confidence {finding.confidence:.2f}</span></p>',
            f'<p class="message">{plain(finding.message)}</p>',
        ]
        fix = [f'<q class="flagged">{plain(finding.text)}</q>'] if finding.text else []
        if finding.suggestion:
            fix.append(
                f'<span class="arrow">suggestion:</span> <ins>{plain(finding.suggestion)}</ins>'
            )
        if fix:
            parts.append(f'<p class="fix">{" ".join(fix)}</p>')
        if finding.related:
            evidence = "\n".join(f"<li>{self._evidence(span)}</li>" for span in finding.related)
            parts.append(f'<p class="see">Evidence:</p>\n<ul class="related">\n{evidence}\n</ul>')
        parts.append("</article>")
        return "\n".join(parts)

    def _evidence(self, span: Span) -> str:
        number = self.document_numbers.get(span.path)
        if number is None:
            place = f"{span.path} @{span.start}"
        else:
            line, column = self.report.documents[number - 1].position(span.start)
            place = f"{span.path}:{line}:{column}"
        return f"{self._link_to(span.path, span.start, place)} <q>{plain(span.text)}</q>"

    # --- documents -----------------------------------------------------------------------------

    def document(self, number: int) -> str:
        document = self.report.documents[number - 1]
        items = self._in_document(number)
        counts = _severity_pills(_counts(item.finding for item in items), small=True)
        meta = f"{_plural(len(document.sentences), 'sentence')} · {counts}"
        cards = "\n".join(self._card(item) for item in items)
        heading = f"{_plural(len(items), 'finding')} in this article" if items else ""
        return (
            f'<section class="document" id="doc-{number}">\n'
            f'<h2><span class="path">{name(document.path)}</span> '
            f'<span class="lang">{plain(document.language)}</span></h2>\n'
            f'<p class="meta">{meta}</p>\n'
            f'<div class="text"{_lang(document)} dir="auto">\n'
            f"{self.texts[number].render_lines()}\n</div>\n"
            + (f'<h3>{heading}</h3>\n<div class="cards">\n{cards}\n</div>\n' if items else "")
            + "</section>"
        )

    # --- names ---------------------------------------------------------------------------------

    def names(self) -> str:
        if not self.clusters:
            return ""
        blocks = "\n".join(self._cluster(view) for view in self.clusters)
        return (
            '<section class="names" id="names">\n'
            f"<h2>Name variants ({len(self.clusters)})</h2>\n"
            '<p class="note">Spellings that seem to name the same person or thing; '
            "the first spelling is the one the report recommends.</p>\n"
            f"{blocks}\n</section>"
        )

    def _cluster(self, view: NameVariants) -> str:
        rows = []
        for spelling, places in view.spellings:
            canonical = spelling == view.canonical
            tick = ' <span class="ok">✓</span>' if canonical else ""
            rows.append(
                f'<tr class="{"canonical" if canonical else "variant"}">'
                f"<td>{plain(spelling)}{tick}</td>"
                f'<td class="count">{len(places)}</td><td>{self._where(places)}</td></tr>'
            )
        evidence = self._cluster_evidence(view)
        return (
            '<div class="cluster">\n'
            f'<h3>{plain(view.canonical)} <span class="reason">{plain(view.reason)}</span></h3>\n'
            + (f'<p class="evidence">{plain("; ".join(evidence))}</p>\n' if evidence else "")
            + '<table class="spellings">\n<thead><tr><th>Spelling</th>'
            '<th class="count">Uses</th><th>Where</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows)
            + "\n</tbody>\n</table>\n</div>"
        )

    def _where(self, places: Sequence) -> str:
        """Each document a spelling occurs in, linked to its first use there."""
        first: dict[str, Span] = {}
        uses: Counter[str] = Counter()
        for place in places:
            first.setdefault(place.path, place)
            uses[place.path] += 1
        order = sorted(first, key=lambda path: (self.document_numbers.get(path, 0), path))
        links = []
        for path in order:
            label = path if uses[path] == 1 else f"{path} ×{uses[path]}"
            links.append(self._link_to(path, first[path].start, label))
        return ", ".join(links)

    def _cluster_evidence(self, view: NameVariants) -> tuple[str, ...]:
        # The shared view leaves out what joined the spellings; it is worth showing an editor.
        spellings = tuple(spelling for spelling, _places in view.spellings)
        for cluster in self.report.name_clusters:
            if cluster.canonical == view.canonical and tuple(cluster.spellings) == spellings:
                return tuple(cluster.evidence)
        return ()

    # --- alignments ----------------------------------------------------------------------------

    def alignments(self) -> str:
        if not self.groups and not self.report.pairs:
            return ""
        parts = ['<section class="alignments" id="alignments">', "<h2>Aligned sentences</h2>"]
        if self.groups:
            parts.append(self._group_table())
        parts.extend(self._bead_table(pair) for pair in self.report.pairs)
        parts.append("</section>")
        return "\n".join(parts)

    def _group_table(self) -> str:
        documents = self.report.documents
        # One column per article reads well side by side for a story of a few articles; past
        # that the table would be mostly empty cells (and grow with groups x articles), so each
        # group lists its sentences with their article's name instead.
        side_by_side = len(documents) <= MAX_SIDE_BY_SIDE_ARTICLES
        if side_by_side:
            header = "".join(
                f'<th class="doc">{name(d.path)} <span class="lang">{plain(d.language)}</span></th>'
                for d in documents
            )
        else:
            header = '<th class="doc">Sentences, with their article</th>'
        rows = []
        for index, view in enumerate(self.groups, 1):
            members_by_path: defaultdict[str, list] = defaultdict(list)
            for member in view.members:
                members_by_path[member.path].append(member)
            if side_by_side:
                cells = "".join(
                    self._group_cell(members_by_path[d.path], number)
                    for number, d in enumerate(documents, 1)
                )
            else:
                cells = self._group_list(members_by_path)
            rows.append(
                f'<tr><td class="num">{index}<span class="score">{view.score:.2f}</span></td>'
                f"{cells}</tr>"
            )
        return (
            f"<h3>Across articles ({_plural(len(self.groups), 'group')})</h3>\n"
            '<p class="note">Sentences in different articles that report the same thing; '
            "the number under each group is its similarity (1 = same meaning).</p>\n"
            '<div class="table-wrap">\n<table class="groups">\n'
            f'<thead><tr><th class="num">#</th>{header}</tr></thead>\n<tbody>\n'
            + "\n".join(rows)
            + "\n</tbody>\n</table>\n</div>"
        )

    def _group_cell(self, members: Sequence, number: int) -> str:
        if not members:
            return '<td class="empty"></td>'
        return "<td>" + "".join(self._sentence(number, m.start, m.end) for m in members) + "</td>"

    def _group_list(self, members_by_path: dict[str, list]) -> str:
        parts = []
        for path, members in members_by_path.items():
            number = self.document_numbers.get(path)
            if number is None:
                continue
            sentences = "".join(self._sentence(number, m.start, m.end) for m in members)
            parts.append(f'<div class="doc-name">{name(path)}</div>{sentences}')
        return "<td>" + "".join(parts) + "</td>"

    def _sentence(self, number: int, start: int, end: int) -> str:
        document = self.report.documents[number - 1]
        line, _column = document.position(start)
        return (
            f'<div class="sentence"{_lang(document)} dir="auto">'
            f'<a class="line-link" href="#{anchor_id(number, clamp(start, document.text))}">'
            f"line {line}</a> {self.texts[number].render_range(start, end)}</div>"
        )

    def _bead_table(self, pair: PairAlignment) -> str:
        documents = self.report.documents
        source, target = documents[pair.source], documents[pair.target]
        rows = []
        for index, bead in enumerate(pair.beads, 1):
            both = bead.source and bead.target
            score = (
                f"{bead.score:.2f}" if both else "–"
            )  # a skip's score is a cost, not a similarity
            cells = "".join(
                self._bead_cell(side, sentences)
                for side, sentences in ((pair.source, bead.source), (pair.target, bead.target))
            )
            rows.append(
                f'<tr><td class="num">{index}<span class="score">{score}</span></td>{cells}</tr>'
            )
        return (
            f"<h3>Source and translation: {name(source.path)} → {name(target.path)}</h3>\n"
            '<div class="table-wrap">\n<table class="beads">\n<thead><tr><th class="num">#</th>'
            f'<th class="doc">Source: {name(source.path)} <span class="lang">'
            f"{plain(source.language)}</span></th>"
            f'<th class="doc">Translation: {name(target.path)} <span class="lang">'
            f"{plain(target.language)}</span></th></tr></thead>\n<tbody>\n"
            + "\n".join(rows)
            + "\n</tbody>\n</table>\n</div>"
        )

    def _bead_cell(self, index: int, sentences: Sequence[int]) -> str:
        if not sentences:
            return '<td class="empty">no counterpart</td>'
        document = self.report.documents[index]
        number = index + 1
        return (
            "<td>"
            + "".join(
                self._sentence(number, document.sentences[i].start, document.sentences[i].end)
                for i in sentences
            )
            + "</td>"
        )


def _lang(document: Document) -> str:
    return "" if document.language in ("", "und") else f' lang="{attribute(document.language)}"'


def _highest(severities: Iterable[Severity]) -> Severity:
    return max(severities, key=lambda severity: severity.rank)


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    counted = Counter(finding.severity.value for finding in findings)
    return {severity.value: counted[severity.value] for severity in reversed(Severity)}


def _severity_pills(counts: dict[str, int], *, small: bool = False) -> str:
    """Coloured counts; the small ones beside a document leave out zeros, to stay quiet."""
    if small:
        if not any(counts.values()):
            return '<span class="none">no findings</span>'
        return " ".join(
            f'<span class="pill small sev-{level}">{_counted(count, level)}</span>'
            for level, count in counts.items()
            if count
        )
    return " ".join(
        f'<span class="pill sev-{level}{"" if count else " zero"}">{_counted(count, level)}</span>'
        for level, count in counts.items()
    )


def _counted(count: int, level: str) -> str:
    return f"{count} {level}" if level == "info" else _plural(count, level)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
