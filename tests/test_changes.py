import subprocess
from pathlib import Path

import pytest

from xlingual.changes import ChangesError, changed_lines, parse_diff

DIFF = """diff --git a/story.md b/story.md
index 1111111..2222222 100644
--- a/story.md
+++ b/story.md
@@ -2 +2 @@ The first line
-old second line
+new second line
@@ -5,0 +6,2 @@
+an added line
+another added line
@@ -9,2 +10,0 @@
-two deleted lines
-gone
diff --git a/gone.md b/gone.md
deleted file mode 100644
--- a/gone.md
+++ /dev/null
@@ -1 +0,0 @@
-bye
"""


def test_parse_diff_keeps_added_and_changed_lines_of_the_new_file(tmp_path):
    changed = parse_diff(DIFF, tmp_path)
    assert changed == {(tmp_path / "story.md").resolve(): frozenset({2, 6, 7})}


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "a b é.md").write_text("one\ntwo\nthree\n", encoding="utf-8")
    (tmp_path / "same.md").write_text("unchanged\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first")
    return tmp_path


def test_changed_lines_since_a_ref_in_a_real_repository(repo):
    (repo / "a b é.md").write_text("one\nTWO\nthree\nfour\n", encoding="utf-8")
    (repo / "new.md").write_text("brand new\n", encoding="utf-8")
    changes = changed_lines("HEAD", [repo])
    assert changes.by_file == {
        (repo / "a b é.md").resolve(): frozenset({2, 4}),
        (repo / "new.md").resolve(): None,
    }
    assert changes.touches(str(repo / "a b é.md"), 2, 2)
    assert not changes.touches(str(repo / "a b é.md"), 1, 1)
    assert changes.touches(str(repo / "a b é.md"), 1, 3)  # a span over several lines
    assert changes.touches(str(repo / "new.md"), 1, 1)
    assert not changes.touches(str(repo / "same.md"), 1, 1)


def test_unknown_ref_and_no_repository_are_errors(repo, tmp_path_factory):
    with pytest.raises(ChangesError, match="unknown git ref 'no-such-branch'"):
        changed_lines("no-such-branch", [repo])
    outside = tmp_path_factory.mktemp("plain")
    with pytest.raises(ChangesError, match="not a git repository"):
        changed_lines("HEAD", [outside])
