"""A local oEmbed provider for the tests (never the network): videos at /video/<id>, its
oEmbed endpoint, thumbnails and a player page; some ids misbehave on purpose."""

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

from PIL import Image


def jpeg(size=(1280, 720), color=(20, 90, 160)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


class LocalProvider:
    def __init__(self):
        self.requests: list[str] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                provider.requests.append(self.path)
                parts = urlsplit(self.path)
                if parts.path == "/oembed":
                    return self.oembed(parse_qs(parts.query).get("url", [""])[0])
                if match := re.fullmatch(r"/thumb/(\w+)\.jpg", parts.path):
                    if match[1] == "notimage":
                        return self.answer(200, b"<html>not an image</html>", "image/jpeg")
                    return self.answer(200, jpeg(), "image/jpeg")
                if match := re.fullmatch(r"/player/(\w+)", parts.path):
                    page = (
                        f"<!doctype html><title>Pemutar</title><p id=player>Pemutar {match[1]}</p>"
                    )
                    return self.answer(200, page.encode(), "text/html")
                return self.answer(404, b"{}", "application/json")

            def oembed(self, url):
                ident = url.rsplit("/", 1)[-1]
                base = provider.url
                if ident == "gone":
                    return self.answer(404, b'{"error": "not found"}', "application/json")
                if ident == "slow":
                    time.sleep(3)
                if ident == "big":
                    return self.answer(200, b'{"type": "video", "x": "' + b"a" * 300_000 + b'"}')
                if ident == "bad":
                    return self.answer(200, b"<html>bukan json</html>", "text/html")
                if ident == "redirect":
                    self.send_response(302)
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                    self.end_headers()
                    return None
                thumb = f"{base}/thumb/{ident}.jpg"
                if ident == "farthumb":
                    thumb = "http://example.invalid/thumb.jpg"
                data = {
                    "type": "video",
                    "version": "1.0",
                    "title": f"Video {ident}: banjir di Serang",
                    "author_name": "Humas Pemkab Serang",
                    "author_url": f"{base}/humas",
                    "provider_name": "Lokal Video",
                    "thumbnail_url": thumb,
                    "width": 960,
                    "height": 540,
                    "html": (
                        f'<iframe src="{base}/player/{ident}" width="960" height="540">'
                        '</iframe><script src="https://evil.example/x.js"></script>'
                    ),
                }
                return self.answer(200, json.dumps(data).encode())

            def answer(self, status, body, kind="application/json"):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def settings(self) -> dict:
        """NEWSROOM_EMBED_PROVIDERS with this provider besides the real ones (which the
        tests never ask)."""
        from django.conf import settings

        return {
            **settings.NEWSROOM_EMBED_PROVIDERS,
            "lokal": {
                "name": "Lokal Video",
                "urls": [re.escape(self.url) + r"/video/(?P<id>\w+)"],
                "endpoint": f"{self.url}/oembed",
                "player": "iframe",
                "shape": "video",
                "thumbnails": ["127.0.0.1"],
                "csp": {"frame-src": [self.url]},
            },
        }

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
