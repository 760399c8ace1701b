"""The deploy kit as it runs: Debian's nginx with deploy/nginx/newsroom.conf (only its
paths and ports changed) in front of gunicorn serving a site with a published story and
its photo. Every page, photo, feed and sitemap must answer right through the proxy."""

import gzip
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from infra.compression import decompress
from tests.faults import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SITE = ROOT / "deploy" / "nginx" / "newsroom.conf"

SETUP = """
from django.core.management import call_command
from images.services import refresh_renditions, store_upload
from images.uploads import clean_upload
from tests.factories import make_article, uploaded
call_command("setup_demo", verbosity=0)
photo = store_upload(clean=clean_upload(uploaded(size=(1600, 900))), user=None,
                     alt="Warga berdoa", credit="Dok. Humas")
photo = refresh_renditions(image_id=photo.pk)
article = make_article(headline="Istighosah Kubro di Alun-alun Serang", lead_image=photo,
                       body="<p>" + "Ribuan warga memadati alun-alun. " * 60 + "</p>")
print(article.get_absolute_url())
print(photo.renditions["crops"]["16x9"][0]["jpg"])
"""


def site_config(app_port: int, port: int, base: Path) -> str:
    """deploy/nginx/newsroom.conf with this run's ports and folders, nothing else."""
    text = SITE.read_text()
    replacements = {
        "server 127.0.0.1:8001;": f"server 127.0.0.1:{app_port};",
        "listen 80;": f"listen 127.0.0.1:{port};",
        "listen [::]:80;": "",
        "/var/cache/nginx/newsroom": str(base / "cache"),
        "/srv/newsroom/static/": f"{base / 'static'}/",
        "/srv/newsroom/media/": f"{base / 'media'}/",
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx/newsroom.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


def main_config(base: Path, *, workers: int = 1) -> str:
    """nginx's own configuration for a run in ``base``, including the site."""
    # As root (CI), workers would run as nobody, who may not enter pytest's folders.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""{user}
worker_processes {workers};
pid {base / "nginx.pid"};
error_log {base / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {base / "tmp-body"};
    proxy_temp_path {base / "tmp-proxy"};
    include {base / "site.conf"};
}}
"""


@pytest.fixture(scope="module")
def proxied_site(tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.fail("nginx is needed for the deploy test: apt-get install nginx-light")
    base = tmp_path_factory.mktemp("deploy")
    app_port, port = free_port(), free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NEWSROOM_", "DATABASE_", "REDIS_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DATABASE_URL=f"sqlite:///{base / 'site.sqlite3'}",
        NEWSROOM_SECRET_KEY="deploy-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        NEWSROOM_ALLOWED_HOSTS="127.0.0.1,localhost",
        NEWSROOM_SITE_URL="https://localhost",
        NEWSROOM_STATIC_ROOT=str(base / "static"),
        NEWSROOM_MEDIA_ROOT=str(base / "media"),
        NEWSROOM_TASKS="immediate",
        NEWSROOM_PROXY_COUNT="1",
        NEWSROOM_HSTS_SECONDS="0",
        NEWSROOM_LOG_LEVEL="WARNING",
        GUNICORN_BIND=f"127.0.0.1:{app_port}",
        GUNICORN_WORKERS="2",
        GUNICORN_ACCESS_LOG="/dev/null",
        PYTHONPATH=str(ROOT),
    )

    def manage(*args, **kwargs):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            **kwargs,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "--no-input", "-v", "0")
    manage("collectstatic", "--no-input", "-v", "0")
    story, crop = manage("shell", "--no-imports", "-c", SETUP).split()[-2:]
    (base / "cache").mkdir()
    (base / "site.conf").write_text(site_config(app_port, port, base))
    (base / "nginx.conf").write_text(main_config(base))
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "newsroom.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    nginx = subprocess.Popen(
        [NGINX, "-p", str(base), "-c", str(base / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        try:
            wait_for(app_port)
            wait_for(port)
        except TimeoutError:
            for process in (gunicorn, nginx):
                process.kill()
            pytest.fail(f"{gunicorn.communicate()[1]}\n{nginx.communicate()[1]}")
        yield {"port": port, "story": story, "crop": f"/media/{crop}", "base": base}
    finally:
        nginx.send_signal(signal.SIGQUIT)
        gunicorn.terminate()
        nginx.wait(timeout=30)
        gunicorn.wait(timeout=30)


def fetch(site, path, *, method="GET", headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", site["port"], timeout=30)
    sent = {"Host": "localhost", "X-Forwarded-Proto": "https", **(headers or {})}
    connection.request(method, path, body=body, headers=sent)
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


def unpacked(response, content) -> bytes:
    return decompress(content, response.getheader("Content-Encoding"))


def test_every_kind_of_page_answers_through_the_proxy(proxied_site):
    for path in (
        "/",
        proxied_site["story"],
        "/rss/",
        "/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/robots.txt",
        "/cari/?q=warga",
        "/admin/login/",
    ):
        response, content = fetch(proxied_site, path)
        assert response.status == 200, (path, response.status, content[:300])
    response, _ = fetch(proxied_site, "/berita/999999/tidak-ada/")
    assert response.status == 404


def test_a_photo_crop_comes_from_disk_with_nosniff_and_long_caching(proxied_site):
    response, content = fetch(proxied_site, proxied_site["crop"])
    assert response.status == 200
    assert response.getheader("Content-Type") == "image/jpeg"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert "immutable" in response.getheader("Cache-Control")
    assert content[:3] == b"\xff\xd8\xff"


def test_nothing_uploaded_can_run_or_render_as_a_page(proxied_site):
    media = proxied_site["base"] / "media"
    (media / "evil.html").write_text("<script>alert(1)</script>")
    (media / "evil.php").write_text("<?php echo 1; ?>")
    for name in ("evil.html", "evil.php"):
        response, _ = fetch(proxied_site, f"/media/{name}")
        assert response.status == 403, name


def test_static_files_come_precompressed_and_immutable(proxied_site):
    manifest = (proxied_site["base"] / "static" / "staticfiles.json").read_text()
    css = next(
        name
        for name in json.loads(manifest)["paths"].values()
        if name.startswith("css/") and name.endswith(".css")
    )
    response, content = fetch(proxied_site, f"/static/{css}", headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "immutable" in response.getheader("Cache-Control")
    assert gzip.decompress(content)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_html_and_feeds_arrive_compressed(proxied_site, encoding):
    for path in ("/", proxied_site["story"], "/rss/", "/atom/"):
        _plain_response, plain = fetch(proxied_site, path)
        response, content = fetch(
            proxied_site, path, headers={"Accept-Encoding": f"{encoding}, deflate"}
        )
        assert response.getheader("Content-Encoding") == encoding, path
        assert len(content) < len(plain)
        assert unpacked(response, content) == plain, path


def test_pages_answer_304_through_the_proxy(proxied_site):
    for headers in ({}, {"Accept-Encoding": "gzip"}):
        response, _ = fetch(proxied_site, proxied_site["story"], headers=headers)
        etag = response.getheader("ETag")
        assert etag
        again, content = fetch(
            proxied_site, proxied_site["story"], headers={**headers, "If-None-Match": etag}
        )
        assert again.status == 304, headers
        assert content == b""


def test_readers_pages_are_served_from_the_proxy_cache_and_editors_never_are(proxied_site):
    story = proxied_site["story"]
    fetch(proxied_site, story)
    response, _ = fetch(proxied_site, story)
    assert response.getheader("X-Cache") == "HIT"
    assert response.getheader("X-Accel-Expires") is None  # nginx keeps it to itself
    staff, _ = fetch(proxied_site, story, headers={"Cookie": "sessionid=abc"})
    assert staff.getheader("X-Cache") == "BYPASS"


def test_nginx_and_the_application_key_pages_alike(proxied_site):
    """A tracking or unknown parameter is a hit in nginx once the clean page is kept;
    the parameters a page uses make their own entry, in both caches alike."""
    story = proxied_site["story"]
    fetch(proxied_site, story)
    for noise in ("fbclid=IwAR1", "fbclid=IwAR2", "utm_source=wa&utm_medium=social", "x=1"):
        response, _ = fetch(proxied_site, f"{story}?{noise}")
        assert response.getheader("X-Cache") == "HIT", noise
    fetch(proxied_site, "/rubrik/pemerintahan/?page=1")
    first, _ = fetch(proxied_site, "/rubrik/pemerintahan/?page=1&fbclid=IwAR3")
    other, _ = fetch(proxied_site, "/rubrik/pemerintahan/?page=2")
    assert first.getheader("X-Cache") == "HIT"
    assert other.getheader("X-Cache") in ("MISS", "EXPIRED")  # its own entry


def test_a_search_flood_from_one_address_is_refused_by_nginx_and_pages_still_answer(
    proxied_site,
):
    # Sent at once, as a flood is: one after another on a slow machine, each request takes
    # long enough for nginx's bucket (20/s) to refill between them.
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(
            pool.map(lambda n: fetch(proxied_site, f"/cari/?q=banjir{n}")[0].status, range(80))
        )
    assert statuses.count(429) >= 20, statuses  # beyond the burst nginx answers itself
    page, _ = fetch(proxied_site, proxied_site["story"])
    assert page.status == 200  # pages are not limited


def test_https_redirect_only_when_the_proxy_says_the_request_was_plain_http(proxied_site):
    for told in ("http", None):
        headers = {"X-Forwarded-Proto": told} if told else {}
        connection = http.client.HTTPConnection("127.0.0.1", proxied_site["port"], timeout=30)
        connection.request("GET", "/rss/", headers={"Host": "localhost", **headers})
        response = connection.getresponse()
        assert response.status == 301, told
        assert response.getheader("Location") == "https://localhost/rss/"
        connection.close()
    response, _ = fetch(proxied_site, "/rss/")  # X-Forwarded-Proto: https
    assert response.status == 200


def test_the_login_lockout_sees_the_real_client_address_not_a_forged_one(proxied_site):
    """Behind one proxy, X-Forwarded-For's last address is the client as nginx saw it;
    an address the client wrote in front of it changes nothing."""
    from urllib.parse import urlencode

    statuses = []
    for attempt in range(7):
        page, content = fetch(proxied_site, "/admin/login/")
        token = content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        cookie = page.getheader("Set-Cookie").split(";")[0]
        response, _ = fetch(
            proxied_site,
            "/admin/login/",
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": cookie,
                "Referer": "https://localhost/admin/login/",
                "X-Forwarded-For": f"203.0.113.{attempt}",  # forged, different every time
            },
            body=urlencode(
                {"username": "redaksi", "password": "salah", "csrfmiddlewaretoken": token}
            ),
        )
        statuses.append(response.status)
    assert statuses[:4] == [200] * 4  # the form again, with its error
    assert 429 in statuses[4:] or 403 in statuses[4:], statuses  # locked out
