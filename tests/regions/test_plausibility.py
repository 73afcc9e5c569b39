"""Points that cannot be right, found by their neighbours: table-driven, no database."""

from __future__ import annotations

import pytest

from pimpasa.regions.plausibility import distance_km, far_points

NAMES = {
    "11.72": "Kota Sabang",
    "12.75": "Kota Binjai",
    "31": "Daerah Khusus Ibukota Jakarta",
    "73.72": "Kota Parepare",
    "81.08": "Kabupaten Maluku Barat Daya",
}


pytestmark = pytest.mark.usefixtures("english")


def test_distances_are_great_circle_kilometres():
    # Jakarta to Surabaya is about 660 km as the crow flies; a degree of latitude about 111 km
    assert round(distance_km((-6.2, 106.8), (-7.25, 112.75))) == 667
    assert round(distance_km((0.0, 120.0), (1.0, 120.0)), 1) == 111.2


@pytest.mark.parametrize(
    ("points", "far"),
    [
        pytest.param(
            {
                "31": (6.17, 106.82),
                "31.71": (-6.18, 106.83),
                "31.72": (-6.14, 106.88),
                "31.73": (-6.17, 106.76),
            },
            {
                "31": "the point lies 1372 km from the middle of the 3 kabupaten/kota of "
                "31 Daerah Khusus Ibukota Jakarta, which lie 6 km from it typically (allowed: 200 km)"
            },
            id="a provinsi with a lost minus sign, within the box around Indonesia",
        ),
        pytest.param(
            {
                "12.75": (2.6, 106.0),
                "12.75.01": (3.60, 98.48),
                "12.75.02": (3.63, 98.50),
                "12.75.03": (3.58, 98.49),
            },
            {
                "12.75": "the point lies 841 km from the middle of the 3 kecamatan of 12.75 Kota Binjai, "
                "which lie 2 km from it typically (allowed: 200 km)"
            },
            id="a misplaced kota is judged by its kecamatan, which keep their points",
        ),
        pytest.param(
            {"11.72": (5.82, 95.31), "11.72.01": (-6.62, 106.46), "11.72.02": (-6.13, 107.18)},
            {
                "11.72.01": "the point lies 1856 km from the point of 11.72 Kota Sabang (allowed: 300 km)",
                "11.72.02": "the point lies 1871 km from the point of 11.72 Kota Sabang (allowed: 300 km)",
            },
            id="two kecamatan that outvote their kota are still too far from it",
        ),
        pytest.param(
            {
                "73.72": (-4.03, 119.65),
                "73.72.01": (-4.03, 119.68),
                "73.72.02": (-7.21, 112.75),
                "73.72.03": (-7.03, 107.53),
                "73.72.04": (-4.04, 119.63),
            },
            {
                "73.72.02": "the point lies 839 km from the middle of 73.72 Kota Parepare and its "
                "4 kecamatan, which lie 6 km from it typically (allowed: 50 km)",
                "73.72.03": "the point lies 1380 km from the middle of 73.72 Kota Parepare and its "
                "4 kecamatan, which lie 6 km from it typically (allowed: 50 km)",
            },
            id="half the kecamatan misplaced: the kota's own point settles it",
        ),
        pytest.param(
            {
                "81.08": (-7.8, 127.8),
                "81.08.01": (-7.8, 127.2),
                "81.08.02": (-7.8, 128.4),
                "81.08.03": (-7.2, 127.8),
                "81.08.04": (-8.4, 127.8),
                "81.08.05": (-7.8, 126.5),
            },
            {},
            id="scattered islands spread wide, and an outlying one is still theirs",
        ),
        pytest.param(
            {"81.01": (-3.3, 128.9), "81.02": (-5.6, 132.7), "81.01.01": (-3.4, 129.0)},
            {},
            id="groups of fewer than three points are not judged",
        ),
    ],
)
def test_far_points_are_found_with_the_figures_that_show_why(points, far):
    assert far_points(points, NAMES) == far
