"""Throughput of the public redirect /r/<code> against a trivial Django 302, as in production.

    make bench-redirect            # or: .venv/bin/python bench/redirect.py [--duration 20] [--backend ...]
    make bench-redirect KILL=1     # SIGKILL one server worker in the middle of the redirect run

For SQLite, then for PostgreSQL when a server answers on 127.0.0.1:5432 (a fresh database
`ambassade_bench` is created and dropped; BENCH_POSTGRES_URL names the server, default
postgres://postgres@127.0.0.1:5432/postgres), in a temporary DATA_DIR with a fresh, migrated database:

1. creates an organisation with job offers, people, campaigns and --links real tracked links;
2. starts the app as in production on loopback: granian's WSGI interface, 2 workers of at most 16 threads
   (GRANIAN_OPTIONS), DEBUG off, DATABASE_CONN_MAX_AGE=60, TRUSTED_PROXIES=127.0.0.1 (so that
   X-Forwarded-For names the visitor) and BENCH_BASELINE=true, which mounts the reference points:
   (a) /links/-baseline, a trivial view answering a 302 with no database work, through the whole
   middleware stack like any page, and (a') the same view at /r/-baseline, through the /r/ fast path;
3. warms every path up, then runs wrk (threads × connections, --duration seconds each) on (a), (a') and
   (b) /r/<code> rotating over the links, every request from a new simulated visitor (its own
   X-Forwarded-For address, browser user agents): every 302 must record one human click;
4. prints requests/s, p50 and p99 latency and the CPU time per request (server, database and wrk: on a
   machine shared with other work it is steadier than requests/s), the ratio (b)/(a), the number of 302
   answers and of human clicks recorded; the last line of each backend is one JSON object (the last line
   of the output is the last backend's).

At the end of each run wrk's connections stop sending (bench/redirect.lua), so that no request is in
flight when wrk stops and `recorded` can be compared with the 302s received exactly. With --kill, a
worker is killed mid-run: a click may then be recorded whose answer was lost with the worker (recorded
≥ responses), but no 302 may have been answered without its click (lost must be 0).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "redirect.lua"
TAIL_SECONDS = 2  # wrk runs this long past the deadline, idle, so that nothing is left in flight
POSTGRES_DATABASE = "ambassade_bench"
# As production should run it (docs/performance.md): 2 workers, each with at most 16 threads running
# Django (so at most 32 database connections). BENCH_GRANIAN_OPTIONS replaces "--blocking-threads 16".
GRANIAN_OPTIONS = [
    "--workers",
    "2",
    *os.environ.get("BENCH_GRANIAN_OPTIONS", "--blocking-threads 16").split(),
]
CLEARED = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "TASKS_MODE", "DEBUG", "DJANGO_SETTINGS_MODULE")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", nargs="?", default="run", choices=["run", "setup", "count"])
    parser.add_argument("--duration", type=int, default=20, help="seconds of each measured run (20)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (32)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--links", type=int, default=200, help="tracked links to rotate over (200)")
    parser.add_argument("--kill", action="store_true", help="SIGKILL one worker in the middle of the run")
    parser.add_argument("--backend", choices=["all", "sqlite", "postgresql"], default="all")
    parser.add_argument("--output", type=Path, help="(setup) where to write the links' codes")
    parser.add_argument("--after", type=int, default=0, help="(count) count the clicks after this id")
    args = parser.parse_args()
    if args.command == "setup":
        _django()
        links_setup(count=args.links, output=args.output)
        return 0
    if args.command == "count":
        _django()
        print(json.dumps(clicks_count(after=args.after)))
        return 0
    return run(args)


# --- inside the benchmark's environment (subprocesses) ------------------------------------------


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def links_setup(*, count: int, output: Path) -> None:
    """An organisation as the demo has it: offers on two career sites, people, campaigns, links."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from ambassade.careers.models import JobOffer, JobOfferTranslation
    from ambassade.links.models import Channel
    from ambassade.links.services import campaign_save, tracked_link_create
    from ambassade.orgs.models import Entity, Organisation, Person

    rng = random.Random(2026)
    organisation = Organisation.objects.create(name="Banc d'essai", slug="banc-essai")
    hq = Entity.objects.create(organisation=organisation, name="Siège", slug="siege", kind="corporate")
    south = Entity.objects.create(
        organisation=organisation, name="Sud", slug="sud", host="emplois-sud.example"
    )
    offers = []
    for number in range(12):
        offer = JobOffer.objects.create(
            organisation=organisation, entity=rng.choice([hq, south]), reference=f"B-{number:03d}",
            contract_type=JobOffer.Contract.FULL_TIME, status=JobOffer.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(days=3),
        )  # fmt: skip
        JobOfferTranslation.objects.create(
            offer=offer, language="fr", title=f"Chargé·e de mission n°{number}", description="<p>Poste</p>"
        )
        offers.append(offer)
    people = [
        Person.objects.create(
            organisation=organisation,
            entity=hq,
            hr_id=f"B{n:04d}",
            first_name="Agent",
            last_name=f"N{n}",
            email=f"agent{n}@example.org",
        )  # fmt: skip
        for n in range(30)
    ]
    campaigns = [
        campaign_save(actor=None, organisation=organisation, name=f"Campagne {n}", slug=f"campagne-{n}")
        for n in range(3)
    ]
    codes = []
    for _ in range(count):
        kind = rng.random()
        target: dict[str, Any]
        if kind < 0.6:
            target = {"target_type": "job", "job": rng.choice(offers)}
        elif kind < 0.9:
            target = {"target_type": "career_page", "entity": rng.choice([hq, south])}
        else:
            target = {"target_type": "news", "url": f"{settings.SITE_URL}/actualites/{rng.randint(1, 99)}"}
        link = tracked_link_create(
            actor=None, organisation=organisation, channel=rng.choice(Channel.values),
            ambassador=rng.choice(people) if rng.random() < 0.7 else None,
            campaign=rng.choice(campaigns) if rng.random() < 0.5 else None, **target,
        )  # fmt: skip
        codes.append(link.code)
    output.write_text("\n".join(codes) + "\n", encoding="utf-8")


def clicks_count(*, after: int) -> dict[str, Any]:
    from django.db.models import Count, Max

    from ambassade.links.models import Click

    clicks = Click.objects.filter(id__gt=after)
    by_reason = dict(clicks.values("reason").annotate(n=Count("id")).values_list("reason", "n"))
    return {
        "last_id": Click.objects.aggregate(last=Max("id"))["last"] or 0,
        "human": by_reason.pop("", 0),
        "drops": by_reason,
    }


# --- the orchestration ----------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    if subprocess.run(["wrk", "--version"], capture_output=True).returncode not in (0, 1):
        print("wrk is missing: sudo apt-get install wrk (make bench-redirect installs it).", file=sys.stderr)
        return 2
    backends = ["sqlite", "postgresql"] if args.backend == "all" else [args.backend]
    if "postgresql" in backends and not _postgres_answers():
        if args.backend == "postgresql":
            print("PostgreSQL does not answer on 127.0.0.1:5432.", file=sys.stderr)
            return 2
        print("PostgreSQL does not answer on 127.0.0.1:5432: SQLite only.\n")
        backends.remove("postgresql")
    results = [backend_bench(backend, args) for backend in backends]
    failed = [r for r in results if r["lost"] or (not args.kill and r["recorded"] != r["responses"])]
    for result in results:
        print(json.dumps(result))
    return 1 if failed else 0


def _postgres_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _postgres_admin_url() -> str:
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _postgres_database(action: str) -> str:
    import psycopg

    admin = _postgres_admin_url()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")
        if action == "create":
            connection.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
    return admin.rsplit("/", 1)[0] + f"/{POSTGRES_DATABASE}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(data_dir: str, port: int, database_url: str | None) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in CLEARED}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATA_DIR=data_dir,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        TRUSTED_PROXIES="127.0.0.1",
        BENCH_BASELINE="true",
        DATABASE_CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _python(env: dict[str, str], *arguments: str) -> str:
    result = subprocess.run([sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def backend_bench(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    database_url = _postgres_database("create") if backend == "postgresql" else None
    try:
        with tempfile.TemporaryDirectory(prefix="ambassade-bench-") as data_dir:
            port = _free_port()
            env = _environment(data_dir, port, database_url)
            codes = Path(data_dir) / "codes.txt"
            _python(env, "manage.py", "migrate", "--no-input", "-v", "0")
            _python(
                env,
                str(Path(__file__).resolve()),
                "setup",
                "--links",
                str(args.links),
                "--output",
                str(codes),
            )
            server = _server_start(env, port)
            try:
                return _measure(backend, args, env, port, codes, server)
            finally:
                _server_stop(server)
    finally:
        if database_url:
            _postgres_database("drop")


def _server_start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    granian = Path(sys.executable).parent / "granian"
    command = [
        str(granian), "--interface", "wsgi", *GRANIAN_OPTIONS, "--host", "127.0.0.1", "--port", str(port),
        "--no-ws", "--log-level", "warning", "--respawn-failed-workers",
        os.environ.get("BENCH_WSGI_TARGET", "config.wsgi:application"),
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            probe.request("GET", "/r/-baseline")
            status = probe.getresponse().status
            probe.close()
        except OSError:
            time.sleep(0.2)
            continue
        if status == 302 and len(_workers(server.pid)) >= 2:
            return server
        time.sleep(0.2)
    _server_stop(server)
    raise RuntimeError("the server did not start within 30 s")


def _server_stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _workers(parent: int) -> list[int]:
    """The server's worker processes: the children of granian's main process."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return sorted(children)


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes (/proc/<pid>/stat)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _server_pids(server: subprocess.Popen[bytes], database: str | None) -> list[int]:
    """granian's processes and, on PostgreSQL, the server processes serving the benchmark's database."""
    pids = [server.pid, *_workers(server.pid)]
    if database:
        import psycopg

        with psycopg.connect(_postgres_admin_url(), autocommit=True) as connection:
            rows = connection.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [database])
            pids += [row[0] for row in rows]
    return pids


def _wrk(mode: str, *, port: int, codes: Path, run: int, seconds: int, args: argparse.Namespace,
         server: subprocess.Popen[bytes], database: str | None = None,
         kill: bool = False) -> dict[str, Any]:  # fmt: skip
    deadline = time.time() + seconds
    command = [
        "wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds + TAIL_SECONDS}s",
        "--timeout", "10s", "-s", str(LUA), f"http://127.0.0.1:{port}", "--", mode, str(codes), str(run),
        f"{deadline:.3f}",
    ]  # fmt: skip
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(0.5)  # the database connections exist once the first requests are in
    pids = _server_pids(server, database)
    server_before = _cpu_seconds(pids)
    killed = None
    if kill:
        time.sleep(seconds / 2 - 0.5)
        killed = _workers(server.pid)[0]
        server_before -= _cpu_seconds([killed])  # its time so far is lost with it
        os.kill(killed, signal.SIGKILL)
    out, err = wrk.communicate()
    server_cpu = _cpu_seconds(pids) - server_before
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (children_after.ru_utime + children_after.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    line = next((line for line in out.splitlines() if line.startswith("WRK ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed:\n{out}{err}")
    figures: dict[str, Any] = json.loads(line[4:])
    figures["rps"] = figures["answered"] / seconds
    figures["killed_worker"] = killed
    # CPU per answered request (server, database, load generator): steadier than requests/s on a
    # machine shared with other work, and what requests/s would be on an idle one.
    figures["server_cpu_us"] = server_cpu / max(figures["answered"], 1) * 1e6
    figures["total_cpu_us"] = (server_cpu + wrk_cpu) / max(figures["answered"], 1) * 1e6
    return figures


def _measure(backend: str, args: argparse.Namespace, env: dict[str, str], port: int, codes: Path,
             server: subprocess.Popen[bytes]) -> dict[str, Any]:  # fmt: skip
    # Warm-up: each worker imports, connects, caches the links' targets and the day's salt.
    database = POSTGRES_DATABASE if backend == "postgresql" else None
    run = {"port": port, "codes": codes, "args": args, "server": server, "database": database}
    for number, mode in enumerate(("baseline", "fast", "redirect"), start=1):
        _wrk(mode, run=number, seconds=3, **run)
    before = json.loads(_python(env, str(Path(__file__).resolve()), "count"))
    baseline = _wrk("baseline", run=4, seconds=args.duration, **run)
    fast = _wrk("fast", run=5, seconds=args.duration, **run)
    redirect = _wrk("redirect", run=6, seconds=args.duration, kill=args.kill, **run)
    clicks = json.loads(
        _python(env, str(Path(__file__).resolve()), "count", "--after", str(before["last_id"]))
    )
    result = {
        "backend": backend,
        "baseline_rps": round(baseline["rps"], 1),
        "redirect_rps": round(redirect["rps"], 1),
        "ratio": round(redirect["rps"] / baseline["rps"], 3),
        "p99_ms": round(redirect["p99_us"] / 1000, 2),
        "responses": redirect["redirects"],
        "recorded": clicks["human"],
        "p50_ms": round(redirect["p50_us"] / 1000, 2),
        "baseline_p50_ms": round(baseline["p50_us"] / 1000, 2),
        "baseline_p99_ms": round(baseline["p99_us"] / 1000, 2),
        "fast_baseline_rps": round(fast["rps"], 1),
        "cpu_us_per_request": {
            name: round(figures["total_cpu_us"])
            for name, figures in (("baseline", baseline), ("fast_baseline", fast), ("redirect", redirect))
        },  # fmt: skip
        "cpu_ratio": round(baseline["total_cpu_us"] / redirect["total_cpu_us"], 3),
        "ratio_to_fast_baseline": round(redirect["rps"] / fast["rps"], 3),
        "drops": clicks["drops"],
        "socket_errors": redirect["socket_errors"],
        "granian_options": " ".join(GRANIAN_OPTIONS),
        "kill": args.kill,
        "lost": max(redirect["redirects"] - clicks["human"], 0),
    }
    _report(result, {"(a) baseline   /links/-baseline": baseline, "(a') fast path /r/-baseline": fast,
                     "(b) redirect   /r/<code>": redirect}, args)  # fmt: skip
    return result


def _report(result: dict[str, Any], runs: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    name = {"sqlite": "SQLite (WAL)", "postgresql": "PostgreSQL"}[result["backend"]]
    print(f"== {name}: granian WSGI {' '.join(GRANIAN_OPTIONS)}; wrk {args.threads} threads, "
          f"{args.connections} connections, {args.duration} s per run, {args.links} links")  # fmt: skip
    for label, figures in runs.items():
        print(f"{label:32s} {figures['rps']:8,.0f} req/s   p50 {figures['p50_us'] / 1000:6.2f} ms   "
              f"p99 {figures['p99_us'] / 1000:6.2f} ms   CPU/request {figures['total_cpu_us']:5.0f} µs "
              f"(server {figures['server_cpu_us']:4.0f})   other statuses {figures['other_statuses']}, "
              f"socket errors {figures['socket_errors']}")  # fmt: skip
    print(
        f"ratio (b)/(a): {result['ratio']:.2f} (target ≥ 0.7); "
        f"(b)/(a'): {result['ratio_to_fast_baseline']:.2f}; "
        f"CPU per request (a)/(b): {result['cpu_ratio']:.2f} (the ratio on a machine doing nothing else)"
    )
    print(f"302 answers received: {result['responses']:,}; human clicks recorded: {result['recorded']:,}; "
          f"drops: {result['drops'] or 'none'}")  # fmt: skip
    if args.kill:
        killed = runs["(b) redirect   /r/<code>"]["killed_worker"]
        print(f"worker {killed} killed with SIGKILL after {args.duration / 2:.0f} s; "
              f"302 answered without a recorded click: {result['lost']} (must be 0); clicks recorded whose "
              f"answer died with the worker: {max(result['recorded'] - result['responses'], 0)}")  # fmt: skip
    elif result["recorded"] == result["responses"]:
        print("every 302 (each from a distinct visitor) has its human click: nothing lost")
    else:
        print("MISMATCH between 302 answers and human clicks recorded")
    print()


if __name__ == "__main__":
    sys.exit(main())
