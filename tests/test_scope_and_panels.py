"""The declared scope and what is derived from it: a panel whose zero means "nothing happened",
a date on every event, statuses whose order means something, and codes that know their years."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, run_build

import south_asia_alignments as saa


def read(repo: Path, table: str) -> list[dict[str, str]]:
    with (repo / "dist" / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def panel(repo: Path, table: str = "dyad_years") -> dict[tuple[str, str, int], dict[str, str]]:
    keys = ("country_a", "country_b") if table == "dyad_years" else ("from_country", "to_country")
    return {(r[keys[0]], r[keys[1]], int(r["year"])): r for r in read(repo, table)}


def test_panel_counts_inside_coverage_and_is_missing_outside(built_repo: Path) -> None:
    rows = panel(built_repo)
    # PAK–RUS visits are systematic 2012–2018: Kayani in October 2012, Bajwa in April 2018; Putin's 2012
    # visit was cancelled, so it does not count.
    assert [rows["PAK", "RUS", y]["visits"] for y in range(2012, 2019)] == ["1", "0", "0", "0", "0", "0", "1"]
    assert rows["PAK", "RUS", 2012]["leader_visits"] == "0"
    assert rows["PAK", "RUS", 2019]["visits"] == ""  # after the period: missing, not zero
    assert rows["PAK", "RUS", 2019]["visits_systematic"] == "false"
    assert rows["PAK", "RUS", 2013]["agreements_signed"] == ""  # agreements only partial
    # Arms RUS → PAK systematic from 2015: the Mi-35M order in 2015, delivered in 2017. PAK → RUS is not covered.
    assert rows["PAK", "RUS", 2015]["arms_orders_b_to_a"] == "1"
    assert rows["PAK", "RUS", 2017]["arms_deliveries_b_to_a"] == "1"
    assert rows["PAK", "RUS", 2016]["arms_orders_b_to_a"] == "0"
    assert rows["PAK", "RUS", 2014]["arms_orders_b_to_a"] == ""  # before coverage starts
    assert rows["PAK", "RUS", 2015]["arms_orders_a_to_b"] == ""
    # JPN–PAK agreements systematic from 2019: the intern-training agreement was signed; the grant was only
    # agreed in principle, so it is not "signed".
    assert rows["JPN", "PAK", 2019]["agreements_signed"] == "1"
    assert min(y for a, b, y in rows if (a, b) == ("JPN", "PAK")) == 2019


def test_directed_panel_splits_the_pair_by_direction(built_repo: Path) -> None:
    rows = panel(built_repo, "directed_dyad_years")
    assert rows["PAK", "RUS", 2012]["visits"] == "1"
    assert rows["RUS", "PAK", 2012]["visits"] == "0"  # the cancelled visit
    assert rows["RUS", "PAK", 2015]["arms_orders"] == "1"
    assert rows["PAK", "RUS", 2015]["arms_orders"] == ""
    assert rows["RUS", "PAK", 2015]["arms_systematic"] == "true"


def test_scope_rows_name_their_lists(built_repo: Path) -> None:
    rows = {r["id"]: r for r in read(built_repo, "scope")}
    assert rows["visits-PAK-RUS"]["completeness"] == "systematic"
    assert rows["visits-PAK-RUS"]["reference_lists"] == "rizvi-2018-pakistan-russia"
    assert rows["visits-PAK-RUS"]["evidence"] == ""  # the column is there, empty where no evidence is named
    assert rows["arms_deals-RUS-PAK"]["supplier"] == "RUS"
    assert rows["agreements-PAK-RUS"]["end_latest"] == "2019-12-31"  # open: the last complete year


@pytest.mark.parametrize(("edit", "message"), [
    (("      reference_lists: [rizvi-2018-pakistan-russia]\n    agreements:\n      completeness: partial",
      "    agreements:\n      completeness: partial"),
     "records/scope.yaml:18:21: pairs[1].visits.completeness: a systematic claim must name the reference lists"),
    (("reference_lists: [mahapatra-2019-06-22-pakistan-japan]", "reference_lists: [no-such-list]"),
     "records/scope.yaml:15:25: pairs[0].agreements.reference_lists[0]: no source with id 'no-such-list'"),
    (("      reference_lists: [rizvi-2018-pakistan-russia]\n    agreements:",
      "      reference_lists: [rizvi-2018-pakistan-russia]\n      evidence: [no-such-statement]\n    agreements:"),
     "records/scope.yaml:24:18: pairs[1].visits.evidence[0]: no source with id 'no-such-statement'"),
    (("      reference_lists: [rizvi-2018-pakistan-russia]\n    agreements:",
      "      reference_lists: [rizvi-2018-pakistan-russia]\n      evidence: [rizvi-2018-pakistan-russia]\n    agreements:"),
     "records/scope.yaml:24:18: pairs[1].visits.evidence[0]: 'rizvi-2018-pakistan-russia' is named already "
     "(reference_lists[0])"),
    (("countries: [PAK, RUS]", "countries: [RUS, PAK]"),
     "records/scope.yaml:16:16: pairs[1].countries: list the pair in alphabetical order"),
    (("      start: 2012-01-01\n      end: 2018-12-31", "      start: 2012-01-01\n      end: 2011-12-31"),
     "records/scope.yaml:20:12: pairs[1].visits.end: 2011-12-31 is before start 2012-01-01"),
])
def test_scope_claims_are_checked(repo: Path, edit: tuple[str, str], message: str) -> None:
    path = repo / "records" / "scope.yaml"
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert message in result.stdout, result.stdout


def test_an_undated_event_is_refused(repo: Path) -> None:
    path = repo / "records" / "agreements" / "2019-02-japan-pakistan-grant.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("reported: 2019-02\n", ""), encoding="utf-8")
    result = run_build(repo, "check")
    assert "2019-02-japan-pakistan-grant.yaml:8:8: stage: needs a date: one of signed, in_force, reported" in result.stdout


# The committed package.

def test_committed_panel_equals_counts_computed_from_the_event_tables() -> None:
    """For every systematic pair-year, the panel's count equals a count made here from visits, agreements
    and arms deals with pandas; outside systematic coverage the count is missing."""
    scope = saa.load("scope")
    visits, agreements, parties = saa.load("visits"), saa.load("agreements"), saa.load("agreement_parties")
    deals, deliveries = saa.load("arms_deals"), saa.load("arms_deal_deliveries")
    panel_ = saa.dyad_years()
    assert len(panel_) > 0
    roles = {(r.country_a, r.country_b): set(r.included) for r in scope[scope.table == "visits"].itertuples()}
    kinds = {(r.country_a, r.country_b): set(r.included) for r in scope[scope.table == "agreements"].itertuples()}
    occasions = {(r.country_a, r.country_b): set(r.signed_during_roles or []) for r in scope[scope.table == "agreements"].itertuples()}
    offices = {(r.country_a, r.country_b): set(r.signatory_roles or []) for r in scope[scope.table == "agreements"].itertuples()}
    signatory = {(r.agreement_id, r.country): r.signatory for r in parties.itertuples()}
    gaps = saa.load("scope_gaps").merge(scope[["id", "table", "country_a", "country_b"]], left_on="scope_id",
                                          right_on="id")
    holes: dict[tuple[str, ...], set[int]] = {}
    # per role column, the years its gaps touch: a gap naming only other roles leaves them alone
    columns = {"leader_visits": {"head_of_state", "head_of_government"}, "foreign_minister_visits": {"foreign_minister"},
               "defence_minister_visits": {"defence_minister"}, "military_chief_visits": {"military_chief"}}
    role_holes: dict[tuple[str, ...], set[int]] = {}
    for g in gaps.itertuples():
        years = set(range(g.start_earliest.year, g.end_latest.year + 1))
        holes.setdefault((g.table, g.country_a, g.country_b), set()).update(years)
        for column, group in columns.items():
            if g.table == "visits" and (not isinstance(g.roles, list) or group & set(g.roles)):
                role_holes.setdefault((column, g.country_a, g.country_b), set()).update(years)
    role_of = dict(zip(visits.id, visits.visitor_role))  # every visit: an agreement may be signed on any of them
    visits = visits[visits.status == "completed"].assign(
        year=visits.event_date_earliest.fillna(visits.event_date_latest).dt.year)
    signed = agreements[agreements.stage >= "signed"].assign(
        year=agreements.signed_earliest.fillna(agreements.in_force_earliest).dt.year)
    checked = 0
    for row in panel_.itertuples():
        pair = (row.country_a, row.country_b)
        for table, flag in (("visits", row.visits_systematic), ("agreements", row.agreements_systematic)):
            assert not (flag and row.year in holes.get((table, *pair), set())), (table, pair, row.year)
        if row.visits_systematic:
            mine = visits[(visits.from_country.isin(pair)) & (visits.to_country.isin(pair)) & (visits.year == row.year)
                          & visits.visitor_role.isin(roles[pair])]
            assert row.visits == len(mine), (pair, row.year)
            checked += 1
        else:
            assert pd.isna(row.visits)
        claim = scope[(scope.table == "visits") & (scope.country_a == pair[0]) & (scope.country_b == pair[1])].iloc[0]
        for column, group in columns.items():
            known = (claim.completeness == "systematic" and bool(group & roles[pair])
                     and row.year not in role_holes.get((column, *pair), set())
                     and _whole_years(claim.start_earliest, claim.end_latest, row.year))
            if known:
                mine = visits[(visits.from_country.isin(pair)) & (visits.to_country.isin(pair))
                              & (visits.year == row.year) & visits.visitor_role.isin(roles[pair] & group)]
                assert getattr(row, column) == len(mine), (column, pair, row.year)
                checked += 1
            else:
                assert pd.isna(getattr(row, column)), (column, pair, row.year)
        if row.agreements_systematic:
            ids = set(parties[parties.country == pair[0]].agreement_id) & set(parties[parties.country == pair[1]].agreement_id)
            mine = signed[signed.id.isin(ids) & (signed.year == row.year) & signed.kind.isin(kinds[pair])]
            if occasions[pair]:  # a claim by occasion: only what was signed during such visits
                mine = mine[mine.signed_during.map(role_of).isin(occasions[pair])]
            if offices[pair]:  # a claim by signatory: only what both countries' signatories of those offices signed
                mine = mine[[all(signatory.get((i, c)) in offices[pair] for c in pair) for i in mine.id]]
            assert row.agreements_signed == len(mine), (pair, row.year)
            checked += 1
        else:
            assert pd.isna(row.agreements_signed)
        for supplier, recipient, orders, delivered, inside in (
            (row.country_a, row.country_b, row.arms_orders_a_to_b, row.arms_deliveries_a_to_b, row.arms_a_to_b_systematic),
            (row.country_b, row.country_a, row.arms_orders_b_to_a, row.arms_deliveries_b_to_a, row.arms_b_to_a_systematic),
        ):
            if not inside:
                assert pd.isna(orders) and pd.isna(delivered)
                continue
            these = deals[(deals.supplier == supplier) & (deals.recipient == recipient)]
            assert orders == (these.ordered_earliest.dt.year == row.year).sum(), (supplier, recipient, row.year)
            mine = deliveries[deliveries.arms_deal_id.isin(these.id)]
            assert delivered == (mine.date_earliest.fillna(mine.date_latest).dt.year == row.year).sum()
            checked += 1
    if not scope.completeness.eq("systematic").any():
        pytest.skip("no pair and table is systematic yet: every count is missing, as checked")
    assert checked > 0


def _whole_years(start: pd.Timestamp, end: pd.Timestamp, year: int) -> bool:
    """Whether a claim from `start` to `end` covers the whole calendar year."""
    return start <= pd.Timestamp(year, 1, 1) and pd.Timestamp(year, 12, 31) <= end


def test_no_event_in_the_json_lacks_a_date() -> None:
    for table in ("visits", "agreements", "arms_deals"):
        items = json.loads((ROOT / "dist" / "json" / f"{table}.json").read_text(encoding="utf-8"))
        undated = [item["id"] for item in items if not item.get("event_date")]
        assert not undated, f"{table}: {undated[:5]}"
        assert all(item.get("event_date_earliest") or item.get("event_date_latest") for item in items)


def test_no_ordered_vocabulary_holds_an_outcome() -> None:
    descriptor = json.loads((ROOT / "dist" / "datapackage.json").read_text(encoding="utf-8"))
    ordered = [(r["name"], f["name"], f["categories"]) for r in descriptor["resources"]
               for f in r.get("schema", {}).get("fields", []) if f.get("categoriesOrdered")]
    assert ordered, "the stages are ordered categories"
    for resource, field, values in ordered:
        assert not {"cancelled", "stalled", "expired", "suspended", "terminated", "postponed"} & set(values), (resource, field)


@pytest.mark.parametrize(("year", "country"), [(1980, "SUN"), (2000, "RUS")])
def test_country_codes_join_a_cow_number_to_the_state_of_that_year(year: int, country: str) -> None:
    codes = saa.load("country_codes")
    cow = codes[(codes.system == "cow") & (codes.code == "365")]
    held = cow[(cow.start <= year) & (cow.end.isna() | (cow.end >= year))]
    assert held.country.tolist() == [country]


def test_a_changed_state_system_list_fails_the_check(repo: Path) -> None:
    path = repo / "upstream" / "state-systems" / "gw-state-years.csv"
    path.write_text(path.read_text(encoding="utf-8") + "770,PAK,Pakistan,2018\n", encoding="utf-8")
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert "upstream/state-systems/gw-state-years.csv: content differs from SNAPSHOT.json" in result.stdout


# Agreements claimed by the visits they were signed during (scope: agreements.signed_during_roles).

_PAK_RUS_AGREEMENTS = ("    agreements:\n      completeness: partial\n      start: 2012-01-01\n      kinds: [agreement]\n"
                       "      includes: Agreements.")


def _agreement(repo: Path, rid: str, signed: str, during: str | None) -> None:
    text = (f"id: {rid}\ntitle: A test agreement\nkind: agreement\nparties: [PAK, RUS]\ndomains: [defence]\n"
            f"stage: signed\nsigned: {signed}\n" + (f"signed_during: {during}\n" if during else "")
            + "sources:\n  - rizvi-2018-pakistan-russia\n")
    (repo / "records" / "agreements" / f"{rid}.yaml").write_text(text, encoding="utf-8")


def _claim(repo: Path, completeness: str, roles: str) -> None:
    path = repo / "records" / "scope.yaml"
    text = path.read_text(encoding="utf-8")
    assert _PAK_RUS_AGREEMENTS in text
    path.write_text(text.replace(_PAK_RUS_AGREEMENTS, (
        f"    agreements:\n      completeness: {completeness}\n      start: 2012-01-01\n      end: 2018-12-31\n"
        f"      kinds: [agreement]\n      signed_during_roles: {roles}\n"
        "      includes: Agreements signed during the army chiefs' visits.\n"
        "      reference_lists: [rizvi-2018-pakistan-russia]")), encoding="utf-8")


def test_agreements_claimed_by_occasion_count_only_those_signed_during_such_visits(repo: Path) -> None:
    _agreement(repo, "2012-pakistan-russia-during-the-visit", "2012-10", "2012-10-kayani-russia")
    _agreement(repo, "2012-pakistan-russia-apart-from-visits", "2012-11", None)
    _claim(repo, "systematic", "[military_chief]")
    result = run_build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = panel(repo)
    assert rows["PAK", "RUS", 2012]["agreements_signed"] == "1"  # the one signed apart from a visit is not claimed
    assert rows["PAK", "RUS", 2013]["agreements_signed"] == "0"
    assert rows["PAK", "RUS", 2012]["agreements_systematic"] == "true"
    scope = {r["id"]: r for r in read(repo, "scope")}
    assert scope["agreements-PAK-RUS"]["signed_during_roles"] == "military_chief"
    assert scope["agreements-JPN-PAK"]["signed_during_roles"] == ""


@pytest.mark.parametrize(("completeness", "roles", "message"), [
    ("partial", "[foreign_minister]", "pairs[1].agreements.signed_during_roles[0]: 'foreign_minister' visits are not "
     "collected for this pair"),
])
def test_occasions_of_claimed_agreements_must_be_collected(repo: Path, completeness: str, roles: str,
                                                           message: str) -> None:
    _claim(repo, completeness, roles)
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert message in result.stdout, result.stdout


def test_a_systematic_claim_by_occasion_needs_systematic_visits(repo: Path) -> None:
    path = repo / "records" / "scope.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      kinds: [agreement, grant]\n"
    assert old in text
    path.write_text(text.replace(old, old + "      signed_during_roles: [head_of_government]\n"), encoding="utf-8")
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert ("pairs[0].agreements.completeness: systematic for agreements signed during visits, but the visits "
            "themselves are not systematic") in result.stdout, result.stdout


# Agreements claimed by who signed them (scope: agreements.signatory_roles), wherever that was.

def _signed_by(repo: Path, rid: str, signed: str, pak: str | None, rus: str | None) -> None:
    def party(country: str, office: str | None) -> str:
        return f"  - country: {country}\n" + (f"    signatory: {office}\n" if office else "")
    text = (f"id: {rid}\ntitle: A test joint statement\nkind: joint_statement\nparties:\n{party('PAK', pak)}"
            f"{party('RUS', rus)}domains: [diplomatic]\nstage: signed\nsigned: {signed}\n"
            "sources:\n  - rizvi-2018-pakistan-russia\n")
    (repo / "records" / "agreements" / f"{rid}.yaml").write_text(text, encoding="utf-8")


def _claim_by_signatory(repo: Path, completeness: str) -> None:
    path = repo / "records" / "scope.yaml"
    text = path.read_text(encoding="utf-8")
    assert _PAK_RUS_AGREEMENTS in text
    path.write_text(text.replace(_PAK_RUS_AGREEMENTS, (
        f"    agreements:\n      completeness: {completeness}\n      start: 2012-01-01\n      end: 2018-12-31\n"
        "      kinds: [joint_statement]\n      signatory_roles: [head_of_state, head_of_government]\n"
        "      includes: The leaders' joint statements, wherever the leaders met.\n"
        "      reference_lists: [rizvi-2018-pakistan-russia]")), encoding="utf-8")


def test_agreements_claimed_by_signatory_count_only_those_both_leaders_issued(repo: Path) -> None:
    _signed_by(repo, "2012-pakistan-russia-leaders-statement", "2012-10", "head_of_state", "head_of_government")
    _signed_by(repo, "2012-pakistan-russia-ministers-statement", "2012-11", "foreign_minister", "foreign_minister")
    _signed_by(repo, "2012-pakistan-russia-mixed-statement", "2012-12", "head_of_government", "minister")
    _claim_by_signatory(repo, "systematic")
    result = run_build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = panel(repo)
    assert rows["PAK", "RUS", 2012]["agreements_signed"] == "1"  # only the statement both leaders issued
    assert rows["PAK", "RUS", 2012]["agreements_systematic"] == "true"
    scope = {r["id"]: r for r in read(repo, "scope")}
    assert scope["agreements-PAK-RUS"]["signatory_roles"] == "head_of_state;head_of_government"
    parties = {(r["agreement_id"], r["country"]): r["signatory"] for r in read(repo, "agreement_parties")}
    assert parties["2012-pakistan-russia-mixed-statement", "RUS"] == "minister"


def test_a_systematic_claim_by_signatory_refuses_an_agreement_that_names_none(repo: Path) -> None:
    _signed_by(repo, "2012-pakistan-russia-leaders-statement", "2012-10", "head_of_state", None)
    _claim_by_signatory(repo, "systematic")
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert ("records/agreements/2012-pakistan-russia-leaders-statement.yaml" in result.stdout
            and "parties[1].signatory: name who signed or issued it for RUS" in result.stdout), result.stdout


def test_a_partial_claim_by_signatory_lets_signatories_be_left_out(repo: Path) -> None:
    _signed_by(repo, "2012-pakistan-russia-leaders-statement", "2012-10", None, None)
    _claim_by_signatory(repo, "partial")
    result = run_build(repo, "check")
    assert result.returncode == 0, result.stdout


def test_a_claim_by_occasion_and_signatory_needs_signatories_only_for_what_it_counts(repo: Path) -> None:
    """With signed_during_roles as well, a statement signed apart from the claimed visits is outside the
    claim, so it may leave its signatories out; one signed during such a visit may not."""
    _signed_by(repo, "2012-pakistan-russia-apart-from-visits", "2012-11", None, None)
    path = repo / "records" / "scope.yaml"
    text = path.read_text(encoding="utf-8")
    assert _PAK_RUS_AGREEMENTS in text
    path.write_text(text.replace(_PAK_RUS_AGREEMENTS, (
        "    agreements:\n      completeness: systematic\n      start: 2012-01-01\n      end: 2018-12-31\n"
        "      kinds: [joint_statement]\n      signed_during_roles: [military_chief]\n"
        "      signatory_roles: [military_chief]\n"
        "      includes: The army chiefs' statements on their visits.\n"
        "      reference_lists: [rizvi-2018-pakistan-russia]")), encoding="utf-8")
    assert run_build(repo, "check").returncode == 0
    during = repo / "records" / "agreements" / "2012-pakistan-russia-during-the-visit.yaml"
    during.write_text((repo / "records" / "agreements" / "2012-pakistan-russia-apart-from-visits.yaml")
                      .read_text(encoding="utf-8").replace("apart-from-visits", "during-the-visit")
                      + "signed_during: 2012-10-kayani-russia\n", encoding="utf-8")
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert "2012-pakistan-russia-during-the-visit.yaml" in result.stdout
    assert "parties[0].signatory: name who signed or issued it for PAK" in result.stdout, result.stdout


def test_a_statement_of_three_states_counts_for_each_claimed_pair_among_them(repo: Path) -> None:
    _signed_by(repo, "2012-pakistan-russia-leaders-statement", "2012-10", "head_of_state", "head_of_state")
    path = repo / "records" / "agreements" / "2012-pakistan-russia-leaders-statement.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("domains:", "  - country: AFG\n    signatory: head_of_state\ndomains:"), encoding="utf-8")
    _claim_by_signatory(repo, "systematic")
    result = run_build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert panel(repo)["PAK", "RUS", 2012]["agreements_signed"] == "1"
    parties = {(r["agreement_id"], r["country"]) for r in read(repo, "agreement_parties")}
    assert ("2012-pakistan-russia-leaders-statement", "AFG") in parties


# Gaps: the holes of a systematic claim (scope: <table>.gaps), left out of the panel year by year.

_PAK_RUS_VISITS_LISTS = "      reference_lists: [rizvi-2018-pakistan-russia]\n    agreements:\n      completeness: partial"


def _gap(repo: Path, start: str, end: str, where: str = _PAK_RUS_VISITS_LISTS, roles: str | None = None) -> None:
    path = repo / "records" / "scope.yaml"
    text = path.read_text(encoding="utf-8")
    assert where in text
    first, rest = where.split("\n", 1)
    gap = (f"\n      gaps:\n        - start: {start}\n          end: {end}\n"
           "          why: No list or statement bounds the army chiefs' visits in these months.\n")
    if roles:
        gap += f"          roles: {roles}\n"
    path.write_text(text.replace(where, first + gap + rest, 1), encoding="utf-8")


def test_a_gap_leaves_every_year_it_touches_out_of_the_panel(repo: Path) -> None:
    _gap(repo, "2017-11", "2018-02")
    result = run_build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = panel(repo)
    # 2017 and 2018 are touched: missing, not zero (2018 held Bajwa's visit); the years around them still count.
    assert [rows["PAK", "RUS", y]["visits"] for y in range(2012, 2019)] == ["1", "0", "0", "0", "0", "", ""]
    assert rows["PAK", "RUS", 2018]["visits_systematic"] == "false"
    assert rows["PAK", "RUS", 2016]["visits_systematic"] == "true"
    directed = panel(repo, "directed_dyad_years")
    assert directed["PAK", "RUS", 2018]["visits"] == "" and directed["PAK", "RUS", 2012]["visits"] == "1"
    (gap,) = read(repo, "scope_gaps")
    assert (gap["scope_id"], gap["start_earliest"], gap["end_latest"]) == ("visits-PAK-RUS", "2017-11-01", "2018-02-28")


@pytest.mark.parametrize(("start", "end", "message"), [
    ("2018-03", "2017-11", "pairs[1].visits.gaps[0].end: 2017-11 is before the gap's start 2018-03"),
    ("2011-06", "2012-02", "pairs[1].visits.gaps[0].start: 2011-06 is before the claim's start 2012-01-01"),
    ("2018-06", "2019-02", "pairs[1].visits.gaps[0].end: 2019-02 is after the claim's end (2018-12-31)"),
    ("../2014-06", "2014-08", "pairs[1].visits.gaps[0].start: a gap needs a closed date"),
])
def test_a_gap_lies_inside_its_claim(repo: Path, start: str, end: str, message: str) -> None:
    _gap(repo, start, end)
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert message in result.stdout, result.stdout


def test_a_gap_naming_a_role_leaves_the_leaders_years_counted(repo: Path) -> None:
    """A gap in the army chiefs' travel only: the years it touches lose the count of all visits, not the
    leaders' count, which stays a number (here 0: no leader's visit was completed in 2017 or 2018)."""
    _gap(repo, "2017-11", "2018-02", roles="[military_chief]")
    result = run_build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = panel(repo)
    assert [rows["PAK", "RUS", y]["visits"] for y in (2016, 2017, 2018)] == ["0", "", ""]
    assert [rows["PAK", "RUS", y]["leader_visits"] for y in (2016, 2017, 2018)] == ["0", "0", "0"]
    # the army chiefs' own column: 2016 counts (none), the gap's years are missing, and 2012 holds Kayani's visit
    assert [rows["PAK", "RUS", y]["military_chief_visits"] for y in (2012, 2016, 2017, 2018)] == ["1", "0", "", ""]
    assert rows["PAK", "RUS", 2016]["foreign_minister_visits"] == ""  # not collected: missing, not zero
    assert rows["PAK", "RUS", 2018]["visits_systematic"] == "false"
    directed = panel(repo, "directed_dyad_years")
    assert directed["RUS", "PAK", 2018]["leader_visits"] == "0" and directed["PAK", "RUS", 2018]["visits"] == ""
    (gap,) = read(repo, "scope_gaps")
    assert gap["roles"] == "military_chief"


@pytest.mark.parametrize(("roles", "where", "message"), [
    ("[foreign_minister]", _PAK_RUS_VISITS_LISTS, "pairs[1].visits.gaps[0].roles[0]: 'foreign_minister' visits are "
     "not collected by this claim (roles: head_of_state, head_of_government, military_chief)"),
    ("[head_of_state]", "      reference_lists: [mahapatra-2019-06-22-pakistan-japan]\n  - countries: [PAK, RUS]",
     "pairs[0].agreements.gaps[0].roles: only a visits claim's gaps name roles"),
])
def test_a_gap_names_only_roles_its_visits_claim_collects(repo: Path, roles: str, where: str, message: str) -> None:
    _gap(repo, "2019-03", "2019-04", where, roles=roles)
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert message in result.stdout, result.stdout


def test_agreements_claimed_by_occasion_ignore_gaps_of_other_roles(repo: Path) -> None:
    """Agreements claimed on the army chiefs' visits need those visits closed, not the leaders'."""
    _claim(repo, "systematic", "[military_chief]")
    _gap(repo, "2014-05", "2014-06", _PAK_RUS_VISITS_LISTS.replace("partial", "systematic"), roles="[head_of_state]")
    result = run_build(repo, "check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_a_systematic_claim_has_gaps(repo: Path) -> None:
    _gap(repo, "2019-03", "2019-04", "      roles: [head_of_state, head_of_government]\n      includes: Leaders' visits.")
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert ("pairs[0].visits.gaps: only a systematic claim has gaps; describe what a partial collection lacks in "
            "its notes") in result.stdout, result.stdout


def test_agreements_claimed_by_occasion_leave_out_the_years_their_visits_do(repo: Path) -> None:
    _claim(repo, "systematic", "[military_chief]")
    _gap(repo, "2014-05", "2014-06", _PAK_RUS_VISITS_LISTS.replace("partial", "systematic"))
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert ("pairs[1].agreements.gaps: the visits these agreements were signed during are not closed in 2014 "
            "(visits.gaps): leave those years out here too") in result.stdout, result.stdout
    _gap(repo, "2014-01", "2014-12", "      reference_lists: [rizvi-2018-pakistan-russia]\narms_deals:")
    result = run_build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = panel(repo)
    assert rows["PAK", "RUS", 2014]["agreements_signed"] == "" and rows["PAK", "RUS", 2013]["agreements_signed"] == "0"


def test_coverage_page_lists_the_years_the_panel_counts() -> None:
    """docs/coverage.md tells a reader which years each claim holds complete; they are the years the committed
    dyad_years panel gives counts for, pair by pair."""
    panel_ = saa.dyad_years()
    page = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8").split("## Years claimed complete")[1]
    listed = {}
    for line in page.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 7 and "–" in cells[0] and cells[1].split(" ")[0] in ("visits", "agreements"):
            listed[cells[0], cells[1]] = int(cells[5])
    assert len([k for k in listed if "(" not in k[1]]) == 2 * panel_.groupby(["country_a", "country_b"]).ngroups
    for (a, b), rows in panel_.groupby(["country_a", "country_b"]):
        assert listed[f"{a}–{b}", "visits"] == rows.visits_systematic.sum(), (a, b)
        assert listed[f"{a}–{b}", "agreements"] == rows.agreements_systematic.sum(), (a, b)
        for column in ("leader_visits", "foreign_minister_visits", "defence_minister_visits", "military_chief_visits"):
            if (f"{a}–{b}", f"visits ({column})") in listed:
                assert listed[f"{a}–{b}", f"visits ({column})"] == rows[column].notna().sum(), (a, b, column)


def test_coverage_page_ranks_each_event_by_its_best_source_as_the_published_tables_do() -> None:
    """docs/coverage.md's count of events by their best-supported source class agrees with the committed
    tables: each event's sources (the *_sources link tables) looked up in `sources`."""
    page = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8").split("## Sources by reliability class")[1]
    listed = {}
    for line in page.split("## Records per country pair")[0].splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 7 and cells[0] in ("visits", "agreements", "arms_deals"):
            listed[cells[0]] = [int(c) for c in cells[1:]]
    classes = saa.load("sources").set_index("id")["reliability"].astype(str)
    order = [{"official"}, {"wire_agency", "newspaper", "research", "trade_press"}, {"state_media"}, {"secondary"},
             {"weak"}]
    for table, link, key in (("visits", "visit_sources", "visit_id"), ("agreements", "agreement_sources", "agreement_id"),
                             ("arms_deals", "arms_deal_sources", "arms_deal_id")):
        cited = [set(classes[list(ids)]) for _, ids in saa.load(link).groupby(key)["source"]]
        best = [next(i for i, group in enumerate(order) if group & found) for found in cited]
        expected = [len(saa.load(table))] + [best.count(i) for i in range(len(order))]
        assert listed[table] == expected, table
    assert listed["visits"][-1] == listed["agreements"][-1] == listed["arms_deals"][-1] == 0  # the check refuses these
