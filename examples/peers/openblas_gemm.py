#!/usr/bin/env python3
"""OpenBLAS (through NumPy) on the products `tapegrad bench gemm` times, for a same-machine GEMM reference.

Usage: OPENBLAS_NUM_THREADS is set from --threads before NumPy loads, so run it as
    python3 examples/peers/openblas_gemm.py --threads 1,2 [--json]
Each thread count runs in a fresh Python process (OpenBLAS fixes its thread pool when it loads).
Figures: GFLOP/s = 2·m·n·k / median seconds of individually timed calls after 20 untimed ones (2048³: 2).
The products and their names are those of `bench gemm`; "packed" rows have no BLAS counterpart (BLAS packs B on
every call), so they are timed as the plain product. The dW row is timed without accumulation (numpy's matmul has
no beta): the same FLOPs, one fewer read of C. OPENBLAS_CORETYPE (e.g. Haswell) forces a kernel family, to compare
with `java -XX:UseAVX=2` on an AVX-512 machine; the kernel family OpenBLAS picked is printed with the figures
(OpenBLAS reports it when loaded with OPENBLAS_VERBOSE=2). Check the environment: a machine may set
OPENBLAS_CORETYPE globally.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

CASES = [  # name, transA, transB, m, n, k, max reps (as GemmBenchCommand.CASES)
    ("A gate fwd  [32x284]·[284x1024]", False, False, 32, 1024, 284, 400),
    ("A gate fwd  [32x284]·[1024x284]ᵀ", False, True, 32, 1024, 284, 400),
    ("A bwd dX    [32x1024]·[284x1024]ᵀ", False, True, 32, 284, 1024, 400),
    ("A bwd dW += [32x284]ᵀ·[32x1024]", True, False, 284, 1024, 32, 400),
    ("B gate fwd  [64x1024]·[1024x2048]", False, False, 64, 2048, 1024, 100),
    ("A step h·Whhᵀ [32x256]·[1024x256]ᵀ packed", False, True, 32, 1024, 256, 400),
    ("A step dG·Whh [32x1024]·[1024x256] packed", False, False, 32, 256, 1024, 400),
    ("B step h·Whhᵀ [64x512]·[2048x512]ᵀ packed", False, True, 64, 2048, 512, 200),
    ("A dWhh += [1120x1024]ᵀ·[1120x256]", True, False, 1024, 256, 1120, 200),
    ("B dWhh += [6400x2048]ᵀ·[6400x512]", True, False, 2048, 512, 6400, 20),
    ("ceiling     [2048x2048]·[2048x2048]", False, False, 2048, 2048, 2048, 5),
]


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next((l.split(":", 1)[1].strip() for l in out.splitlines() if l.startswith("Model name")), "?")
        return model + (", avx512f" if "avx512f" in out else ", no avx512f")
    except OSError:
        return platform.processor() or "?"


def child(threads, as_json):
    import numpy as np
    rng = np.random.default_rng(1)
    core = os.environ.get("TAPEGRAD_OPENBLAS_CORE", "?")
    if not as_json:
        print(f"OpenBLAS via NumPy {np.__version__}: {threads} thread(s), kernels {core}; CPU: {cpu_model()}")
    for name, ta, tb, m, n, k, max_reps in CASES:
        a = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32)
        b = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
        c = np.empty((m, n), dtype=np.float32)
        opa = a.T if ta else a
        opb = b.T if tb else b
        for _ in range(min(20, max_reps)):
            np.matmul(opa, opb, out=c)
        times = []
        end = time.perf_counter() + 0.5
        while len(times) < max_reps and (len(times) < 3 or time.perf_counter() < end):
            t0 = time.perf_counter()
            np.matmul(opa, opb, out=c)
            times.append(time.perf_counter() - t0)
        times.sort()
        n_t = len(times)
        median = times[n_t // 2] if n_t % 2 else (times[n_t // 2 - 1] + times[n_t // 2]) / 2
        gflops = 2.0 * m * n * k / median / 1e9
        if as_json:
            print(json.dumps({"gemm": name, "impl": "openblas", "dtype": "float32", "threads": threads, "reps": n_t,
                              "gflop_per_s": gflops, "ms_median": median * 1e3, "openblas_core": core,
                              "numpy": np.__version__, "cpu": cpu_model()}, ensure_ascii=False))
        else:
            print(f"{name:<44} {threads:7d} {n_t:6d} {gflops:10.1f} {median * 1e3:10.3f}")
        sys.stdout.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", default="1,2", help="comma-separated thread counts (default 1,2)")
    p.add_argument("--json", action="store_true", help="one JSON line per product")
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args.child, args.json)
        return 0
    try:
        counts = [int(t) for t in args.threads.split(",")]
        if any(t < 1 for t in counts):
            raise ValueError
    except ValueError:
        print(f"openblas_gemm.py: --threads {args.threads}: expected positive integers, e.g. 1,2", file=sys.stderr)
        return 2
    try:
        import numpy  # noqa: F401  (checked here so a missing NumPy is one line, not a trace per child)
    except ImportError:
        print("openblas_gemm.py: NumPy is not installed (pip install numpy)", file=sys.stderr)
        return 2
    for t in counts:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(t), OMP_NUM_THREADS=str(t))
        # the kernel family OpenBLAS picked (it prints "Core: NAME" when it loads with OPENBLAS_VERBOSE=2)
        probe = subprocess.run([sys.executable, "-c", "import numpy"], env=dict(env, OPENBLAS_VERBOSE="2"),
                               capture_output=True, text=True)
        core = next((l.split(":", 1)[1].strip() for l in (probe.stdout + probe.stderr).splitlines()
                     if l.startswith("Core:")), "unknown")
        env["TAPEGRAD_OPENBLAS_CORE"] = core
        cmd = [sys.executable, __file__, "--child", str(t)] + (["--json"] if args.json else [])
        rc = subprocess.run(cmd, env=env).returncode
        if rc != 0:
            return rc
    return 0


if __name__ == "__main__":
    sys.exit(main())
