"""End to end: `POST /api/v1/namecheck/check` through the production server (gunicorn).

The Django side builds its name index from the database, so a bench database is prepared once
under var/namebench/ (migrate + seed_demo + rebuild_namecheck_index; later runs reuse it), then
gunicorn serves it on a free 127.0.0.1 port and a Python client posts JSON bodies.

The endpoint is throttled per client address at `HONGDUN_THROTTLE_NAME_CHECK` (default
"600/min", `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["name_check"]`), counted in the cache all
gunicorn workers share (Redis, or the file cache under var/ without it). The paced phase offers
fewer than 600 requests per minute in total, which stays inside the default limit; a short
unpaced burst afterwards shows what the throttle does to a client that asks for more.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.stats import percentile

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
VAR_DIR = ROOT / "var" / "namebench"
PATH = "/api/v1/namecheck/check"
REGISTRY = "150203"
PACED_RATE = 9.0  # requests per second in total (540/min < 600/min)
BURST_SECONDS = 10
PREPARE_TIMEOUT = 4 * 3600

Log = Callable[[str], None]


def django_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    env["HONGDUN_VAR_DIR"] = str(VAR_DIR.relative_to(ROOT))
    return env


def _manage(args: Sequence[str], log: Log, every: float = 30.0) -> None:
    """Run manage.py, echoing its output (progress lines at most every `every` seconds)."""
    command = [str(BIN / "python"), "manage.py", *args]
    log(f"  $ {' '.join(command[1:])}")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=django_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    last = 0.0
    for line in process.stdout:
        now = time.monotonic()
        progress_line = line.lstrip().startswith(("enterprises:", "Applying")) or "names (" in line
        if not progress_line or now - last >= every:
            last = now
            log(f"    {line.rstrip()}")
    if process.wait(timeout=PREPARE_TIMEOUT) != 0:
        raise RuntimeError(f"manage.py {args[0]} failed ({process.returncode})")


def prepare(enterprises: int, seed: int, log: Log) -> dict[str, Any]:
    """The bench database and its name-index snapshot (reused when already prepared)."""
    marker = VAR_DIR / "prepared.json"
    database = VAR_DIR / "hongdun.sqlite3"
    snapshot = VAR_DIR / "namecheck-index"
    if marker.is_file() and database.is_file() and snapshot.is_dir():
        info: dict[str, Any] = json.loads(marker.read_text(encoding="utf-8"))
        if info.get("enterprises") == enterprises and info.get("seed") == seed:
            log(
                f"  reusing {database.relative_to(ROOT)} (prepared {info.get('prepared_at')}, "
                f"{info.get('seconds')} s)"
            )
            return info | {"reused": True}
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if database.exists():
        raise RuntimeError(
            f"{database} exists but is not a prepared {enterprises:,}-name database with seed "
            f"{seed}; remove {VAR_DIR} to prepare it again"
        )
    log(
        f"  preparing {database.relative_to(ROOT)}: {enterprises:,} enterprises (this takes "
        "a while: ~20-35 min per million on 2 busy cores)"
    )
    started = time.monotonic()
    _manage(["migrate", "--no-input", "-v", "1"], log)
    _manage(
        ["seed_demo", "--enterprises", str(enterprises), "--seed", str(seed), "--without-history"],
        log,
    )
    _manage(["rebuild_namecheck_index"], log)
    info = {
        "seconds": round(time.monotonic() - started),
        "seed": seed,
        "enterprises": enterprises,
        "prepared_at": time.strftime("%Y-%m-%d %H:%M"),
    }
    marker.write_text(json.dumps(info), encoding="utf-8")
    return info | {"reused": False}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def post(port: int, body: bytes, timeout: float = 60.0) -> tuple[int, bytes, float]:
    """One POST on a fresh connection (gunicorn's sync workers close after each response)."""
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("POST", PATH, body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        status = response.status
    finally:
        conn.close()
    return status, data, (time.perf_counter() - t0) * 1000


def body(name: str) -> bytes:
    return json.dumps({"name": name, "registry": REGISTRY, "industry": ""}).encode()


def _summary(ms: Sequence[float]) -> dict[str, float]:
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p99_ms": percentile(ms, 99),
        "max_ms": max(ms),
    }


def paced(port: int, names: Sequence[str], seconds: float, rate: float) -> dict[str, Any]:
    """Open-loop load at `rate` req/s from two threads; latency = send → full response."""
    threads = 2
    results: list[tuple[int, float, str, bool]] = []
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def run(k: int) -> None:
        interval = threads / rate
        i = k
        while True:
            due = start + (i // threads) * interval + (k * interval / threads)
            if due - start >= seconds:
                return
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            status, data, ms = post(port, body(names[i % len(names)]))
            verdict = ""
            suggested = False
            if status == 200:
                answer = json.loads(data)
                verdict = str(answer.get("verdict", ""))
                suggested = answer.get("blocking", False)
            with lock:
                results.append((status, ms, verdict, suggested))
            i += threads

    workers = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    elapsed = time.perf_counter() - start
    ok = [ms for status, ms, _, _ in results if status == 200]
    blocked = [ms for status, ms, _, s in results if status == 200 and s]
    free = [ms for status, ms, _, s in results if status == 200 and not s]
    return {
        "offered_rps": rate,
        "seconds": elapsed,
        "requests": len(results),
        "rps": len(results) / elapsed,
        "statuses": dict(Counter(status for status, _, _, _ in results)),
        "verdicts": dict(Counter(v for status, _, v, _ in results if status == 200)),
        **_summary(ok),
        "blocking": _summary(blocked),
        "not_blocking": _summary(free),
    }


def burst(port: int, names: Sequence[str], seconds: float) -> dict[str, Any]:
    """Closed loop, two connections, as fast as the server answers: the throttle's effect."""
    results: list[tuple[int, float, float]] = []
    lock = threading.Lock()
    start = time.perf_counter()

    def run(k: int) -> None:
        i = k
        while time.perf_counter() - start < seconds:
            status, _, ms = post(port, body(names[i % len(names)]))
            with lock:
                results.append((status, ms, time.perf_counter() - start))
            i += 2

    workers = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    ok = [ms for status, ms, _ in results if status == 200]
    limited = [ms for status, ms, _ in results if status == 429]
    first_429 = min((at for status, _, at in results if status == 429), default=None)
    before = [
        ms for status, ms, at in results if status == 200 and (first_429 is None or at < first_429)
    ]
    return {
        "seconds": seconds,
        "requests": len(results),
        "statuses": dict(Counter(status for status, _, _ in results)),
        "first_429_after_s": first_429,
        "rps_until_first_429": len(before) / first_429 if first_429 else len(ok) / seconds,
        "ok": _summary(ok),
        "throttled": _summary(limited),
    }


def run_http(
    names: Sequence[str], *, enterprises: int, seed: int, seconds: int, log: Log
) -> dict[str, Any]:
    info = prepare(enterprises, seed, log)
    port = free_port()
    log_path = VAR_DIR / "gunicorn.log"
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        "2",
        "--timeout",
        "600",  # a worker that must rebuild the index from the database on first use
    ]
    log(
        f"  starting: {' '.join(command[1:])} (DJANGO_SETTINGS_MODULE=config.settings.local "
        f"HONGDUN_VAR_DIR=var/namebench; log {log_path.relative_to(ROOT)})"
    )
    with log_path.open("wb") as out:
        server = subprocess.Popen(
            command,
            cwd=ROOT,
            env=django_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 900
        first_ms = None
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({server.returncode}); see {log_path}")
            try:
                status, data, ms = post(port, body(names[0]), timeout=900)
            except OSError:
                time.sleep(0.3)
                continue
            if status != 200:
                raise RuntimeError(f"first check answered HTTP {status}: {data[:300]!r}")
            first_ms = ms
            break
        if first_ms is None:
            raise RuntimeError("gunicorn did not answer in time")
        warm = [post(port, body(n))[2] for n in names[1:21]]
        log(
            f"  first request {first_ms:.0f} ms (worker loads the index snapshot); next 20 "
            f"requests max {max(warm):.0f} ms (the other worker's first request is among them)"
        )
        log(
            f"  paced phase: {PACED_RATE:g} req/s for {seconds}s, 2 client threads, "
            f'registry {REGISTRY}, industry "", the {len(names)} benchmark query names'
        )
        result_paced = paced(port, names, seconds, PACED_RATE)
        log(
            f"  paced: {result_paced['requests']} requests, {result_paced['rps']:.1f} req/s, "
            f"statuses {result_paced['statuses']}, p50 {result_paced.get('p50_ms', 0):.1f} ms, "
            f"p99 {result_paced.get('p99_ms', 0):.1f} ms, "
            f"max {result_paced.get('max_ms', 0):.1f} ms"
        )
        log(f"    verdicts {result_paced['verdicts']}")
        for key, label in (
            ("blocking", "blocked (alternatives computed)"),
            ("not_blocking", "not blocked"),
        ):
            part = result_paced[key]
            if part.get("n"):
                log(
                    f"    {label}: n={part['n']}, p50 {part['p50_ms']:.1f} ms, "
                    f"p99 {part['p99_ms']:.1f} ms, max {part['max_ms']:.1f} ms"
                )
        log(f"  burst: closed loop, 2 connections, {BURST_SECONDS}s (shows the 600/min throttle)")
        result_burst = burst(port, names, BURST_SECONDS)
        ok = result_burst["ok"]
        log(
            f"  burst: {result_burst['requests']} requests, statuses {result_burst['statuses']}; "
            + (
                f"{result_burst['rps_until_first_429']:.1f} req/s until the first 429 "
                f"(after {result_burst['first_429_after_s']:.1f}s); "
                if result_burst["first_429_after_s"] is not None
                else f"no 429 within {BURST_SECONDS}s ({result_burst['rps_until_first_429']:.1f}"
                " req/s); "
            )
            + "200s p50 "
            f"{ok.get('p50_ms', 0):.1f} ms p99 {ok.get('p99_ms', 0):.1f} ms"
        )
        limited = result_burst["throttled"]
        if limited.get("n"):
            log(
                f"    429 answers (gunicorn + middleware + throttle, no database, no check): "
                f"p50 {limited['p50_ms']:.1f} ms, p99 {limited['p99_ms']:.1f} ms — the fixed "
                "cost of the HTTP stack on this machine"
            )
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
    return {
        "database": info,
        "first_request_ms": first_ms,
        "paced": result_paced,
        "burst": result_burst,
    }
