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
    with pytest.raises(DataProblem, match=r"stopped after|could not download"):
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
        # OGL sources carry the OGL statement; others (OpenStreetMap, the council's local indicators) their own terms.
        assert "Open Government Licence" in source.attribution or not source.licence.startswith("OGL")
    assert "not published statistics" in registry.get("local_indicators").attribution
    assert "© Crown copyright and database right 2021" in registry.get("lsoa2021_boundaries").attribution
    assert "Royal Mail" in registry.get("postcodes").attribution


@pytest.fixture
def ons_service(tmp_path):
    """A loopback server answering the ONS feature-service queries of the registry's national ward, constituency and
    postcode URLs: it records each request path and serves a small valid file for it."""
    requests = []

    class Service(_Handler):
        def do_GET(self):
            requests.append(self.path)
            body = b'{"type": "FeatureCollection", "features": []}' if "FeatureServer" in self.path else b"PK\x05\x06" + bytes(18)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Service, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def _served_from(source: registry.Source, base: str) -> registry.Source:
    """The registry entry with its official host swapped for the loopback server (path and query kept)."""
    official = source.download_url.split("/", 3)
    return dataclasses.replace(source, download_url=f"{base}/{official[3]}")


def test_national_ward_constituency_and_postcode_files_download_for_an_authority_outside_the_tees_valley(tmp_path, ons_service):
    base, requests = ons_service
    root = tmp_path / "sources"
    ids = ("wards2025_boundaries", "wards2022_boundaries", "pcon2024_boundaries", "pcon2010_boundaries", "postcodes")
    sources = [_served_from(registry.get(sid), base) for sid in ids]
    # Newcastle upon Tyne (E08000021) is outside every stored extract, so each file is downloaded; the official URLs
    # in sources.toml are the ONS feature services (wards filtered to the authority) and the ONS NSPL item.
    results = fetch(sources, root=root, progress=False, report=lambda _: None, lads=["E08000021"])
    assert [r.status for r in results] == ["downloaded"] * 5
    assert {r.path.name for r in results} == {"wards2025_bgc_E08000021.geojson", "wards2022_bgc_E08000021.geojson",
                                              "PCON_JULY_2024_UK_BUC.geojson", "PCON_DEC_2022_UK_BUC.geojson", "NSPL_FEB_2025_UK.zip"}
    assert "/arcgis/rest/services/WD_MAY_2025_UK_BGC_V2/FeatureServer/0/query?where=LAD25CD%3D%27E08000021%27" in requests[0]
    assert requests[4] == "/sharing/rest/content/items/525b74a332c84146add21c9b54f5ce68/data"
    # A Tees Valley authority is covered by the stored extracts: nothing is fetched for it.
    tees = root / "geo" / "wards2025_bgc_tees_valley.geojson"
    tees.write_text("{}")
    [kept] = fetch(sources[:1], root=root, progress=False, report=lambda _: None, lads=["E06000002"])
    assert kept.status == "present" and kept.path == tees and len(requests) == 5


def test_stored_extracts_cover_only_the_authorities_the_registry_lists(sources_dir):
    # geo/PROVENANCE.md: the _tees_valley files hold the five Tees Valley unitary authorities, _stockton files Stockton only.
    assert registry.find("wards2025_boundaries", sources_dir, "E06000004").name == "wards2025_bgc_stockton.geojson"
    assert registry.find("wards2025_boundaries", sources_dir, "E06000002").name == "wards2025_bgc_tees_valley.geojson"
    assert registry.find("wards2025_boundaries", sources_dir, "E08000021") is None
    assert registry.find("lsoa2021_boundaries", sources_dir, "E08000021").name == "lsoa2021_bgc_england.gpkg.zip"
    # Indicator files are read whole whatever the authority, though their names mention Stockton.
    assert registry.find("indicators_fingertips_health", sources_dir, "E06000002").name == "ohid_fingertips_health_stockton_england.csv"
