"""``resolve_inside``: the one function that stands between a URL and the whole disk.

Its contract: the path under ``root`` that a raw (percent-encoded) URL path names, with
symlinks resolved, or ``None`` if it is suspicious or leads outside ``root``. Whether the
path exists is the caller's business.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from chapters.ch02_http.static import resolve_inside


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "outside").mkdir()
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("a")
    (root / "sub" / "b.txt").write_text("b")
    (root / "café.txt").write_text("c")
    return root


@pytest.mark.parametrize(
    "url_path, relative",
    [
        ("/a.txt", "a.txt"),
        ("a.txt", "a.txt"),
        ("/sub/b.txt", "sub/b.txt"),
        ("//sub///b.txt", "sub/b.txt"),  # empty segments are skipped, never "absolute"
        ("/./sub/./b.txt", "sub/b.txt"),
        ("/sub%2fb.txt", "sub/b.txt"),  # an encoded slash separates like a slash
        ("/caf%C3%A9.txt", "café.txt"),  # percent-encoded UTF-8
        ("/a%20b.txt", "a b.txt"),  # need not exist: existence is the caller's check
        ("/....", "...."),  # just an odd name
        ("/", "."),
        ("", "."),
    ],
)
def test_names_inside_resolve_under_the_root(root: Path, url_path: str, relative: str) -> None:
    assert resolve_inside(root, url_path) == (root / relative).resolve()


@pytest.mark.parametrize(
    "url_path",
    [
        "/..",
        "/../secret.txt",
        "/sub/../../secret.txt",
        "/sub/../a.txt",  # would stay inside, but ".." is refused outright
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/.%2e/secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/sub\\b.txt",
        "/C:/Windows/win.ini",
        "/c:",
        "/%00",
        "/a.txt%00.png",
        "/%ff",
        "/%c0%ae%c0%ae/secret.txt",
        "/caf%E9.txt",  # Latin-1, not UTF-8
    ],
)
def test_suspicious_paths_are_refused(root: Path, url_path: str) -> None:
    assert resolve_inside(root, url_path) is None


def test_symlink_to_a_file_outside_is_refused(root: Path) -> None:
    (root / "link").symlink_to(root.parent / "secret.txt")
    assert resolve_inside(root, "/link") is None


def test_symlink_to_a_directory_outside_is_refused(root: Path) -> None:
    (root / "out").symlink_to(root.parent / "outside", target_is_directory=True)
    for url_path in ("/out", "/out/", "/out/anything", "/sub/../out"):
        assert resolve_inside(root, url_path) is None, url_path


def test_symlink_to_the_parent_is_refused(root: Path) -> None:
    (root / "up").symlink_to(root.parent, target_is_directory=True)
    assert resolve_inside(root, "/up/secret.txt") is None


def test_symlink_inside_resolves_to_its_target(root: Path) -> None:
    (root / "alias").symlink_to(root / "sub" / "b.txt")
    assert resolve_inside(root, "/alias") == (root / "sub" / "b.txt").resolve()


def test_relative_symlink_inside_resolves(root: Path) -> None:
    (root / "sub" / "rel").symlink_to(Path("..") / "a.txt")
    assert resolve_inside(root, "/sub/rel") == (root / "a.txt").resolve()


def test_symlink_loop_is_refused_not_raised(root: Path) -> None:
    (root / "loop").symlink_to(root / "loop")
    assert resolve_inside(root, "/loop") is None
    assert resolve_inside(root, "/loop/x") is None


def test_root_given_through_a_symlink_still_works(root: Path, tmp_path: Path) -> None:
    link_to_root = tmp_path / "link_to_root"
    link_to_root.symlink_to(root, target_is_directory=True)
    assert resolve_inside(link_to_root, "/a.txt") == (root / "a.txt").resolve()
    assert resolve_inside(link_to_root, "/../secret.txt") is None


def test_root_given_as_a_relative_path(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root.parent)
    assert resolve_inside(Path("root"), "/sub/b.txt") == (root / "sub" / "b.txt").resolve()
    assert resolve_inside(Path("root"), "/../secret.txt") is None


def test_result_is_always_inside_the_root(root: Path) -> None:
    """Whatever the input, a non-None answer is the root or below it."""
    (root / "out").symlink_to(root.parent, target_is_directory=True)
    real_root = root.resolve()
    names = ["", ".", "..", "...", "out", "sub", "a.txt", "%2e", "%2e%2e", "%2f", "%5c", "\\", "C:"]
    for first in names:
        for second in names:
            result = resolve_inside(root, f"/{first}/{second}")
            assert result is None or result == real_root or real_root in result.parents, (
                first,
                second,
            )


def test_sibling_with_the_root_as_prefix_is_outside(tmp_path: Path) -> None:
    """``/srv/site-private`` starts with ``/srv/site`` as a string, but is not inside it."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site-private").mkdir()
    (tmp_path / "site" / "sneaky").symlink_to(tmp_path / "site-private", target_is_directory=True)
    assert resolve_inside(tmp_path / "site", "/sneaky") is None
    assert os.path.commonpath([tmp_path / "site", tmp_path / "site-private"]) == str(tmp_path)
