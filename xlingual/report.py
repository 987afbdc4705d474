"""The report: what a check returns and every formatter renders (xlingual/output).

A plain data type, so a formatter needs nothing of the pipeline that made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from xlingual.findings import Finding, Severity

if TYPE_CHECKING:  # types only: rendering a report loads none of the pipeline
    from xlingual.align.groups import AlignedGroup
    from xlingual.analysis.names.variants import VariantCluster
    from xlingual.load.documents import Document, InputError
    from xlingual.rules.base import PairAlignment


@dataclass(frozen=True)
class Report:
    documents: tuple[Document, ...]
    groups: tuple[AlignedGroup, ...]
    pairs: tuple[PairAlignment, ...]
    findings: tuple[Finding, ...]
    signature: str
    input_errors: tuple[InputError, ...] = ()
    name_clusters: tuple[VariantCluster, ...] = ()

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)
