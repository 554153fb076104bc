"""The production shape as docker-compose.yml writes it, checked without a Docker daemon.

`docker-compose config` (Debian's docker-compose) resolves the compose file with a five-line
.env; `caddy validate` checks the Caddyfile. Then web, worker and beat are started by hand with
the command lines and environment the resolved file gives them, only the addresses of
PostgreSQL, Redis and the S3 store pointed at 127.0.0.1 (an empty database, Redis db 4, moto's S3
server; each xdist worker has its own of each: tests/parallel.py): gunicorn with DEBUG=false
answers the container's own health check, the worker runs a
daily job and records its heartbeat, beat starts with its schedule file in the volume's place.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import yaml
from django.conf import settings

from tests.parallel import database_name, free_port, redis_url

pytestmark = pytest.mark.integration

BASE = Path(settings.BASE_DIR)
FIVE_LINES = (
    "SITE_DOMAIN=localhost\n"
    "CADDY_TLS=internal\n"
    "SECRET_KEY=compose-check-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ\n"
    "POSTGRES_PASSWORD=db0123456789abcdef\n"
    "S3_SECRET_KEY=s30123456789abcdef\n"
)
# Variables a volunteer adds to .env that compose once dropped on the floor.
EXTRA = {
    "EMAIL_PORT": "465",
    "EMAIL_USE_SSL": "true",
    "EMAIL_USE_TLS": "false",
    "SECURE_SSL_REDIRECT": "true",
    "TIME_ZONE": "America/Chicago",
    "SITE_NAME": "Lakes Association",
    "LOG_LEVEL": "INFO",
    "CELERY_VISIBILITY_TIMEOUT": "1800",
}
APP_SERVICES = ("web", "worker", "beat")
REDIS_URL = redis_url(4)
SERVICES_DB = database_name("endorsement_ops_services")


def need(program, package):
    if shutil.which(program) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{program} must be installed in CI (Debian package {package}; scripts/test.sh does)")
        pytest.skip(f"{program} is not installed (Debian package {package})")


def compose_config(tmp_path, env_text):
    need("docker-compose", "docker-compose")
    shutil.copy(BASE / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(BASE / "Caddyfile", tmp_path / "Caddyfile")
    (tmp_path / ".env").write_text(env_text, encoding="utf-8")
    clean = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    return subprocess.run(  # noqa: S603 - a fixed program on a copy of our compose file
        [shutil.which("docker-compose"), "config"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def resolved(tmp_path):
    extra = "".join(f"{key}={value}\n" for key, value in EXTRA.items())
    done = compose_config(tmp_path, FIVE_LINES + extra)
    assert done.returncode == 0, done.stderr
    return yaml.safe_load(done.stdout)["services"]


def test_every_variable_in_env_reaches_every_application_service(resolved):
    for name in APP_SERVICES:
        environment = resolved[name]["environment"]
        assert {key: environment[key] for key in EXTRA} == EXTRA, name
        assert environment["DEBUG"] == "false"
        assert environment["SITE_URL"] == "https://localhost"
        assert environment["ALLOWED_HOSTS"] == "localhost"
        assert (
            environment["DATABASE_URL"]
            == "postgres://endorsement:db0123456789abcdef@postgres:5432/endorsement"
        )
        assert environment["AWS_SECRET_ACCESS_KEY"] == resolved["minio"]["environment"]["MINIO_ROOT_PASSWORD"]


def test_every_service_restarts_is_pinned_and_is_checked(resolved):
    for name, service in resolved.items():
        if name == "minio-bucket":
            assert service["restart"] == "no"
        else:
            assert service["restart"] == "unless-stopped", name
        image = service["image"]
        if name not in APP_SERVICES:
            assert ":" in image and not image.endswith(":latest"), name
        if name not in {"beat", "minio-bucket"}:
            assert service["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}, name
    assert resolved["beat"]["healthcheck"]["test"] == ["NONE"]
    assert resolved["caddy"]["ports"][0]["published"] == 80
    assert "--appendonly" in resolved["redis"]["command"]
    assert any(volume.startswith("redis-data:/data") for volume in resolved["redis"]["volumes"])
    assert any(volume.startswith("beat-data:/app/var/beat") for volume in resolved["beat"]["volumes"])


def test_the_bucket_job_reads_the_keys_inside_its_container_and_ends(resolved):
    job = resolved["minio-bucket"]
    script = job["command"][0]
    # `config` prints $$ for the $ the container's shell sees: its own variables, whatever the keys.
    assert '"$$MINIO_ROOT_USER" "$$MINIO_ROOT_PASSWORD"' in script
    assert "until" not in script  # no endless loop: compose waits for MinIO's health check first
    assert job["depends_on"]["minio"]["condition"] == "service_healthy"
    for name in APP_SERVICES:
        assert resolved[name]["depends_on"]["minio-bucket"]["condition"] == "service_completed_successfully"


def test_compose_refuses_an_env_without_the_secret_key_naming_it(tmp_path):
    done = compose_config(tmp_path, FIVE_LINES.replace("SECRET_KEY=", "# SECRET_KEY="))

    assert done.returncode != 0
    assert "set SECRET_KEY in .env" in done.stderr


@pytest.mark.parametrize(
    ("domain", "tls"), [("localhost", "internal"), ("endorse.example.org", "ops@example.org")]
)
def test_the_caddyfile_is_valid_for_a_trial_and_for_a_real_domain(tmp_path, domain, tls):
    need("caddy", "caddy")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "SITE_DOMAIN": domain, "CADDY_TLS": tls}
    done = subprocess.run(  # noqa: S603 - a fixed program on our Caddyfile
        [shutil.which("caddy"), "adapt", "--config", str(BASE / "Caddyfile"), "--adapter", "caddyfile"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    config = yaml.safe_load(done.stdout)  # JSON is YAML
    server = config["apps"]["http"]["servers"]["srv0"]
    assert server["routes"][0]["match"][0]["host"] == [domain]
    issuers = config["apps"]["tls"]["automation"]["policies"][0]["issuers"]
    if tls == "internal":
        assert issuers == [{"module": "internal"}]
    else:
        assert {issuer["module"] for issuer in issuers} >= {"acme"} and issuers[0]["email"] == tls


# --- the services, started by hand ----------------------------------------------------------------


def local_url(name):
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def empty_database():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the services run on PostgreSQL, as in production")
    with psycopg.connect(local_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SERVICES_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{SERVICES_DB}"')
    yield local_url(SERVICES_DB)
    with psycopg.connect(local_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SERVICES_DB}" WITH (FORCE)')


@pytest.fixture
def s3_bucket(resolved):
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)  # a free port
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    environment = resolved["web"]["environment"]
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=environment["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=environment["AWS_SECRET_ACCESS_KEY"],
    ).create_bucket(Bucket=environment["AWS_STORAGE_BUCKET_NAME"])
    yield endpoint
    server.stop()


@pytest.fixture
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    client.ping()
    client.flushdb()
    yield client
    client.flushdb()


class Service:
    def __init__(self, name, command, env, log_path):
        self.name, self.log_path = name, log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - the compose file's own command line
            command, cwd=BASE, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self):
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


def service_env(resolved, name, database_url, tmp_path, *, s3_endpoint, web_address):
    env = {key: str(value) for key, value in resolved[name]["environment"].items()}
    env.update(
        PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        HOME=str(tmp_path),
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        BEAT_SCHEDULE_FILE=str(tmp_path / "beat" / "celerybeat-schedule"),
        BIND_ADDRESS=web_address,
        WEB_CONCURRENCY="2",
        WORKER_CONCURRENCY="1",
        DATA_DIR=str(tmp_path / "var"),
    )
    return env


def wait_for(predicate, timeout, what, service):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if service.process.poll() is not None:
            raise AssertionError(f"{service.name} exited ({service.process.returncode}):\n{service.output()}")
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}:\n{service.output()[-4000:]}")


def healthcheck(env):
    return subprocess.run(  # noqa: S603 - the image's HEALTHCHECK command
        [sys.executable, "-m", "endorsement.healthcheck"],
        cwd=BASE,
        env={**env, "HEALTHCHECK_ADDRESS": env["BIND_ADDRESS"]},
        capture_output=True,
        text=True,
        timeout=30,
    )


def heartbeat(database_url, name):
    with psycopg.connect(database_url) as conn:
        row = conn.execute("SELECT outcome FROM endorsement_jobheartbeat WHERE name = %s", [name]).fetchone()
    return row[0] if row else None


def test_web_worker_and_beat_start_with_their_compose_command_lines(
    resolved, empty_database, s3_bucket, redis_db, tmp_path
):
    import urllib.request

    (tmp_path / "beat").mkdir()
    started, collect = [], None
    addresses = {"s3_endpoint": s3_bucket, "web_address": f"127.0.0.1:{free_port()}"}
    try:
        web_env = service_env(resolved, "web", empty_database, tmp_path, **addresses)
        # What the Dockerfile does at build time, into this run's DATA_DIR, while web migrates.
        collect = subprocess.Popen(  # noqa: S603 - the Dockerfile's collectstatic
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=BASE,
            env=web_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        # As compose does, the three start together (worker and beat do not wait for web).
        web = Service("web", resolved["web"]["command"], web_env, tmp_path / "web.log")
        started.append(web)
        worker_env = service_env(resolved, "worker", empty_database, tmp_path, **addresses)
        worker = Service("worker", resolved["worker"]["command"], worker_env, tmp_path / "worker.log")
        started.append(worker)
        beat_env = service_env(resolved, "beat", empty_database, tmp_path, **addresses)
        beat = Service("beat", resolved["beat"]["command"], beat_env, tmp_path / "beat.log")
        started.append(beat)

        wait_for(lambda: "beat: Starting..." in beat.output(), 90, "beat to start", beat)
        wait_for(
            lambda: any((tmp_path / "beat").iterdir()),
            30,
            "beat to write its schedule file in its volume",
            beat,
        )
        wait_for(lambda: "ready." in worker.output(), 90, "the worker to be ready", worker)
        wait_for(lambda: healthcheck(web_env).returncode == 0, 180, "gunicorn to pass its health check", web)
        check = healthcheck(web_env)
        assert '"status": "ok"' in check.stdout and '"broker": "ok"' in check.stdout
        assert '"storage": "ok"' in check.stdout
        assert "orimha:" in web.output() and "Booting worker" in web.output()

        from celery import Celery

        sender = Celery("send", broker=REDIS_URL, set_as_current=False)
        sender.send_task("renewals.tasks.renewal_sweep")
        sender.close()

        # Plain http is sent to https; through the proxy (X-Forwarded-Proto) the home page answers.
        assert collect.wait(timeout=120) == 0, collect.stdout.read()
        plain = urllib.request.Request(f"http://{addresses['web_address']}/", headers={"Host": "localhost"})  # noqa: S310
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(plain, timeout=10)
        assert redirect.value.code == 301 and redirect.value.headers["Location"] == "https://localhost/"
        proxied = urllib.request.Request(  # noqa: S310
            f"http://{addresses['web_address']}/", headers={"Host": "localhost", "X-Forwarded-Proto": "https"}
        )
        with opener.open(proxied, timeout=10) as response:
            assert response.status == 200 and response.headers["X-Request-ID"]

        wait_for(
            lambda: heartbeat(empty_database, "renewal-sweep") == "succeeded",
            60,
            "the worker to run the renewal sweep and record its heartbeat",
            worker,
        )
    finally:
        if collect is not None and collect.poll() is None:
            collect.kill()
            collect.wait(timeout=10)
        for service in reversed(started):
            service.stop()
    assert web.process.returncode == 0, web.output()[-2000:]


class NoRedirect(__import__("urllib.request").request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
