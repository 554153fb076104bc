"""The outbox with a real Celery worker: a render recorded while the broker was down is run by
the worker once the broker is back, exactly once."""

import pytest

from endorsement import outbox
from endorsement.celery import app as celery_app
from endorsement.models import QueuedTask
from renewals.models import Certificate
from tests.renewals.endorsee_factories import endorse
from tests.renewals.test_worker_integration import REDIS_URL, redis_broker, start_worker, stop, wait_for  # noqa: F401

from .test_outbox import CLOSED_PORT, _reset_broker_connections

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("redis_broker"),
]


@pytest.fixture
def real_broker():
    def point_at(url):
        celery_app.conf.task_always_eager = False
        celery_app.conf.broker_url = url
        _reset_broker_connections()
        outbox._broker_down_until = 0.0

    yield point_at
    celery_app.conf.task_always_eager = True
    celery_app.conf.broker_url = "memory://"
    _reset_broker_connections()
    outbox._broker_down_until = 0.0


def test_a_render_recorded_while_the_broker_was_down_runs_once_on_a_worker(guidelines, real_broker, tmp_path):
    real_broker(f"redis://127.0.0.1:{CLOSED_PORT}/9")
    endorsement = endorse(name="Jordan Lee")  # approval's render is recorded; the broker refuses it
    certificate = Certificate.objects.get(endorsement=endorsement)
    row = QueuedTask.objects.get(task="renewals.tasks.render_certificate")
    assert row.done_at is None and not certificate.is_rendered()

    real_broker(REDIS_URL)
    worker = start_worker(tmp_path / "worker.log", pause=0)
    try:
        assert outbox.drain() == 2  # the render and the signing of the endorsement's credential

        def rendered():
            certificate.refresh_from_db()
            return certificate.is_rendered() and certificate.emailed_at is not None

        wait_for(rendered, 60, "the worker to render the certificate")
        wait_for(lambda: QueuedTask.objects.filter(pk=row.pk, done_at__isnull=False).exists(), 20, "done")
        assert outbox.drain() == 0
    finally:
        stop(worker)

    row.refresh_from_db()
    assert row.attempts == 1 and row.payload == ""
