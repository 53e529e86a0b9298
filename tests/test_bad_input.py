"""Every kind of bad record gives a located, readable problem, a non-zero exit and an untouched dist/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_build, snapshot

VISIT = "records/visits/2012-10-kayani-russia.yaml"
KAYANI = """\
id: 2012-10-kayani-russia
visitor:
  name: Ashfaq Parvez Kayani
  role: military_chief
from_country: PAK
to_country: RUS
start: 2012-10~
kind: official
status: completed
sources:
  - {source: pant-2012-11-16-pakistan-russia, locator: para 1}
"""

# (name, file to write, its content, what the output must contain)
CASES: list[tuple[str, str, str | bytes, list[str]]] = [
    ("duplicate key", VISIT, KAYANI + "status: planned\n",
     [f"{VISIT}:12:1: duplicate key 'status' (first at line 9)"]),
    ("unknown field", VISIT, KAYANI.replace("status:", "statuss:"),
     [f"{VISIT}:9:1: statuss: unknown field 'statuss'; did you mean 'status'?"]),
    ("misspelt vocabulary", VISIT, KAYANI.replace("role: military_chief", "role: presidnet"),
     [f"{VISIT}:4:9: visitor.role: 'presidnet' is not one of head_of_state, head_of_government,"]),
    ("python tag", VISIT, KAYANI + "notes: !!python/object/apply:os.system ['touch pwned']\n",
     [f"{VISIT}:12:8: tags (!!python/object/apply:os.system) are not allowed"]),
    ("anchor and alias", VISIT, KAYANI + "places: &p [Moscow]\nevent: *p\n",
     [f"{VISIT}:12:9: anchors (&p) are not allowed"]),
    ("alias bomb", VISIT,
     KAYANI + "notes: {a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol], b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a],"
     " c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b], d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]}\n",
     [f"{VISIT}:12:12: anchors (&a) are not allowed"]),
    ("unknown country code", VISIT, KAYANI.replace("to_country: RUS", "to_country: XYZ"),
     [f"{VISIT}:6:13: to_country: unknown country code 'XYZ'"]),
    ("Norway problem", VISIT, KAYANI.replace("to_country: RUS", "to_country: NO"),
     [f"{VISIT}:6:13: to_country: unknown country code 'NO'"]),
    ("impossible date", VISIT, KAYANI.replace("start: 2012-10~", "start: 2019-13-45"),
     [f"{VISIT}:7:8: start: '2019-13-45' is not a valid EDTF date"]),
    ("end before start", VISIT, KAYANI + "end: 2012-09\n",
     [f"{VISIT}:12:6: end: 2012-09 is before start 2012-10~"]),
    ("missing source", VISIT, KAYANI.replace("source: pant-2012-11-16-pakistan-russia", "source: pant-2013"),
     [f"{VISIT}:11:14: sources[0].source: no source with id 'pant-2013'"]),
    ("missing visit", "records/agreements/2019-02-japan-pakistan-intern-training.yaml",
     (Path(__file__).parent / "fixtures/repo/records/agreements/2019-02-japan-pakistan-intern-training.yaml")
     .read_text() + "signed_during: 2019-02-khan-tokyo\n",
     ["2019-02-japan-pakistan-intern-training.yaml:10:16: signed_during: no visit with id '2019-02-khan-tokyo'"]),
    ("missing agreement", "records/arms_deals/2015-russia-pakistan-mi-35m.yaml",
     (Path(__file__).parent / "fixtures/repo/records/arms_deals/2015-russia-pakistan-mi-35m.yaml")
     .read_text() + "agreement: 2014-pakistan-russia-defence\n",
     ["2015-russia-pakistan-mi-35m.yaml:17:12: agreement: no agreement with id '2014-pakistan-russia-defence'"]),
    ("arms deal without a date", "records/arms_deals/1967-soviet-union-pakistan-helicopters.yaml",
     (Path(__file__).parent / "fixtures/repo/records/arms_deals/1967-soviet-union-pakistan-helicopters.yaml")
     .read_text().replace("stage: delivered\ndeliveries:\n  - date: 1967/1968\n", "stage: negotiating\n"),
     ["1967-soviet-union-pakistan-helicopters.yaml:6:8: stage: needs a date: one of ordered, reported, "
      "deliveries[0].date"]),
    ("reported deal without its date", "records/arms_deals/1967-soviet-union-pakistan-helicopters.yaml",
     (Path(__file__).parent / "fixtures/repo/records/arms_deals/1967-soviet-union-pakistan-helicopters.yaml")
     .read_text().replace("stage: delivered", "stage: reported"),
     ["1967-soviet-union-pakistan-helicopters.yaml:6:8: stage: stage 'reported' needs a 'reported' date"]),
    ("an outcome as a stage", "records/arms_deals/1967-soviet-union-pakistan-helicopters.yaml",
     (Path(__file__).parent / "fixtures/repo/records/arms_deals/1967-soviet-union-pakistan-helicopters.yaml")
     .read_text().replace("stage: delivered", "stage: cancelled"),
     ["1967-soviet-union-pakistan-helicopters.yaml:6:8: stage: 'cancelled' is not one of"]),
    ("id differs from file name", VISIT, KAYANI.replace("id: 2012-10-kayani-russia", "id: 2012-10-kayani-moscow"),
     [f"{VISIT}:1:5: id: '2012-10-kayani-moscow' differs from the file name '2012-10-kayani-russia'"]),
    ("one id in two files", "records/agreements/2012-10-kayani-russia.yaml",
     "id: 2012-10-kayani-russia\ntitle: x\nkind: mou\nparties: [PAK, RUS]\ndomains: [defence]\n"
     "stage: under_negotiation\nreported: 2012\nsources: [pant-2012-11-16-pakistan-russia]\n",
     ["records/agreements/2012-10-kayani-russia.yaml:1:5: id: id '2012-10-kayani-russia' is already used by "
      "records/visits/2012-10-kayani-russia.yaml"]),
    ("invalid UTF-8", VISIT, KAYANI.encode() + b"notes: caf\xe9 au lait\n",
     [f"{VISIT}:12:11: invalid UTF-8 (byte 0xe9)"]),
    ("empty file", VISIT, "", [f"{VISIT}: file is empty"]),
    ("syntax error", VISIT, KAYANI + "places: [Moscow\n",
     [f"{VISIT}:13:1: YAML syntax error"]),
    ("tab indentation", VISIT, KAYANI.replace("  name: Ashfaq", "\tname: Ashfaq"),
     [f"{VISIT}:3:1: a tab character", "spaces only"]),
    ("two documents", VISIT, KAYANI + "---\nid: other\n", [f"{VISIT}:12:1: more than one YAML document"]),
    ("top-level list", VISIT, "- " + KAYANI.replace("\n", "\n  ", KAYANI.count("\n") - 1),
     [f"{VISIT}:1:1: the top level must be a mapping of field: value, not a list"]),
    ("file over the size cap", VISIT, KAYANI + "notes: " + "x" * 70_000 + "\n",
     [f"{VISIT}: file is", "over the 65536-byte cap"]),
    ("spreadsheet formula", VISIT, KAYANI + 'notes: "=HYPERLINK(\\"http://evil.example\\", \\"x\\")"\n',
     [f"{VISIT}:12:8: notes: begins with '=', which spreadsheets run as a formula"]),
    ("source without reliability", "records/sources/pant-copy.yaml",
     "id: pant-copy\ntitle: Pakistan-Russia ties forging new alignments\nlanguage: en\nkind: opinion\n",
     ["records/sources/pant-copy.yaml:1:1: reliability: is required"]),
    ("propaganda outlet as a source", "records/sources/rt-2011-05-zardari-moscow.yaml",
     ("id: rt-2011-05-zardari-moscow\ntitle: Pakistan president visits Moscow\npublisher: RT\n"
      "url: https://www.rt.com/news/pakistan-president-visits-moscow/\nlanguage: en\nkind: news_report\n"
      "reliability: state_media\n"),
     ["rt-2011-05-zardari-moscow.yaml:4:6: url: RT (rt.com) is a state propaganda or disinformation outlet"]),
    ("copy of a propaganda outlet", "records/sources/urdupoint-2019-08-28-sm-3-japan.yaml",
     ("id: urdupoint-2019-08-28-sm-3-japan\ntitle: US approves sale of up to 73 SM-3 missiles to Japan\n"
      "publisher: UrduPoint (Sputnik)\nurl: https://www.urdupoint.com/en/world/us-approves-33bln-sale-699074.html\n"
      "language: en\nkind: news_report\nreliability: weak\n"),
     ["urdupoint-2019-08-28-sm-3-japan.yaml:3:12: publisher: a copy of Sputnik, a state propaganda"]),
    ("finding aid not classed weak", "records/sources/docslib-cpec-long-term-plan.yaml",
     ("id: docslib-cpec-long-term-plan\ntitle: Long Term Plan for China-Pakistan Economic Corridor\n"
      "url: https://docslib.org/doc/123/long-term-plan-for-cpec\nlanguage: en\nkind: reference\nreliability: official\n"),
     ["docslib-cpec-long-term-plan.yaml:6:14: reliability: docslib.org is a document mirror: its reliability is weak"]),
    ("agency's copy on another site classed as the agency", "records/sources/twocircles-2011-12-17-pm-leaves-russia.yaml",
     ("id: twocircles-2011-12-17-pm-leaves-russia\ntitle: PM leaves home after whirlwind Russia visit\n"
      "publisher: TwoCircles.net (IANS)\n"
      "url: https://twocircles.net/2011dec17/pm_leaves_home_after_whirlwind_russia_visit.html\n"
      "language: en\nkind: news_report\nreliability: wire_agency\n"),
     ["twocircles-2011-12-17-pm-leaves-russia.yaml:7:14: reliability: an agency's report on TwoCircles.net is classed "
      "by TwoCircles.net"]),
    ("event on weak sources alone", VISIT,
     KAYANI.replace("source: pant-2012-11-16-pakistan-russia, locator: para 1", "source: haq-2015-xi-jinping-pakistan"),
     [f"{VISIT}:11:3: sources: every source cited is weak (a finding aid)"]),
    ("yes instead of true", "records/agreements/2019-02-japan-pakistan-grant.yaml",
     (Path(__file__).parent / "fixtures/repo/records/agreements/2019-02-japan-pakistan-grant.yaml")
     .read_text().replace("approximate: false", "approximate: no"),
     ["value.approximate: 'no' is not true or false"]),
]


@pytest.mark.parametrize("name, path, content, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_record_is_located_and_leaves_dist_alone(built_repo: Path, name: str, path: str,
                                                     content: str | bytes, expected: list[str]) -> None:
    before = snapshot(built_repo / "dist")
    target = built_repo / path
    target.write_bytes(content if isinstance(content, bytes) else content.encode())

    result = run_build(built_repo)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    for text in expected:
        assert text in output, f"{text!r} not in:\n{output}"
    assert "Traceback" not in output
    assert "build: dist/ left unchanged" in output
    assert snapshot(built_repo / "dist") == before
    assert not list(built_repo.glob(".dist-*")), "staging folders left behind"


def test_norway_is_never_read_as_false(built_repo: Path) -> None:
    (built_repo / VISIT).write_text(KAYANI.replace("to_country: RUS", "to_country: NO"))
    output = run_build(built_repo, "check").stdout
    assert "'NO'" in output and "False" not in output


def test_every_problem_is_reported_in_one_run(repo: Path) -> None:
    (repo / VISIT).write_text(KAYANI.replace("role: military_chief", "role: presidnet").replace("RUS", "NO"))
    (repo / "records/visits/empty.yaml").write_text("")
    (repo / "records/sources/bad.yaml").write_bytes(b"id: bad\ntitle: \xff\n")
    (repo / "records/arms_deals/2015-russia-pakistan-mi-35m.yaml").write_text("- just\n- a list\n")

    result = run_build(repo, "check")

    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert any("visitor.role: 'presidnet'" in line for line in lines)
    assert any("to_country: unknown country code 'NO'" in line for line in lines)
    assert any("empty.yaml: file is empty" in line for line in lines)
    assert any("bad.yaml:2:8: invalid UTF-8" in line for line in lines)
    assert any("2015-russia-pakistan-mi-35m.yaml:1:1: the top level must be a mapping" in line for line in lines)
    assert "5 problem(s) in 4 file(s)" in result.stderr


def test_a_stray_file_in_records_is_reported(repo: Path) -> None:
    (repo / "records/visits/notes.txt").write_text("todo")
    (repo / "records/treaties").mkdir()
    output = run_build(repo, "check").stdout
    assert "records/visits/notes.txt: unexpected file" in output
    assert "records/treaties: unexpected entry in records/" in output


def test_clean_records_pass_with_a_summary(repo: Path) -> None:
    result = run_build(repo, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == (
        "check: 13 records OK (countries 1, sources 5, visits 3, agreements 2, arms_deals 2)"
    )
    assert not (repo / "dist").exists(), "check alone must not write dist/"


def test_a_broken_record_is_not_also_reported_as_missing(repo: Path) -> None:
    source = repo / "records/sources/pant-2012-11-16-pakistan-russia.yaml"
    source.write_text(source.read_text() + "kind: opinion\n")  # a duplicate key breaks the source

    output = run_build(repo, "check").stdout

    assert "pant-2012-11-16-pakistan-russia.yaml:10:1: duplicate key 'kind'" in output
    assert "no source with id" not in output


def test_scope_file_grows_past_the_record_cap_but_not_past_its_own(repo: Path) -> None:
    """records/scope.yaml covers every pair, so it may outgrow one record's 64 KiB; its own cap still holds."""
    scope = repo / "records" / "scope.yaml"
    text = scope.read_text(encoding="utf-8")
    padding = "# a long comment, as a long note would be\n" * 2_000  # about 84 KB: over the record cap
    scope.write_text(text + padding, encoding="utf-8")
    result = run_build(repo, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    scope.write_text(text + padding * 13, encoding="utf-8")  # about 1.1 MB
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert "records/scope.yaml: file is" in result.stdout
    assert "over the 1048576-byte cap for this file" in result.stdout, result.stdout


def _source(name: str, host: str, reliability: str) -> str:
    return (f"id: {name}\ntitle: A report\npublisher: Dawn\nurl: https://{host}/news/{name}\nlanguage: en\n"
            f"kind: news_report\nreliability: {reliability}\n")


def test_a_page_classed_unlike_the_rest_of_its_site_is_located(built_repo: Path) -> None:
    before = snapshot(built_repo / "dist")
    sources = built_repo / "records/sources"
    (sources / "dawn-a.yaml").write_text(_source("dawn-a", "www.dawn.com", "newspaper"))
    (sources / "dawn-b.yaml").write_text(_source("dawn-b", "dawn.com", "newspaper"))
    (sources / "dawn-c.yaml").write_text(_source("dawn-c", "m.dawn.com", "secondary"))
    (sources / "archive-a.yaml").write_text(_source("archive-a", "web.archive.org/web/2010/http://dawn.com", "newspaper"))
    (sources / "archive-b.yaml").write_text(_source("archive-b", "web.archive.org/web/2011/http://pid.gov.pk", "official"))

    result = run_build(built_repo)

    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert ("dawn-c.yaml:7:14: reliability: dawn.com's pages are classed differently (2 newspaper, 1 secondary): a "
            "site's pages take one class; class it newspaper like the others") in output
    assert "dawn-a.yaml" not in output and "dawn-b.yaml" not in output  # the majority's pages are not at fault
    assert "archive-" not in output  # an archive holds each page under its own publisher's class
    assert snapshot(built_repo / "dist") == before


def test_a_site_split_evenly_between_classes_names_every_page(built_repo: Path) -> None:
    sources = built_repo / "records/sources"
    (sources / "dawn-a.yaml").write_text(_source("dawn-a", "dawn.com", "newspaper"))
    (sources / "dawn-b.yaml").write_text(_source("dawn-b", "dawn.com", "secondary"))

    output = run_build(built_repo).stdout

    for name in ("dawn-a", "dawn-b"):
        assert f"{name}.yaml:7:14: reliability: dawn.com's pages are classed differently" in output
    assert "class them alike" in output


def test_build_run_without_its_dependencies_says_how_to_install_them() -> None:
    # as if pycountry were not installed: an entry of None in sys.modules makes its import fail
    code = ("import runpy, sys; sys.modules['pycountry'] = None; sys.argv = ['build.py', 'check']; "
            "runpy.run_path('build.py', run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "pycountry is not installed" in result.stderr and "make build" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
