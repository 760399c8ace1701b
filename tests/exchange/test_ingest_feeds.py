"""Partner and wire feeds, fetched from a local HTTP server (never the network)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Source
from exchange import ingest

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Mitra Banten</title><link>https://mitra.example.id</link>
<item><title>Pemkot Cilegon Buka Pasar Murah</title><link>https://mitra.example.id/pasar-murah</link>
<guid>mitra-1</guid><pubDate>Sun, 11 May 2025 07:30:00 +0000</pubDate>
<description><![CDATA[<p>Warga Cilegon antre sejak pagi.</p><script>alert(1)</script><p onclick="x()">Harga beras turun.</p>]]></description></item>
<item><title>Banjir Rendam Dua Desa di Lebak</title><link>https://mitra.example.id/banjir-lebak</link>
<guid>mitra-2</guid><description>Pemkab Lebak mengirim bantuan.</description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Kantor Berita</title><id>urn:kb</id>
<updated>2025-05-11T07:30:00Z</updated>
<entry><title>Gubernur Banten Resmikan Jalan</title><id>urn:kb:1</id>
<link href="https://kb.example.id/jalan"/><updated>2025-05-11T07:30:00Z</updated>
<content type="html">&lt;p&gt;Jalan sepanjang 12 km diresmikan.&lt;/p&gt;</content></entry>
</feed>"""
LATIN1 = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Salah</title>'
    "<item><title>Kafe di Serang Ramai</title><link>https://salah.example.id/kafe</link>"
    "<description>Menu caf\xe9 baru</description></item></channel></rss>"
).encode("latin-1")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        routes = {
            "/rss": (RSS.encode(), "application/rss+xml"),
            "/atom": (ATOM.encode(), "application/atom+xml"),
            "/rusak": (b"<rss><channel><item><title>tidak ditutup", "application/rss+xml"),
            "/latin1": (LATIN1, "application/rss+xml; charset=utf-8"),
            "/besar": (b"<rss>" + b" " * 2_000_000 + b"</rss>", "application/rss+xml"),
        }
        if self.path == "/lambat":
            time.sleep(3)
        body, kind = routes.get(self.path, (RSS.encode(), "application/rss+xml"))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the ingester hangs up on huge and slow feeds on purpose: no traceback


@pytest.fixture
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def source(name, url, **fields):
    return Source.objects.create(
        name=name, slug=name.lower(), feed_url=url, kind="partner", **fields
    )


def run():
    out, err = StringIO(), StringIO()
    call_command("ingest_feeds", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_items_arrive_as_sanitized_drafts_with_attribution_and_link(server):
    mitra = source("Mitra", f"{server}/rss", attribution="Sumber: Mitra Banten")
    out, _err = run()
    assert "Mitra: 2 baru" in out
    pasar = Article.objects.get(original_url="https://mitra.example.id/pasar-murah")
    assert pasar.status == Article.Status.DRAFT and not pasar.is_public
    assert pasar.source == mitra and pasar.headline == "Pemkot Cilegon Buka Pasar Murah"
    assert "<script>" not in pasar.body and "onclick" not in pasar.body
    assert "Harga beras turun." in pasar.body
    assert "<em>Sumber: Mitra Banten</em>" in pasar.body
    assert 'href="https://mitra.example.id/pasar-murah"' in pasar.body
    assert pasar.region.code == "36.72"  # Pemkot Cilegon
    mitra.refresh_from_db()
    assert mitra.feed_checked_at and mitra.feed_status == "2 baru, 0 sudah ada"


def test_a_source_can_publish_directly(server):
    source("Kantor", f"{server}/atom", is_feed_published_directly=True)
    run()
    article = Article.objects.get(original_url="https://kb.example.id/jalan")
    assert article.is_public and article.published_at.isoformat().startswith("2025-05-11")


def test_entries_are_taken_once_by_guid_link_or_content(server):
    source("Mitra", f"{server}/rss")
    run()
    out, _err = run()
    assert "Mitra: 0 baru, 2 sudah ada" in out
    source("Kembar", f"{server}/rss?lagi")  # the same copy through another door
    out, _err = run()
    assert "Kembar: 0 baru, 2 sudah ada" in out
    assert Article.objects.count() == 2


def test_one_bad_feed_never_stops_the_others(server, monkeypatch):
    monkeypatch.setattr(ingest, "TIMEOUT_SECONDS", 1)
    monkeypatch.setattr(ingest, "MAX_BYTES", 1_000_000)
    for name, path in (
        ("Rusak", "rusak"),
        ("Lambat", "lambat"),
        ("Besar", "besar"),
        ("Latin", "latin1"),
    ):
        source(name, f"{server}/{path}")
    source("Baik", f"{server}/atom")
    source("Mati", "http://127.0.0.1:9/tidak-ada")
    out, err = run()
    assert "Baik: 1 baru" in out
    assert "Rusak: umpan rusak" in err
    assert "Lambat: umpan tidak menjawab dalam 1 detik" in err
    assert "Besar: umpan terlalu besar" in err
    assert "Mati: umpan tidak dapat diambil" in err
    assert "Latin: 1 baru" in out  # a wrong declared encoding is read anyway
    assert "café" in Article.objects.get(original_url="https://salah.example.id/kafe").body
    assert Source.objects.get(name="Lambat").feed_status.startswith("umpan tidak menjawab")


@pytest.mark.parametrize("directly", [False, True])
def test_only_stories_published_directly_start_a_new_page_generation(server, directly):
    from django.core.cache import cache

    from infra import pagecache

    source("Kantor", f"{server}/atom", is_feed_published_directly=directly)
    pagecache.invalidate()
    before = cache.get(pagecache.GENERATION_KEY)
    run()
    assert Article.objects.filter(original_url="https://kb.example.id/jalan").exists()
    assert (cache.get(pagecache.GENERATION_KEY) != before) is directly
