"""The shipped catalog and catalog validation."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fixtures.make_catalog import make
from recommender.catalog import CatalogError, load_catalog, shipped_catalog_path


def test_shipped_catalog_has_the_promised_shape(catalog):
    videos = catalog.videos
    assert len(videos) >= 600
    genres = {v.genre for v in videos}
    assert len(genres) >= 14 and {"science", "math", "tech"} <= genres
    assert len({v.creator for v in videos}) >= 100
    assert all(2 <= len(v.hashtags) <= 5 for v in videos)
    tag_use = Counter(t for v in videos for t in v.hashtags)
    assert tag_use.most_common(1)[0][1] >= 50, "hashtags come from a shared pool"
    sounds = Counter(v.sound for v in videos)
    assert sounds.most_common(1)[0][1] >= 50, "a trending sound sits on many videos"
    assert all(7 <= v.duration_s <= 180 for v in videos)
    ages = [(catalog.as_of - v.uploaded_at) / 86400 for v in videos]
    assert min(ages) >= 0 and max(ages) <= 30 and sum(a < 7 for a in ages) > 50
    views = sorted(v.views for v in videos)
    assert views[-1] > 20 * views[len(views) // 2], "audience figures have a long tail"
    assert 0 < sum(v.mature for v in videos) < len(videos) // 5
    text = " ".join(v.title + v.caption for v in videos)
    assert "[" in text and re.search("[\u4e00-\u9fff]", text) and re.search("[\U0001F300-\U0001FAFF]", text)


def test_catalog_script_is_seeded_and_made_the_shipped_file():
    shipped = json.loads(shipped_catalog_path().read_text(encoding="utf-8"))
    assert make(shipped["seed"]) == shipped
    assert make(1) != shipped


def test_broken_catalog_names_file_row_and_field(tmp_path):
    data = json.loads(shipped_catalog_path().read_text(encoding="utf-8"))
    data["videos"][4]["duration_s"] = "long"
    path = tmp_path / "cat.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    assert str(err.value) == f"{path}: row 5, field 'duration_s': must be a number, got 'long'"


def test_catalog_that_is_not_json_says_where(tmp_path):
    path = tmp_path / "cat.json"
    path.write_text('{"videos": [\n{"id": }')
    with pytest.raises(CatalogError, match=r"cat.json: not valid JSON at line 2"):
        load_catalog(path)
