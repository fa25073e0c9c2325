"""Fixtures: a small, valid copy of each seed file that tests can break one field at a time."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

CLAIM_HEADER = [
    "id", "case", "date", "date_precision", "public_date", "public_note", "speaker",
    "speaker_type", "claim", "evidence_kind", "public_evidence", "source_reliability",
    "info_credibility", "q_layer", "spoofability", "later_status", "later_note", "settled_on",
    "sources", "in_seed_report", "report_group",
]
KEY_CHANGE_HEADER = ["claim", "question", "from_date", "tier_min", "tier_max", "deciding_axis",
                     "diagnosticity", "rationale", "sources"]
GENEALOGY_HEADER = ["id", "date", "document", "issuer", "kind", "claim", "rests_on", "families",
                    "shown", "sources"]


def key_change_row(**changes) -> dict:
    row = {"claim": "sony-fbi-2014-12-19", "question": "who-did-it", "from_date": "2015-01-07",
           "tier_min": "3", "tier_max": "3", "deciding_axis": "public_evidence",
           "diagnosticity": "medium",
           "rationale": "The director explained the withheld ground in public.",
           "sources": "fbi-20141219-update"}
    row.update(changes)
    return row


def genealogy_row(**changes) -> dict:
    row = {"id": "fbi-update", "date": "2014-12-19", "document": "Update on Sony Investigation",
           "issuer": "FBI", "kind": "statement", "claim": "sony-fbi-2014-12-19", "rests_on": "",
           "families": "malware;infrastructure", "shown": "partial",
           "sources": "fbi-20141219-update"}
    row.update(changes)
    return row
KEY_HEADER = ["claim", "question", "tier_min", "tier_max", "deciding_axis", "diagnosticity",
              "rationale"]


def key_row(**changes) -> dict:
    row = {"claim": "sony-fbi-2014-12-19", "question": "who-did-it", "tier_min": "2",
           "tier_max": "3", "deciding_axis": "public_evidence", "diagnosticity": "medium",
           "rationale": "Specific reasons, but the evidence behind them was withheld."}
    row.update(changes)
    return row


def claim_row(**changes) -> dict:
    row = {
        "id": "sony-fbi-2014-12-19", "case": "sony", "date": "2014-12-19",
        "date_precision": "day", "public_date": "2014-12-19", "public_note": "",
        "speaker": "FBI", "speaker_type": "us-government",
        "claim": "The FBI said the North Korean government was responsible.",
        "evidence_kind": "technical-forensic;infrastructure", "public_evidence": "partly",
        "source_reliability": "B", "info_credibility": "3", "q_layer": "strategic",
        "spoofability": "medium",
        "later_status": "supported", "later_note": "Backed by the 2018 complaint.",
        "settled_on": "2018-09-06",
        "sources": "fbi-20141219-update", "in_seed_report": "true", "report_group": "passed-on",
    }
    row.update(changes)
    return row


TIMELINE_HEADER = ["id", "case", "date", "date_precision", "date_end", "time_utc", "kind", "actor",
                   "event", "confidence", "disagreement", "sources"]
OUTAGE_HEADER = ["id", "outage", "reported_by", "start_utc", "end_utc", "duration_minutes",
                 "basis", "note", "sources"]
NETWORK_HEADER = ["id", "country", "networks", "bound", "as_of", "note", "sources"]


def network_row(**changes) -> dict:
    row = {"id": "north-korea", "country": "North Korea", "networks": "4", "bound": "exact",
           "as_of": "2014-12-22", "note": "Dyn's count of routed networks.",
           "sources": "dyn-20141222-who"}
    row.update(changes)
    return row

BIB = """
@misc{fbi-20141219-update, author = {{Federal Bureau of Investigation}},
  title = {Update on Sony investigation}, year = {2014}, month = {12},
  url = {http://example.org/fbi}}
@misc{dyn-20141222-who, author = {Cowie, Jim}, title = {Who disconnected North Korea},
  year = {2014}, month = {12}, url = {http://example.org/dyn}}
"""


HEDGES = (
    "chain,step,date,outlet,speaker,wording,qualifiers,sources\n"
    "dyn-test,1,2014-12-22,Dyn,Jim Cowie,Said the cause was unknown and could be a fault.,"
    "cause unknown;could be a fault,dyn-20141222-who\n"
) + """dyn-test,2,2014-12-23,A newspaper,A reporter,Called it an attack.,,fbi-20141219-update
"""

ESTIMATIVE = """sources: [fbi-20141219-update]
likelihood:
  - {id: unlikely, label: unlikely, synonyms: [improbable], low: 20, high: 45}
  - {id: roughly-even-chance, label: roughly even chance, low: 45, high: 55}
  - {id: likely, label: likely, synonyms: [probable, probably], low: 55, high: 80}
confidence:
  - {id: high, label: high confidence}
  - {id: moderate, label: moderate confidence}
  - {id: low, label: low confidence}
hedges: [consistent with, may]
calibrations:
  - id: cal-test
    title: Put numbers on the words
    phrases: [unlikely, likely]
    forecasts:
      - id: filing
        asked_on: 2014-12-31
        question: Will a court filing set out the evidence by 2019?
        outcome: true
        settled_on: 2018-09-06
        explanation: The complaint did.
        sources: [fbi-20141219-update]
      - id: outage-said
        asked_on: 2014-12-31
        question: Will the US say on the record whether it caused the outage by 2015?
        outcome: false
        settled_on: 2015-12-31
        explanation: It did not.
        sources: [dyn-20141222-who]
"""

ACH = """ratings:
  CC: {label: very consistent, side: consistent, inconsistency: 0}
  C: {label: consistent, side: consistent, inconsistency: 0}
  N: {label: neutral, side: neutral, inconsistency: 0}
  I: {label: inconsistent, side: inconsistent, inconsistency: 1}
  II: {label: very inconsistent, side: inconsistent, inconsistency: 2}
sources: [fbi-20141219-update]
matrices:
  - id: ach-test
    case: sony
    as_of: 2015-01-31
    title: Test the explanations
    prompt: Rate each item.
    hypotheses:
      - {id: state, label: A state did it}
      - {id: insider, label: An insider did it}
    evidence:
      - claim: sony-fbi-2014-12-19
        spoofable: true
        key: {state: C, insider: II}
        why: The FBI's grounds point to a state.
"""

ASSESSMENTS = """fields:
  - {id: judgment, label: Judgment, help: One sentence.}
  - {id: likelihood, label: Likelihood, help: An ICD 203 term.}
  - {id: confidence, label: Confidence, help: "High, moderate or low."}
  - {id: confidence_basis, label: Basis for your confidence, help: What it rests on.}
  - {id: evidence, label: Key evidence, help: Each with its source.}
  - {id: alternatives, label: Alternatives considered, help: Why each is less supported.}
  - {id: would_change, label: What would change your judgment, help: New evidence.}
examples:
  - id: example-test
    case: sony
    as_of: 2015-01-31
    title: An example
    judgment: North Korea's government likely ordered the attack.
    likelihood: likely
    confidence: moderate
    confidence_basis: The public grounds agree but the strongest evidence was withheld then.
    evidence:
      - {text: "The FBI named three grounds.", source: fbi-20141219-update}
      - {text: "Routing data showed the outage.", source: dyn-20141222-who}
    alternatives:
      - {hypothesis: Insiders, why: "No insider evidence was shown."}
      - {hypothesis: Hacktivists, why: "The tools had a state lineage."}
    would_change: Evidence of insider access.
    commentary:
      judgment: Clear.
      likelihood: Apt.
      confidence: Apt.
      confidence_basis: Stated.
      evidence: Sourced.
      alternatives: Addressed.
      would_change: Testable.
"""


def write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def seeds(tmp_path, monkeypatch):
    """A repository root with valid claims, timeline, outages, exercises and a bibliography."""
    monkeypatch.setenv("CASEBOOK_ROOT", str(tmp_path))
    folder = tmp_path / "seeds"
    folder.mkdir()
    (tmp_path / "book").mkdir()
    bib = tmp_path / "book" / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    write_csv(folder / "claims.csv", CLAIM_HEADER, [
        claim_row(),
        claim_row(id="outage-dyn-2014-12-22", case="outage", date="2014-12-22",
                  public_date="2014-12-22", later_status="confirmed", settled_on="2014-12-22",
                  speaker="Dyn Research", speaker_type="security-firm",
                  claim="All four networks left the internet.", evidence_kind="infrastructure",
                  public_evidence="yes", source_reliability="A", info_credibility="1",
                  q_layer="tactical", spoofability="low",
                  sources="dyn-20141222-who", in_seed_report="false", report_group=""),
    ])
    write_csv(folder / "keys.csv", KEY_HEADER, [
        key_row(),
        key_row(claim="outage-dyn-2014-12-22", tier_min="4", tier_max="4",
                deciding_axis="independence", diagnosticity="high",
                rationale="Public routing data, matched by other monitors."),
    ])
    write_csv(folder / "key_changes.csv", KEY_CHANGE_HEADER, [key_change_row()])
    write_csv(folder / "genealogy.csv", GENEALOGY_HEADER, [
        genealogy_row(),
        genealogy_row(id="uscert-alert", document="Alert TA14-353A", issuer="US-CERT",
                      kind="alert", claim="", rests_on="fbi-update", families="malware",
                      shown="yes"),
    ])
    (folder / "scale.yml").write_text(
        (Path(__file__).resolve().parents[2] / "seeds" / "scale.yml").read_text(encoding="utf-8"),
        encoding="utf-8")
    write_csv(folder / "timeline.csv", TIMELINE_HEADER, [
        {"id": "2014-12-19-fbi", "case": "sony", "date": "2014-12-19", "date_precision": "day",
         "date_end": "", "time_utc": "", "kind": "statement", "actor": "FBI",
         "event": "The FBI names North Korea.", "confidence": "high", "disagreement": "",
         "sources": "fbi-20141219-update"},
        {"id": "2014-12-22-blackout", "case": "outage", "date": "2014-12-22",
         "date_precision": "day", "date_end": "2014-12-23", "time_utc": "16:15",
         "kind": "outage", "actor": "unknown", "event": "North Korea goes offline.",
         "confidence": "high", "disagreement": "", "sources": "dyn-20141222-who"},
    ])
    write_csv(folder / "outages.csv", OUTAGE_HEADER, [
        {"id": "2014-12-22-dyn", "outage": "2014-12-22-blackout", "reported_by": "Dyn",
         "start_utc": "2014-12-22T16:15", "end_utc": "2014-12-23T01:46",
         "duration_minutes": "571", "basis": "measured", "note": "Dyn's routing data.",
         "sources": "dyn-20141222-who"},
    ])
    write_csv(folder / "network_counts.csv", NETWORK_HEADER, [
        network_row(),
        network_row(id="united-states", country="United States", networks="152000",
                    bound="more-than", as_of="2014-12-23"),
    ])
    (folder / "hedges.csv").write_text(HEDGES, encoding="utf-8")
    (folder / "estimative.yml").write_text(ESTIMATIVE, encoding="utf-8")
    (folder / "ach.yml").write_text(ACH, encoding="utf-8")
    (folder / "assessments.yml").write_text(ASSESSMENTS, encoding="utf-8")
    (folder / "exercises.yml").write_text(
        "questions:\n  - id: who-did-it\n    text: Who did it?\n"
        "exercises:\n"
        "  - id: ex-test\n    title: Test\n    case: sony\n    mixes_cases: true\n"
        "    question: who-did-it\n    as_of: 2014-12-31\n"
        "    prompt: Sort them.\n    claims: [sony-fbi-2014-12-19, outage-dyn-2014-12-22]\n",
        encoding="utf-8",
    )
    return folder, bib
