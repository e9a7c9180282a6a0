#!/usr/bin/env bash
# Peer benchmark: tapegrad's J bench next to PyTorch (through DJL), JAX and NumPy, on this machine, in one sitting.
# Each implementation runs in its own process, R rounds interleaved; the summary gives per implementation the
# median tokens/s over its processes with the min-max, and its ratio to tapegrad's nn LSTM (autograd) measured in
# the same round, then the median of those ratios. See examples/peers/README.md.
#
# Usage: examples/peers/run.sh [--rounds R] [--threads N] [--configs A,B] [--out DIR] [--no-build] [--offline]
#   --rounds R     rounds (default 3; PyTorch's step time differs from process to process, so keep R >= 3)
#   --threads N    threads every implementation may use (default 2)
#   --configs L    comma-separated configs, A and/or B (default A,B)
#   --out DIR      where the JSON lines and each process's stderr go (default examples/peers/target/runs/DATE)
#   --no-build     use the jars already built
#   --offline      pass -o to Maven (everything already in ~/.m2)
# Environment: JAVA (default java), PYTHON (default python3).
set -u

here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd) || exit 2
root=$(CDPATH= cd -- "$here/../.." && pwd) || exit 2
rounds=3
threads=2
configs=A,B
out=
build=1
mvn_offline=
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds=${2:?--rounds needs a value}; shift 2 ;;
        --threads) threads=${2:?--threads needs a value}; shift 2 ;;
        --configs) configs=${2:?--configs needs a value}; shift 2 ;;
        --out) out=${2:?--out needs a value}; shift 2 ;;
        --no-build) build=0; shift ;;
        --offline) mvn_offline=-o; shift ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "run.sh: --rounds $rounds: must be a positive integer" >&2; exit 2 ;; esac
case "$threads" in ''|*[!0-9]*|0) echo "run.sh: --threads $threads: must be a positive integer" >&2; exit 2 ;; esac
config_list=$(echo "$configs" | tr ',' ' ')
for c in $config_list; do
    case "$c" in A|B) ;; *) echo "run.sh: --configs: $c is not A or B" >&2; exit 2 ;; esac
done
JAVA=${JAVA:-java}
PYTHON=${PYTHON:-python3}
out=${out:-$here/target/runs/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out" || exit 2
results=$out/results.jsonl
: > "$results"

# --- build -------------------------------------------------------------------------------------------------------
if [ "$build" = 1 ]; then
    echo "building the examples jar (mvn -B -q package -DskipTests) ..."
    (cd "$root" && mvn $mvn_offline -B -q package -DskipTests) > "$out/build-examples.log" 2>&1 \
        || { echo "run.sh: building the examples jar failed, see $out/build-examples.log" >&2; exit 1; }
    echo "building the peers module (mvn -B -q -P peers package -pl examples/peers -DskipTests) ..."
    (cd "$root" && mvn $mvn_offline -B -q -P peers package -pl examples/peers -DskipTests) > "$out/build-peers.log" 2>&1 \
        || { echo "run.sh: building examples/peers failed, see $out/build-peers.log" >&2; exit 1; }
fi
[ -f "$root/examples/target/tapegrad-examples.jar" ] || { echo "run.sh: examples/target/tapegrad-examples.jar missing (run without --no-build)" >&2; exit 1; }
[ -d "$here/target/lib" ] || { echo "run.sh: examples/peers/target/lib missing (run without --no-build)" >&2; exit 1; }

# --- which peers can run -----------------------------------------------------------------------------------------
have_numpy=0
have_jax=0
if ! command -v "$PYTHON" > /dev/null 2>&1; then
    echo "run.sh: $PYTHON not found: skipping the JAX and NumPy peers"
elif ! "$PYTHON" -c 'import numpy' > /dev/null 2>&1; then
    echo "run.sh: NumPy not importable by $PYTHON: skipping the JAX and NumPy peers (pip install numpy)"
else
    have_numpy=1
    if "$PYTHON" -c 'import jax, jax.numpy' > /dev/null 2>&1; then
        have_jax=1
    else
        echo "run.sh: JAX not importable by $PYTHON: skipping the JAX peer (pip install jax)"
    fi
fi
nproc_all=$(nproc 2>/dev/null || echo 1)
pin=
if [ "$threads" -lt "$nproc_all" ] && command -v taskset > /dev/null 2>&1; then
    pin="taskset -c 0-$((threads - 1))"
fi
jax_flags=
[ "$threads" = 1 ] && jax_flags="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"

impls_for() {  # the implementations of config $1, in run order
    local cfg=$1
    set -- tapegrad-autograd tapegrad-custom tapegrad-fused djl-fused djl-cell
    [ "$have_jax" = 1 ] && set -- "$@" jax-scan
    [ "$have_numpy" = 1 ] && [ "$cfg" = A ] && set -- "$@" numpy-bptt
    echo "$@"
}

run_one() {  # run_one ROUND CONFIG IMPL: one process, its JSON line tagged and appended to results.jsonl
    r=$1 c=$2 impl=$3
    log=$out/r$r-$c-$impl.stderr
    case "$impl" in
        tapegrad-*)
            # the autograd run also reports the physical limit (the step's GEMM FLOPs at the 2048³ rate)
            limit=--no-limit
            [ "$impl" = tapegrad-autograd ] && limit=
            cmd=("$root/examples/bin/tapegrad" bench --config "$c" --impl "${impl#tapegrad-}" --threads "$threads" --json
                 $limit) ;;
        djl-*)
            cmd=(env OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads" "$JAVA" -Dai.djl.offline=true
                 -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads="$threads"
                 -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$here/target/classes:$here/target/lib/*"
                 io.github.tapegrad.peers.PeerBench --config "$c" --impl "${impl#djl-}") ;;
        jax-scan)
            cmd=(env XLA_FLAGS="$jax_flags" OMP_NUM_THREADS="$threads" $pin "$PYTHON" "$here/jax_lstm.py"
                 --config "$c" --threads "$threads") ;;
        numpy-bptt)
            cmd=(env OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
                 "$PYTHON" "$here/numpy_lstm.py" --config "$c" --threads "$threads") ;;
    esac
    echo "${cmd[*]}" > "$log"
    "${cmd[@]}" > "$out/r$r-$c-$impl.stdout" 2>> "$log"
    status=$?
    line=$(grep '^{' "$out/r$r-$c-$impl.stdout" | grep -v '"impl":"limit"' | tail -n 1)
    limitline=$(grep '^{"impl":"limit"' "$out/r$r-$c-$impl.stdout" | tail -n 1)
    if [ -n "$limitline" ]; then  # listed as its own row: the best tokens/s the GEMM kernel allows
        printf '{"round":%s,"name":"%s",%s\n' "$r" "gemm-limit" "${limitline#\{}" >> "$results"
    fi
    if [ -z "$line" ]; then
        echo "  round $r config $c $impl: FAILED (exit $status), see $log"
        printf '{"round":%s,"config":"%s","name":"%s","failed":true,"log":"%s"}\n' "$r" "$c" "$impl" "$log" >> "$results"
        return
    fi
    printf '{"round":%s,"name":"%s",%s\n' "$r" "$impl" "${line#\{}" >> "$results"
    echo "  round $r config $c $impl: $(echo "$line" | sed -n 's/.*"tokens_per_s": *\([0-9.]*\).*/\1/p' | cut -d. -f1) tokens/s"
}

# --- header ------------------------------------------------------------------------------------------------------
{
    echo "peer benchmark, $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$([ -n "$(git -C "$root" status --porcelain 2>/dev/null)" ] && echo ' (work tree has changes)')"
    echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $nproc_all processors, avx512f: $(grep -qw avx512f /proc/cpuinfo && echo yes || echo no)"
    echo "java: $("$JAVA" -version 2>&1 | head -n 1)"
    [ "$have_numpy" = 1 ] && echo "python: $("$PYTHON" -c 'import sys, numpy; print(sys.version.split()[0], "numpy", numpy.__version__)')"
    [ "$have_jax" = 1 ] && echo "jax: $("$PYTHON" -c 'import jax, jaxlib; print(jax.__version__, "jaxlib", jaxlib.__version__)' 2>/dev/null)"
    echo "load average before the first round: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) (other work on the machine skews every figure)"
    echo "threads: $threads${pin:+ (JAX pinned with: $pin)}; rounds: $rounds; configs: $configs; float32"
    echo "raw results: $results"
} | tee "$out/header.txt"

# --- rounds ------------------------------------------------------------------------------------------------------
for r in $(seq 1 "$rounds"); do
    for cfg in $config_list; do
        read -r -a impls <<< "$(impls_for "$cfg")"
        n=${#impls[@]}
        # rotate the order each round so no implementation always runs first or right after another
        for k in $(seq 0 $((n - 1))); do
            run_one "$r" "$cfg" "${impls[$(((k + r - 1) % n))]}"
        done
    done
done

echo "load average after the last round: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" | tee -a "$out/header.txt"

# --- summary -----------------------------------------------------------------------------------------------------
"$PYTHON" - "$results" <<'PY' || { echo "run.sh: no $PYTHON for the summary; the raw lines are in $results"; exit 0; }
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ORDER = ["tapegrad-autograd", "tapegrad-custom", "tapegrad-fused", "djl-fused", "djl-cell", "jax-scan", "numpy-bptt",
         "gemm-limit"]
REF = "tapegrad-autograd"
for cfg in sorted({r["config"] for r in rows}):
    rs = [r for r in rows if r["config"] == cfg]
    ok = [r for r in rs if not r.get("failed")]
    print()
    print("config %s: tokens/s, median over processes (min-max); ratio = tokens/s / %s's in the same round" % (cfg, REF))
    print("%-18s %4s %10s %23s %8s %6s  %s" % ("impl", "runs", "tokens/s", "min-max", "ms/step", "ratio", "ratio per round"))
    ref = {r["round"]: r["tokens_per_s"] for r in ok if r["name"] == REF}
    names = sorted({r["name"] for r in rs}, key=lambda n: ORDER.index(n) if n in ORDER else 99)
    for name in names:
        mine = [r for r in ok if r["name"] == name]
        failed = sum(1 for r in rs if r["name"] == name and r.get("failed"))
        if not mine:
            print("%-18s %4s  all %d runs failed" % (name, 0, failed))
            continue
        tps = [r["tokens_per_s"] for r in mine]
        ms = statistics.median(r["ms_median"] for r in mine) if all("ms_median" in r for r in mine) else float("nan")
        ratios = [r["tokens_per_s"] / ref[r["round"]] for r in mine if r["round"] in ref]
        ratio = "%.2f" % statistics.median(ratios) if ratios else "n/a"
        per = " ".join("%.2f" % x for x in ratios)
        print("%-18s %4d %10.0f %11.0f-%-11.0f %8.2f %6s  %s%s" % (name, len(mine), statistics.median(tps),
              min(tps), max(tps), ms, ratio, per, ("  (%d failed)" % failed) if failed else ""))
    checks = [r for r in ok if "check_loss" in r]
    if checks:
        print("first-step check (peers share one data set; tapegrad's bench draws its own and checks itself "
              "against its yardstick):")
        seen = {}
        for r in sorted(checks, key=lambda r: ORDER.index(r["name"]) if r["name"] in ORDER else 99):
            if r["name"] in seen:
                continue
            seen[r["name"]] = r
            print("  %-16s loss %.6g, gradient norm %.6g, loss of step 2 %.6g  [%s]" % (r["name"], r["check_loss"],
                  r["check_grad_norm"], r["check_loss_step2"], r.get("engine", "")))
        first = next(iter(seen.values()))
        worst = max(abs(r[k] - first[k]) / max(abs(first[k]), 1e-30) for r in seen.values()
                    for k in ("check_loss", "check_grad_norm", "check_loss_step2"))
        print("  largest relative difference between peers: %.2g (%s; float32 sums in different orders differ "
              "around 1e-6)" % (worst, "agree" if worst < 1e-3 else "DISAGREE: one of them is not the same step"))
PY
