"""Settings come from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args, **env):
    """Run manage.py with only the given settings (and an empty, throw-away database)."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("NEWSROOM_")
    }
    environment.pop("REDIS_URL", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    environment["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/empty.sqlite3"
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_a_secret_key_refuses_to_start():
    result = run_manage("check")
    assert result.returncode != 0
    assert "NEWSROOM_SECRET_KEY must be set" in result.stderr


def test_deploy_check_is_clean_under_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        NEWSROOM_SECRET_KEY="k" * 20 + "a-long-random-production-secret-0123456789",
        NEWSROOM_ALLOWED_HOSTS="berita.example.id",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_local_debug_runs_with_nothing_configured():
    result = run_manage("check", NEWSROOM_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_every_setting_read_from_the_environment_is_listed_in_env_example():
    import re

    source = (ROOT / "newsroom" / "settings.py").read_text()
    source += (ROOT / "gunicorn.conf.py").read_text()
    read = set(re.findall(r'(?:environ\.get|env_bool|env_list|env_int)\(\s*"([A-Z_]+)"', source))
    read |= set(re.findall(r'env="([A-Z_]+)"', source))
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    assert read, "no environment variables found in settings"
    assert read <= listed, f"missing from .env.example: {sorted(read - listed)}"


def test_redis_url_selects_the_redis_cache():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        NEWSROOM_DEBUG="1",
        REDIS_URL="redis://127.0.0.1:6379/15",
    )
    # Django's Redis cache, failing open (infra/cache.py).
    assert result.stdout.strip() == "infra.cache.FailOpenRedisCache", result.stderr
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        NEWSROOM_DEBUG="1",
    )
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_database_url_selects_postgresql():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        NEWSROOM_DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


def test_replicas_bring_their_router_and_middleware_and_only_they_do():
    show = (
        "from django.conf import settings; "
        "print(settings.DATABASE_ROUTERS, 'infra.routers.PrimaryForWritesMiddleware' in "
        "settings.MIDDLEWARE, sorted(settings.DATABASES))"
    )
    result = run_manage("shell", "--no-imports", "-c", show, NEWSROOM_DEBUG="1")
    assert result.stdout.strip() == "[] False ['default']", result.stderr
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        show,
        NEWSROOM_DEBUG="1",
        DATABASE_REPLICA_URLS="sqlite:////tmp/replica.sqlite3",
    )
    assert result.stdout.strip() == (
        "['infra.routers.ReplicaRouter'] True ['default', 'replica0']"
    ), result.stderr
