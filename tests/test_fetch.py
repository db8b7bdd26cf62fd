"""Fetching sources: present files are kept; missing ones download from a (loopback) publisher URL."""

from __future__ import annotations

import dataclasses
import http.server
import threading
from functools import partial

import pytest

from datafiles.errors import DataProblem
from fsot_data import registry
from fsot_data.fetch import download, fetch


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        if self.path == "/truncated.csv":  # promises more bytes than it sends
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"a,b\n1,2\n")
            return
        super().do_GET()


@pytest.fixture
def publisher(tmp_path):
    """A loopback HTTP server standing in for the publisher."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "claims.csv").write_text("claim_id,claim\nX,Nine wards\n", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_missing_sources_are_downloaded_and_present_ones_kept(tmp_path, publisher):
    root = tmp_path / "sources"
    claims = dataclasses.replace(registry.get("published_claims"), download_url=f"{publisher}/claims.csv")
    lookup = registry.get("lsoa11_ward19_lookup")
    kept = root / lookup.paths[0]
    kept.parent.mkdir(parents=True)
    kept.write_text("already here")
    results = {r.source_id: r for r in fetch([claims, lookup], root=root, progress=False, report=lambda _: None)}
    assert results["published_claims"].status == "downloaded"
    assert (root / claims.paths[0]).read_text(encoding="utf-8").startswith("claim_id")
    assert results["lsoa11_ward19_lookup"].status == "present" and kept.read_text() == "already here"


def test_a_source_with_no_direct_download_says_where_to_get_it(tmp_path):
    boundaries = registry.get("lsoa2021_boundaries")
    [result] = fetch([boundaries], root=tmp_path, progress=False, report=lambda _: None)
    assert result.status == "manual" and "geoportal.statistics.gov.uk" in result.detail


def test_a_cut_off_download_leaves_nothing_behind(tmp_path, publisher):
    target = tmp_path / "downloads" / "out.csv"
    with pytest.raises(DataProblem, match="stopped after|could not download"):
        download(f"{publisher}/truncated.csv", target, progress=False)
    assert not target.exists() and not list(target.parent.iterdir())


def test_a_missing_file_at_the_publisher_names_the_url(tmp_path, publisher):
    with pytest.raises(DataProblem, match="404") as caught:
        download(f"{publisher}/gone.csv", tmp_path / "gone.csv", progress=False)
    assert f"{publisher}/gone.csv" in caught.value.problem


def test_every_registered_source_is_fully_described():
    for source in registry.all_sources().values():
        assert source.title and source.publisher and source.edition and source.geography and source.licence
        assert source.paths and source.page_url.startswith("https://")
        assert "Open Government Licence" in source.attribution
    assert "© Crown copyright and database right 2021" in registry.get("lsoa2021_boundaries").attribution
    assert "Royal Mail" in registry.get("postcodes").attribution
