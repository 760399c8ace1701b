from django.test import RequestFactory

from infra.health import ceiling


def test_the_benchmark_ceiling_answers_the_size_asked_and_refuses_a_size_that_is_no_number():
    factory = RequestFactory()
    assert len(ceiling(factory.get("/bench/ceiling/", {"bytes": "300"})).content) == 300
    refused = ceiling(factory.get("/bench/ceiling/", {"bytes": "banyak"}))
    assert refused.status_code == 400
    assert b"bytes" in refused.content
