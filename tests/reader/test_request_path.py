"""How much of the project a reader's article request runs through, counted: a newcomer
follows it in docs/architecture.md, and it must not quietly grow."""

import sys
from pathlib import Path

import pytest

from tests.factories import make_article, make_image

ROOT = Path(__file__).resolve().parents[2]
# docs/architecture.md, "What an article request crosses", lists them.
# 16 with the local-memory cache; with Redis the fail-open cache backend (infra/cache.py)
# runs too, when the page's ads are looked up in the cache.
MAX_MODULES = 17


def project_modules_run_by(request) -> set[str]:
    run = set()

    def note(frame, event, arg):
        name = frame.f_code.co_filename
        if name.startswith(str(ROOT)) and "/.venv/" not in name and "/tests/" not in name:
            run.add(str(Path(name).relative_to(ROOT)))

    sys.setprofile(note)
    try:
        response = request()
    finally:
        sys.setprofile(None)
    assert response.status_code == 200
    return {name for name in run if name.endswith(".py")}


@pytest.mark.django_db
def test_an_article_request_runs_through_at_most_seventeen_project_modules(client):
    article = make_article(tags=["banjir"], lead_image=make_image(renditions=True))
    url = article.get_absolute_url()
    client.get(url)  # the first request builds what a process keeps
    modules = project_modules_run_by(lambda: client.get(url))
    assert "reader/views.py" in modules  # the count sees the request's own code
    assert len(modules) <= MAX_MODULES, sorted(modules)
    # A story without embeds or galleries never runs their code (blocks/).
    assert not [name for name in modules if name.startswith("blocks/")], sorted(modules)
