#!/usr/bin/env python3
"""tapegrad's GEMM kernels against OpenBLAS on the same products, interleaved in one sitting.

Each round runs `examples/bin/tapegrad bench gemm --json` and `openblas_gemm.py --json` (both in fresh processes,
alternating which goes first), then prints per product and thread count the median GFLOP/s over rounds with the
range, and the median of the per-round ratios tapegrad / OpenBLAS (the steadier figure on a shared machine).

    python3 examples/peers/gemm_vs_openblas.py [--rounds 3] [--threads 1,2] [--java-opts=-XX:UseAVX=2]
                                               [--openblas-core Haswell] [--jar PATH]

To check the AVX2 code path on an AVX-512 machine: --java-opts=-XX:UseAVX=2 --openblas-core Haswell (the JIT
then emits 256-bit code with 16 registers, and OpenBLAS uses its AVX2 kernels). Build the jar first:
mvn -B -q package -DskipTests.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run_json(cmd, env):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"gemm_vs_openblas.py: {' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()[-400:]}")
    return [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--java-opts", default="", help="extra JVM options for tapegrad (JAVA_OPTS)")
    ap.add_argument("--openblas-core", default="", help="OPENBLAS_CORETYPE for OpenBLAS (default: its own choice)")
    ap.add_argument("--jar", default=os.path.join(ROOT, "examples", "target", "tapegrad-examples.jar"))
    args = ap.parse_args()
    if args.rounds < 1:
        sys.exit("gemm_vs_openblas.py: --rounds must be >= 1")
    if not os.path.isfile(args.jar):
        sys.exit(f"gemm_vs_openblas.py: {args.jar} not found; build it with: mvn -B -q package -DskipTests")
    java_env = dict(os.environ, JAVA_OPTS=args.java_opts, TAPEGRAD_JAR=args.jar)
    blas_env = dict(os.environ)
    blas_env.pop("OPENBLAS_CORETYPE", None)
    if args.openblas_core:
        blas_env["OPENBLAS_CORETYPE"] = args.openblas_core
    ours_cmd = [os.path.join(ROOT, "examples", "bin", "tapegrad"), "bench", "gemm", "--json", "--threads", args.threads]
    blas_cmd = [sys.executable, os.path.join(HERE, "openblas_gemm.py"), "--json", "--threads", args.threads]
    ours, blas = {}, {}
    kernels, core, cpu = "?", "?", "?"
    start = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load0 = os.getloadavg()[0]
    for r in range(args.rounds):
        order = [("ours", ours_cmd, java_env), ("blas", blas_cmd, blas_env)]
        if r % 2:
            order.reverse()
        for who, cmd, env in order:
            for rec in run_json(cmd, env):
                key = (rec["gemm"].replace(" (unpacked)", " packed"), rec["threads"])
                (ours if who == "ours" else blas).setdefault(key, []).append(rec["gflop_per_s"])
                if who == "ours":
                    kernels = rec.get("backend", kernels)
                    cpu = rec.get("cpu", cpu)
                else:
                    core = rec.get("openblas_core", core)
    print(f"GEMM, float32: tapegrad ({kernels}{', JAVA_OPTS=' + args.java_opts if args.java_opts else ''}) vs "
          f"OpenBLAS ({core} kernels); CPU: {cpu}; {args.rounds} rounds from {start}; "
          f"load average {load0:.2f} before, {os.getloadavg()[0]:.2f} after")
    print(f"{'product':<44} {'thr':>3} {'tapegrad GFLOP/s':>22} {'OpenBLAS GFLOP/s':>22} {'ratio':>6}")
    for key in ours:
        if key not in blas:
            continue
        o, b = ours[key], blas[key]
        ratio = statistics.median(x / y for x, y in zip(o, b))
        print(f"{key[0]:<44} {key[1]:>3} {statistics.median(o):8.1f} ({min(o):5.1f}-{max(o):5.1f}) "
              f"{statistics.median(b):8.1f} ({min(b):5.1f}-{max(b):5.1f}) {ratio:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
