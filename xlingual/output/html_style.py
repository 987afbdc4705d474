"""The stylesheet of `--format html`, inlined into every page (the page may load nothing).

Highlight colours are light and distinct from the solid badge colours, so a highlight is never
mistaken for a label; the system font stacks need no web font.
"""

STYLE = """\
:root {
  --error: #c92a2a; --error-bg: #ffb3ba;
  --warning: #a85d00; --warning-bg: #ffdd55;
  --info: #1864ab; --info-bg: #bfdcff;
  --ink: #1f2328; --muted: #5f6b76; --rule: #d8dee4; --paper: #ffffff; --shade: #f4f6f8;
  --target: #7048e8;
}
* { box-sizing: border-box; }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
body {
  margin: 0; color: var(--ink); background: var(--shade);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans",
    Arial, sans-serif;
}
main { max-width: 80rem; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
h1 { font-size: 1.6rem; margin: 0 0 .6rem; }
h2 { font-size: 1.25rem; margin: 0 0 .4rem; }
h3 { font-size: 1.02rem; margin: 1.2rem 0 .5rem; }
code { font: .9em ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; }
a { color: #0b5cad; }
q { quotes: "\\201C" "\\201D"; }
section, header.summary, nav.contents {
  background: var(--paper); border: 1px solid var(--rule); border-radius: 8px;
  padding: 1.1rem 1.4rem; margin: 0 0 1.2rem;
}
.note, .meta, .signature, .about, .evidence, .reason { color: var(--muted); }
.note { margin: 0 0 .8rem; font-size: .92rem; }
.meta { margin: 0 0 .8rem; font-size: .92rem; }
.signature { font-size: .78rem; margin: .8rem 0 0; overflow-wrap: anywhere; }
.none { color: var(--muted); font-style: italic; }
.lang {
  display: inline-block; font: 600 .72rem/1.4 ui-monospace, "DejaVu Sans Mono", monospace;
  text-transform: uppercase; padding: 0 .35rem; border-radius: 4px;
  background: var(--shade); border: 1px solid var(--rule); color: var(--muted);
  vertical-align: middle;
}
.path { overflow-wrap: anywhere; }

/* Severity: solid colours label, light colours highlight. */
.pill, .badge {
  display: inline-block; color: #fff; border-radius: 999px; font-weight: 600;
  padding: .1rem .7rem; margin: 0 .2rem .2rem 0;
}
.pill.small, .badge { font-size: .75rem; padding: 0 .5rem; }
.pill.sev-error, .badge.sev-error { background: var(--error); }
.pill.sev-warning, .badge.sev-warning { background: var(--warning); }
.pill.sev-info, .badge.sev-info { background: var(--info); }
.pill.zero { background: #e9ecef; color: var(--muted); }
.counts { margin: 0 0 1rem; font-size: 1.05rem; }
.scope { margin-left: .5rem; color: var(--muted); }

table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td {
  text-align: left; vertical-align: top; padding: .35rem .6rem;
  border-bottom: 1px solid var(--rule);
}
th { background: var(--shade); font-weight: 600; }
td.count, th.count { text-align: right; width: 6rem; font-variant-numeric: tabular-nums; }
table.rules { max-width: 52rem; }
table.rules tr > td:first-child { border-left: 4px solid transparent; white-space: nowrap; }
table.rules tr.sev-error > td:first-child { border-left-color: var(--error); }
table.rules tr.sev-warning > td:first-child { border-left-color: var(--warning); }
table.rules tr.sev-info > td:first-child { border-left-color: var(--info); }
.about { display: block; font-size: .85rem; }

nav.contents ul { margin: 0; padding-left: 1.2rem; columns: 2 24rem; }
nav.contents li { margin: .15rem 0; break-inside: avoid; }

/* The article: one block per line, numbered like an editor numbers them. */
.text {
  counter-reset: line; background: #fffdf8; border: 1px solid var(--rule); border-radius: 6px;
  padding: .8rem 1rem .8rem 0;
  font: 16px/1.75 Georgia, "Noto Serif", "DejaVu Serif", "Times New Roman", serif;
}
.line {
  position: relative; white-space: pre-wrap; overflow-wrap: anywhere;
  padding-left: 3.6rem; min-height: 1.75em;
}
.line::before {
  counter-increment: line; content: counter(line);
  position: absolute; left: 0; width: 2.8rem; text-align: right;
  color: #9aa4ae; font: .72rem/2.45 ui-monospace, "DejaVu Sans Mono", monospace;
  user-select: none;
}
mark { color: inherit; padding: .1em 0; cursor: pointer; }
mark a { color: inherit; text-decoration: none; }
mark.sev-error { background: var(--error-bg); box-shadow: inset 0 -2px 0 var(--error); }
mark.sev-warning { background: var(--warning-bg); box-shadow: inset 0 -2px 0 var(--warning); }
mark.sev-info { background: var(--info-bg); box-shadow: inset 0 -2px 0 var(--info); }
mark.inner-error { box-shadow: inset 0 -4px 0 var(--error); }
mark.inner-warning { box-shadow: inset 0 -4px 0 var(--warning); }
mark.inner-info { box-shadow: inset 0 -4px 0 var(--info); }
mark:hover { filter: brightness(.93); }
mark.caret a { font-weight: 700; padding: 0 .1em; }
a.also {
  font: 600 .62rem/1 system-ui, sans-serif; vertical-align: super; margin-left: .1em;
  color: #fff; border-radius: 3px; padding: 0 .2em;
}
a.also.sev-error { background: var(--error); }
a.also.sev-warning { background: var(--warning); }
a.also.sev-info { background: var(--info); }
[id] { scroll-margin-top: 2rem; }
.text span:target, .text mark:target, .text a:target {
  outline: 2px solid var(--target); outline-offset: 1px; border-radius: 2px;
}
.text span:target { background: #e5dbff; }

/* Finding cards; the one a link points at stands out. */
.cards { display: grid; gap: .6rem; }
.card {
  border: 1px solid var(--rule); border-left: 5px solid var(--muted); border-radius: 6px;
  padding: .55rem .9rem; background: var(--paper);
}
.card.sev-error { border-left-color: var(--error); }
.card.sev-warning { border-left-color: var(--warning); }
.card.sev-info { border-left-color: var(--info); }
.card:target { outline: 3px solid var(--target); background: #f3f0ff; }
.card p { margin: .2rem 0; }
.card-head .rule { font-weight: 600; margin: 0 .3rem; }
.card-head .where { color: var(--muted); font-size: .88rem; }
.card-head .confidence { float: right; color: var(--muted); font-size: .8rem; }
.message { font-size: 1rem; }
.fix { font-family: Georgia, "Noto Serif", "DejaVu Serif", serif; }
.fix q { background: var(--shade); padding: 0 .2em; }
.fix .arrow { font: .82rem system-ui, sans-serif; color: var(--muted); margin-left: .4rem; }
.fix ins { text-decoration: none; background: #d3f9d8; padding: 0 .25em; border-radius: 3px; }
.see { color: var(--muted); font-size: .88rem; margin-bottom: 0; }
.related { margin: 0; padding-left: 1.2rem; font-size: .88rem; }

/* Alignments and names. */
.table-wrap { overflow-x: auto; }
table.groups, table.beads { table-layout: fixed; min-width: 40rem; }
th.num, td.num { width: 4.2rem; text-align: right; font-variant-numeric: tabular-nums; }
td.num .score { display: block; color: var(--muted); font-size: .8rem; }
td.empty { background: #fafbfc; color: var(--muted); font-style: italic; }
th.doc { overflow-wrap: anywhere; }
.doc-name { font-size: .8rem; color: var(--muted); overflow-wrap: anywhere; margin-top: .4rem; }
.sentence {
  white-space: pre-wrap; overflow-wrap: anywhere;
  font: 15px/1.6 Georgia, "Noto Serif", "DejaVu Serif", "Times New Roman", serif;
}
.sentence + .sentence { margin-top: .4rem; }
.line-link {
  font: .7rem system-ui, sans-serif; color: var(--muted); margin-right: .2rem; white-space: nowrap;
}
.cluster + .cluster { margin-top: 1.2rem; border-top: 1px solid var(--rule); }
.cluster h3 .reason { font-weight: 400; font-size: .88rem; margin-left: .4rem; }
.evidence { margin: 0 0 .4rem; font-size: .88rem; }
table.spellings { max-width: 60rem; }
table.spellings td:first-child { width: 14rem; font-weight: 600; }
tr.variant td:first-child { box-shadow: inset 4px 0 0 var(--warning); }
.ok { color: #2b8a3e; }

/* A control or bidi character of an article: kept, isolated, and named (see html_text.article). */
.cc { unicode-bidi: isolate; }
.cc::before {
  content: "<" attr(title) ">"; font: 600 .7em/1 ui-monospace, "DejaVu Sans Mono", monospace;
  color: var(--error); background: var(--error-bg); border-radius: 3px; padding: 0 .15em;
}

/* A phone-width screen: the articles come first; the findings by rule follow them. */
@media (max-width: 40rem) {
  main { display: flex; flex-direction: column; padding: .75rem .5rem 3rem; }
  section.rules { order: 1; }
  section.names, section.alignments { order: 2; }
  section, header.summary, nav.contents { padding: .8rem .9rem; margin-bottom: .8rem; }
  h1 { font-size: 1.35rem; }
  .line { padding-left: 2.6rem; }
  .line::before { width: 2rem; }
}

@media print {
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav.contents { display: none; }
  section, header.summary { border: none; padding: 0; margin: 0 0 1rem; }
  .card, tr, .line { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  a { color: inherit; text-decoration: none; }
  mark, .pill, .badge, .card { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""
