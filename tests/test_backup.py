"""deploy/backup and deploy/restore: a backup restored into an empty database and media
folder gives back the same stories, photos and files; a restore never overwrites."""

import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from articles.models import Article
from images.models import Image
from tests.factories import make_article, make_image

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="pg_dump and pg_restore back up PostgreSQL"
    ),
    pytest.mark.django_db(transaction=True),
]


def url(name: str) -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"


@pytest.fixture
def empty_database():
    name = f"newsroom_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(script, *args, **env):
    return subprocess.run(
        [str(ROOT / "deploy" / script), *args],
        cwd=ROOT,
        env={**os.environ, "NEWSROOM_TASKS": "immediate", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_a_backup_restored_into_an_empty_database_gives_back_the_same_content(
    base_data, empty_database, tmp_path, settings
):
    photo = make_image(renditions=True, caption="Istighosah di alun-alun")
    make_article(headline="Pemkab Serang Gelar Istighosah", lead_image=photo, tags=["doa"])
    make_article(headline="Polres Cilegon Amankan Mudik")
    media = Path(settings.MEDIA_ROOT)
    backed_up = run(
        "backup",
        str(tmp_path / "backups"),
        DATABASE_URL=url(connection.settings_dict["NAME"]),
        NEWSROOM_MEDIA_ROOT=str(media),
    )
    assert backed_up.returncode == 0, backed_up.stderr
    folder = backed_up.stdout.strip().splitlines()[-1]
    assert {"database.dump", "media.tar.gz", "SHA256SUMS"} <= set(os.listdir(folder))

    restored_media = tmp_path / "restored-media"
    restored = run(
        "restore",
        folder,
        DATABASE_URL=url(empty_database),
        NEWSROOM_MEDIA_ROOT=str(restored_media),
    )
    assert restored.returncode == 0, restored.stderr
    with psycopg.connect(url(empty_database)) as copy:
        headlines = copy.execute(
            "SELECT headline FROM articles_article ORDER BY headline"
        ).fetchall()
        captions = copy.execute("SELECT caption FROM images_image").fetchall()
        tags = copy.execute("SELECT name FROM taggit_tag").fetchall()
    assert [row[0] for row in headlines] == sorted(
        Article.objects.values_list("headline", flat=True)
    )
    assert [row[0] for row in captions] == list(Image.objects.values_list("caption", flat=True))
    assert [row[0] for row in tags] == ["doa"]
    assert files_under(restored_media) == files_under(media)


def test_a_restore_refuses_a_database_that_is_not_empty_and_a_damaged_backup(
    base_data, empty_database, tmp_path, settings
):
    make_article(headline="Tetap utuh")
    own = url(connection.settings_dict["NAME"])
    media = str(settings.MEDIA_ROOT)
    backed_up = run("backup", str(tmp_path), DATABASE_URL=own, NEWSROOM_MEDIA_ROOT=media)
    folder = backed_up.stdout.strip().splitlines()[-1]
    refused = run("restore", folder, DATABASE_URL=own, NEWSROOM_MEDIA_ROOT=str(tmp_path / "m"))
    assert refused.returncode != 0
    assert "not empty" in refused.stderr
    assert Article.objects.filter(headline="Tetap utuh").exists()

    with open(Path(folder) / "database.dump", "ab") as dump:
        dump.write(b"rusak")
    damaged = run(
        "restore", folder, DATABASE_URL=url(empty_database), NEWSROOM_MEDIA_ROOT=str(tmp_path / "n")
    )
    assert damaged.returncode != 0
    assert "checksums do not match" in damaged.stderr
