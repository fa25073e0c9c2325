"""The network counts behind chapter 2's comparison: valid rows load, malformed rows are named."""

from __future__ import annotations

import pytest

from casebook import load_network_counts
from casebook.data import SeedError

from .conftest import NETWORK_HEADER, network_row, write_csv


def broken_counts(seeds, rows):
    folder, bib = seeds
    write_csv(folder / "network_counts.csv", NETWORK_HEADER, rows)
    with pytest.raises(SeedError) as info:
        load_network_counts(folder, bib)
    return [str(p) for p in info.value.problems]


def test_fixture_loads_fewest_first(seeds):
    counts = load_network_counts(*seeds)
    assert counts["id"].tolist() == ["north-korea", "united-states"]
    assert counts["networks"].tolist() == [4, 152000]
    assert counts["more_than"].tolist() == [False, True]
    assert counts.iloc[0]["sources"] == ["dyn-20141222-who"]


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"networks": "about 370"}, "networks",
         "expected a whole number of networks above 0, got 'about 370'"),
        ({"networks": "0"}, "networks", "expected a whole number of networks above 0, got '0'"),
        ({"bound": "approx"}, "bound", "expected one of exact, more-than, got 'approx'"),
        ({"as_of": "22 Dec 2014"}, "as_of", "expected an ISO date (YYYY-MM-DD)"),
        ({"sources": "nyt-missing"}, "sources",
         "source key 'nyt-missing' is not in book/references.bib"),
    ],
)
def test_malformed_row_names_file_line_id_field(seeds, changes, field, expected):
    messages = broken_counts(seeds, [network_row(),
                                     network_row(id="yemen", country="Yemen", **changes)])
    assert len(messages) == 1, messages
    assert messages[0].startswith(
        f"seeds/network_counts.csv, line 3, id 'yemen', field '{field}': ")
    assert expected in messages[0]


def test_a_country_counted_twice(seeds):
    messages = broken_counts(seeds, [network_row(), network_row(id="dprk", country="north korea")])
    assert messages == ["seeds/network_counts.csv, line 3, id 'dprk', field 'country': "
                        "country 'north korea' is already counted on line 2"]


def test_the_course_data():
    counts = load_network_counts().set_index("id")
    assert counts.loc["north-korea", "networks"] == 4
    assert counts["networks"].idxmin() == "north-korea"
    # Only the US figure is a lower bound ("more than 152,000").
    assert counts.index[counts["more_than"]].tolist() == ["united-states"]
