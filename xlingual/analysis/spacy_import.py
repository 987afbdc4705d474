"""spaCy imported without torch.

spaCy's thinc imports torch whenever it is installed (it is: sentence-transformers needs it for
a model the user names), only to offer PyTorch layers that the small pipelines xlingual loads
never use. That import is a second of every cold run (1.8 s against 0.8 s to import spaCy and
load the English pipeline, measured here). So spaCy is imported once with torch hidden; torch
itself stays importable afterwards, and if something in the process already imported it, spaCy
simply sees it.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType

_IMPORTING = threading.Lock()


def import_spacy() -> ModuleType:
    """The spacy module (imported on the first call, without torch if torch is not loaded)."""
    with _IMPORTING:
        if "spacy" in sys.modules:
            return sys.modules["spacy"]
        hidden = "torch" not in sys.modules
        if hidden:
            sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
        try:
            import spacy
        finally:
            if hidden:
                del sys.modules["torch"]
        return spacy
