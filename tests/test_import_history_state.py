"""`build.py import history-state`: the Office of the Historian's trips and visits → visit records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_build

from pipeline.importers import history_state, record_yaml, snapshot
from pipeline.importers import history_state_data as data
from pipeline.importers import history_state_remarks as remarks
from pipeline.reading.problems import ProblemsFound
from pipeline.reading.read import read_all
from schema.vocab import VisitKind, VisitorRole

COMMITS = {"travels": "3170c773f22c99dadc8ec93da070f8ff6259d6d8", "visits": "869ca4f0e8d15521bc3c094b846e6b1d3c7d8f1d"}
SNAPSHOT = ROOT / history_state.BASE

# Entries copied from the Historian's files (trip 2460, trip 1531, visits 2702 and 1502).
BUSH_PAKISTAN = """<trips><trip role="president" who="bush-george-w"><id>2460</id><role>president</role>
<name>George W. Bush</name><start-date>2006-03-03</start-date><end-date>2006-03-04</end-date>
<country id="pakistan">Pakistan</country><locale>Islamabad</locale><remarks>Met with President Musharraf.</remarks>
</trip></trips>"""
RICE_ACCOMPANIES = """<trips><trip role="secretary" who="rice-condoleezza"><id>1531</id><role>secretary</role>
<name>Condoleezza Rice</name><start-date>2006-03-03</start-date><end-date>2006-03-04</end-date>
<country id="pakistan">Pakistan</country><locale>Islamabad</locale><remarks>Accompanied President Bush.</remarks>
</trip></trips>"""


def _visit(visit_id: str, start: str, end: str, visitor: str, description: str) -> str:
    return (f"<visit><id>{visit_id}</id><start-date>{start}</start-date><end-date>{end}</end-date>"
            f'<visitor>{visitor}</visitor><from id="pakistan">Pakistan</from><description>{description}</description></visit>')


SHARIF_2013 = _visit("2702", "2013-10-20", "2013-10-23", "Prime Minister Mohammed Nawaz Sharif", "Working visit.")
MUSHARRAF_2001 = _visit("1502", "2001-11-10", "2001-11-10", "President Pervez Musharraf",
                        "Met with President Bush at the UN General Assembly in New York City.")

# A hand-made record of Sharif's 2013 visit, as curators write them (flow style, a folded note).
CURATED = """id: 2013-10-nawaz-sharif-usa
visitor: {name: Nawaz Sharif, office: Prime Minister of Pakistan, role: head_of_government}
from_country: PAK
to_country: USA
places: [Washington]
start: '2013-10-21'
kind: other
status: completed
sources: [haq-2015-xi-jinping-pakistan]
notes: >-
  Curated from a report.
"""


def upstream(folder: Path, given: dict[str, str]) -> Path:
    """An upstream copy holding every file the import reads: `given`, else an empty list."""
    for name in data.snapshot_files():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name in given:
            target.write_text(given[name], encoding="utf-8")
        elif name.endswith("LICENSE.md") or name == data.ROLE_CODES:
            shutil.copyfile(SNAPSHOT / name, target)
        else:
            target.write_text("<visits/>" if name.startswith("visits/") else "<trips/>", encoding="utf-8")
    return folder


def importing(repo: Path, tmp_path: Path, given: dict[str, str]) -> Path:
    assert history_state.take_snapshot(repo, upstream(tmp_path / "upstream", given), COMMITS) == []
    return repo


def run_import(repo: Path) -> dict[str, str]:
    changed = history_state.plan(repo).changed()
    assert history_state.check_outputs(changed) == []
    history_state.write(repo, changed)
    return changed


@pytest.mark.parametrize(("country", "visitor", "role"), [
    ("PAK", "President Pervez Musharraf", VisitorRole.head_of_state),
    ("PAK", "Prime Minister Imran Khan", VisitorRole.head_of_government),
    ("IND", "President Pratibha Patil", VisitorRole.head_of_state),
    ("IND", "Prime Minister Atal Vajpayee", VisitorRole.head_of_government),
    ("JPN", "Prime Minister Kishida Fumio", VisitorRole.head_of_government),
    ("JPN", "Emperor Akihito", VisitorRole.head_of_state),
    ("IND", "External Affairs Minister S. Jaishankar", VisitorRole.foreign_minister),
    ("PAK", "Chief of Army Staff Asim Munir", VisitorRole.military_chief),
])
def test_a_visitors_title_maps_to_the_role_it_has_in_that_country(country: str, visitor: str, role: VisitorRole) -> None:
    title, name, found = data.role_for_title(country, visitor)  # type: ignore[misc]
    assert (visitor, found) == (f"{title} {name}", role)


def test_a_title_without_a_role_is_a_problem_never_a_guess() -> None:
    assert isinstance(data.role_for_title("PAK", "General Pervez Musharraf"), str)
    assert isinstance(data.role_for_title("JPN", "President Someone"), str)  # Japan has no President


def test_an_unmappable_title_stops_the_import_at_its_file_and_line(repo: Path, tmp_path: Path) -> None:
    bad = "<visits>\n" + _visit("1", "2001-01-01", "2001-01-02", "Chief Executive Pervez Musharraf", "Working visit.") + "\n</visits>"
    importing(repo, tmp_path, {"visits/data/2000.xml": bad})
    with pytest.raises(ProblemsFound) as err:
        history_state.plan(repo)
    [problem] = err.value.problems
    assert (problem.path, problem.line, problem.field) == ("upstream/history-state/visits/data/2000.xml", 2, "visitor")
    assert "cannot map the title of 'Chief Executive Pervez Musharraf'" in problem.message
    result = run_build(repo, "import", "history-state")
    assert result.returncode == 1 and "nothing written" in result.stdout
    assert not list((repo / "records" / "visits").glob("2001-*"))


@pytest.mark.parametrize(("text", "kind", "event"), [
    ("Official Working Visit.", VisitKind.working, None),
    ("Official State visit.", VisitKind.state, None),
    ("Official Visit. Addressed Joint Session of Congress.", VisitKind.official, None),
    ("Attended the G-8 Economic Summit. Also met with Chinese President Hu.", VisitKind.conference, "G-8 Economic Summit"),
    ("Met with President Bush at the UN General Assembly in New York City.", VisitKind.conference, "UN General Assembly"),
    ("Working Visit; Quad Leaders' Summit.", VisitKind.working, "Quad Leaders' Summit"),
    ("Attended the 5th U.S.-India Strategic Dialogue.", VisitKind.dialogue, "5th U.S.-India Strategic Dialogue"),
    ("Met with Prime Minister Koizumi and Emperor Akihito. Addressed the Diet.", VisitKind.other, None),
    ("Accompanied President Clinton to meetings with President Musharraf.", VisitKind.other, None),
])
def test_kind_and_event_come_only_from_what_the_remarks_say(text: str, kind: VisitKind, event: str | None) -> None:
    assert (remarks.read(text).kind, remarks.read(text).event) == (kind, event)


def test_a_hand_made_record_gains_the_citation_and_empty_fields_but_keeps_its_values(repo: Path, tmp_path: Path) -> None:
    curated = repo / "records" / "visits" / "2013-10-nawaz-sharif-usa.yaml"
    curated.write_text(CURATED, encoding="utf-8")
    importing(repo, tmp_path, {"visits/data/2010.xml": f"<visits>{SHARIF_2013}</visits>"})
    changed = run_import(repo)
    assert "records/visits/2013-10-nawaz-sharif-usa.yaml" in changed
    assert not list((repo / "records" / "visits").glob("*sharif*-usa.yaml"))[1:]  # no second record
    records, problems = read_all(repo, repo / "records")
    assert problems == []
    [visit] = [r.model for r in records.by_table["visits"] if r.key == "2013-10-nawaz-sharif-usa"]
    assert (visit.start, visit.end, visit.kind, visit.places) == ("2013-10-21", None, "other", ["Washington"])
    assert visit.sources[-1].model_dump() == {"source": "history-state-visits-pakistan", "locator": "entry 2702",
                                              "quote": "Working visit."}
    assert "dates this visit 20–23 October 2013 (entry 2702); the dates here are kept as curated" in visit.notes
    assert "calls it a working visit (entry 2702); kind is kept as curated" in visit.notes
    text = curated.read_text(encoding="utf-8")
    assert "visitor: {name: Nawaz Sharif, office: Prime Minister of Pakistan, role: head_of_government}\n" in text
    assert "places: [Washington]\n" in text  # fields the import does not change stay as the curator wrote them


def test_a_record_whose_start_agrees_gets_its_empty_end_filled(repo: Path, tmp_path: Path) -> None:
    (repo / "records" / "visits" / "2013-10-nawaz-sharif-usa.yaml").write_text(
        CURATED.replace("'2013-10-21'", "'2013-10-20'"), encoding="utf-8")
    importing(repo, tmp_path, {"visits/data/2010.xml": f"<visits>{SHARIF_2013}</visits>"})
    run_import(repo)
    records, _ = read_all(repo, repo / "records")
    [visit] = [r.model for r in records.by_table["visits"] if r.key == "2013-10-nawaz-sharif-usa"]
    assert (visit.end, "dates this visit" in (visit.notes or "")) == ("2013-10-23", False)


def test_new_entries_become_records_and_an_accompanying_secretary_is_not_a_second_trip(repo: Path, tmp_path: Path) -> None:
    importing(repo, tmp_path, {"travels/president-travels/bush-george-w.xml": BUSH_PAKISTAN,
                               "travels/secretary-travels/rice-condoleezza.xml": RICE_ACCOMPANIES,
                               "visits/data/2000.xml": f"<visits>{MUSHARRAF_2001}</visits>"})
    changed = run_import(repo)
    assert sorted(changed) == [
        "records/sources/history-state-travels-president-pakistan.yaml",
        "records/sources/history-state-travels-secretary-pakistan.yaml",
        "records/sources/history-state-visits-pakistan.yaml",
        "records/visits/2001-11-pervez-musharraf-usa.yaml",
        "records/visits/2006-03-bush-pakistan.yaml",
    ]
    records, _ = read_all(repo, repo / "records")
    visits = {r.key: r.model for r in records.by_table["visits"]}
    bush = visits["2006-03-bush-pakistan"]
    assert (bush.visitor.role, bush.places, bush.start, bush.end, bush.kind) == (
        "head_of_state", ["Islamabad"], "2006-03-03", "2006-03-04", "other")
    assert [c.locator for c in bush.sources] == ["entry 2460", "entry 1531"]
    assert "Secretary of State Condoleezza Rice, who accompanied the President" in bush.notes
    musharraf = visits["2001-11-pervez-musharraf-usa"]
    assert (musharraf.visitor.office, musharraf.kind, musharraf.event) == (
        "President of Pakistan", "conference", "UN General Assembly")


def test_a_second_run_on_the_same_snapshot_changes_nothing(repo: Path, tmp_path: Path) -> None:
    (repo / "records" / "visits" / "2013-10-nawaz-sharif-usa.yaml").write_text(CURATED, encoding="utf-8")
    importing(repo, tmp_path, {"travels/president-travels/bush-george-w.xml": BUSH_PAKISTAN,
                               "travels/secretary-travels/rice-condoleezza.xml": RICE_ACCOMPANIES,
                               "visits/data/2010.xml": f"<visits>{SHARIF_2013}</visits>"})
    assert run_import(repo)
    assert history_state.plan(repo).changed() == {}
    result = run_build(repo, "import", "history-state", "--dry-run")
    assert result.returncode == 0 and "would write 0 file(s)" in result.stdout, result.stdout


def test_a_newer_snapshot_adds_only_its_new_entries(repo: Path, tmp_path: Path) -> None:
    importing(repo, tmp_path / "old", {"visits/data/2000.xml": f"<visits>{MUSHARRAF_2001}</visits>"})
    run_import(repo)
    importing(repo, tmp_path / "new", {"visits/data/2000.xml": f"<visits>{MUSHARRAF_2001}</visits>",
                                       "visits/data/2010.xml": f"<visits>{SHARIF_2013}</visits>"})
    assert sorted(history_state.plan(repo).changed()) == ["records/visits/2013-10-mohammed-nawaz-sharif-usa.yaml"]


def test_a_snapshot_file_changed_after_the_snapshot_is_refused(repo: Path, tmp_path: Path) -> None:
    importing(repo, tmp_path, {})
    target = repo / history_state.BASE / "visits" / "data" / "2020.xml"
    target.write_text("<visits></visits>", encoding="utf-8")
    with pytest.raises(ProblemsFound) as err:
        history_state.plan(repo)
    assert [(p.path, "sha256 differs" in p.message) for p in err.value.problems] == [
        ("upstream/history-state/visits/data/2020.xml", True)]


def test_the_committed_snapshot_is_intact_and_lists_every_file_the_import_reads() -> None:
    assert set(snapshot.verified(SNAPSHOT, history_state.BASE)) == set(data.snapshot_files())


def test_the_committed_records_are_what_the_import_would_write() -> None:
    changed = history_state.plan(ROOT).changed()
    assert changed == {}, f"run `python build.py import history-state`: it would change {sorted(changed)}"


def test_every_historian_entry_is_cited_by_one_record_of_its_pair() -> None:
    p = history_state.plan(ROOT)
    assert len(p.placed) == len(p.entries)
    for entry in p.entries:
        record = p.records[p.placed[(entry.list, entry.id)]].data
        assert (record["from_country"], record["to_country"]) == (entry.from_country, entry.to_country)


def test_an_edit_rewrites_only_the_fields_it_changes() -> None:
    order = record_yaml.field_order(history_state._VISITS.model)
    text = record_yaml.edit(CURATED, {"end": "2013-10-23", "notes": "Curated from a report. More."}, order)
    assert text == CURATED.replace("kind: other\n", "end: '2013-10-23'\nkind: other\n").replace(
        "notes: >-\n  Curated from a report.\n", "notes: Curated from a report. More.\n")


def test_two_entries_of_one_list_with_other_dates_stay_two_records(repo: Path, tmp_path: Path) -> None:
    at_un = _visit("1660", "2003-09-24", "2003-09-24", "President Pervez Musharraf",
                   "Met with President Bush at the UN General Assembly in New York City.")
    working = _visit("1661", "2003-09-25", "2003-09-26", "President Pervez Musharraf", "Working visit.")
    importing(repo, tmp_path, {"visits/data/2000.xml": f"<visits>{at_un}{working}</visits>"})
    assert sorted(p for p in run_import(repo) if "/visits/" in p) == [
        "records/visits/2003-09-25-pervez-musharraf-usa.yaml", "records/visits/2003-09-pervez-musharraf-usa.yaml"]


def test_a_newer_snapshot_is_taken_from_an_upstream_copy_with_its_commits(repo: Path, tmp_path: Path) -> None:
    source = upstream(tmp_path / "upstream", {"visits/data/2000.xml": f"<visits>{MUSHARRAF_2001}</visits>"})
    without = run_build(repo, "import", "history-state", "--snapshot-from", str(source))
    assert without.returncode == 1 and "--commit travels=SHA is required" in without.stdout
    assert not (repo / history_state.BASE).exists()
    commits = [arg for folder, sha in COMMITS.items() for arg in ("--commit", f"{folder}={sha}")]
    result = run_build(repo, "import", "history-state", "--snapshot-from", str(source), *commits)
    assert result.returncode == 0, result.stdout
    assert (repo / "records" / "visits" / "2001-11-pervez-musharraf-usa.yaml").is_file()
    assert set(snapshot.verified(repo / history_state.BASE, history_state.BASE)) == set(data.snapshot_files())
