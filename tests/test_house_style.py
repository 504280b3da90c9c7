"""House style: codespell is clean, and no term STYLE.md says to avoid appears in the project.

This file quotes avoided terms on purpose (it plants them to prove the check finds
them), which is why STYLE.md lists it under "Where these terms may appear".
"""
from __future__ import annotations

import subprocess
import sys

import pytest

import check_terms
from conftest import ROOT

STYLE_TEXT = (ROOT / "STYLE.md").read_text(encoding="utf-8")
CODESPELL = ROOT / ".venv" / "bin" / "codespell"


def test_codespell_is_clean_on_the_text():
    targets = [p for p in ("docs", "data", "includes", "templates", "print", ".github") if (ROOT / p).exists()]
    targets += sorted(p.name for p in ROOT.glob("*.md"))
    result = subprocess.run([str(CODESPELL), *targets], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, "codespell found:\n" + result.stdout + result.stderr


def test_no_term_to_avoid_anywhere_in_the_project():
    findings = check_terms.check(check_terms.project_files(ROOT), STYLE_TEXT)
    assert not findings, "terms to avoid (see STYLE.md):\n" + "\n".join(map(str, findings))


def test_a_planted_term_is_reported_with_file_and_line(tmp_path):
    planted = tmp_path / "draft.md"
    planted.write_text("# Draft\n\nA line that is fine.\nThe report called her a child prostitute.\n",
                       encoding="utf-8")
    result = subprocess.run([sys.executable, "scripts/check_terms.py", str(planted)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert f'{planted}:4:25: "child prostitute" is a term to avoid; use "child victim of sex trafficking' \
        in result.stdout


def test_a_term_broken_across_lines_or_in_capitals_is_still_found(tmp_path):
    planted = tmp_path / "wrapped.yml"
    planted.write_text("summary: >-\n  Officers met a Teen\n  Prostitute at the station.\n", encoding="utf-8")
    findings = check_terms.check([planted], STYLE_TEXT)
    assert [(f.line, f.found) for f in findings] == [(2, "Teen Prostitute")]


def test_terms_only_match_whole_words(tmp_path):
    fine = tmp_path / "fine.md"
    # "child pornography" is the statute's term ("use with care"), not the slang "child porn".
    fine.write_text("Federal law calls the offense child pornography.\n", encoding="utf-8")
    assert check_terms.check([fine], STYLE_TEXT) == []


def test_the_terms_come_from_the_style_guide_table(tmp_path):
    forms = {form for term in check_terms.read_terms(STYLE_TEXT) for form in term.forms}
    assert {"child prostitute", "child prostitutes", "teen prostitution", "child sex worker"} <= forms

    # Adding a row to the table is all it takes to check a new term.
    row = "| `street kid` | young person without stable housing | Label | Test |\n"
    edited = STYLE_TEXT.replace("\n### Use with care", row + "\n### Use with care", 1)
    sample = tmp_path / "sample.md"
    sample.write_text("He was called a street kid.\n", encoding="utf-8")
    assert check_terms.check([sample], STYLE_TEXT) == []
    assert [f.found for f in check_terms.check([sample], edited)] == ["street kid"]


def test_the_allow_list_is_explicit_and_only_covers_the_files_it_names(tmp_path):
    assert check_terms.read_allowed(STYLE_TEXT) == ["STYLE.md", "tests/test_house_style.py",
                                                    "data/field-guide/glossary.yml"]
    # The style guide does quote the terms, so the allow-list is what keeps it out.
    assert check_terms.find_in_text(STYLE_TEXT, "STYLE.md", check_terms.read_terms(STYLE_TEXT))
    assert check_terms.check([ROOT / "STYLE.md", ROOT / "tests" / "test_house_style.py"], STYLE_TEXT) == []

    copy = tmp_path / "STYLE-copy.md"
    copy.write_text(STYLE_TEXT, encoding="utf-8")
    assert check_terms.check([copy], STYLE_TEXT), "a file not on the allow-list must be checked"


def test_a_broken_terms_table_is_reported_with_its_line():
    broken = STYLE_TEXT.replace("| `child porn`, `kiddie porn` |", "| child porn |", 1)
    line = broken[:broken.index("| child porn |")].count("\n") + 1
    with pytest.raises(check_terms.StyleError, match=rf"STYLE\.md:{line}: a row of \"Terms to avoid\""):
        check_terms.read_terms(broken)


def test_spanish_terms_to_avoid_are_found_and_ncmec_term_is_not(tmp_path):
    page = tmp_path / "pagina.md"
    page.write_text("# Página\n\nEl tráfico de personas afecta a menores.\n"
                    "NCMEC llama a este delito «tráfico sexual infantil».\nSi ve algo, diga algo.\n",
                    encoding="utf-8")
    findings = check_terms.check([page], STYLE_TEXT)
    assert [(f.line, f.found) for f in findings] == [(3, "tráfico de personas"), (5, "Si ve algo, diga algo")]
    assert "trata de personas" in findings[0].term.use_instead
