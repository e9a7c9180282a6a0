#!/usr/bin/env python3
"""The local study runner's trials at a time against one trial at a time: trials per hour, same bits.

Runs the same `J study` (the sine task by default: small trials, whose products are too small to gain from a
second kernel thread) several ways, interleaved round by round with the order rotated, each in a fresh
database, as whole commands (JVM start included):

  parallel:  --parallel P --threads-per-trial 1        (the runner's default on P cores)
  one:       --parallel 1 --threads-per-trial P        (one trial at a time, all cores for its kernels)
  one-1t:    --parallel 1 --threads-per-trial 1        (one trial at a time on one thread; --with-one-thread)
  two-jvms:  one JVM per cell at the same time, each --parallel 1 --threads-per-trial 1, each in its own
             database (--with-two-jvms): what trials side by side cost when they share no JVM

Prints one line per run (wall time, CPU time, the mean trial time as the trials measured it, the load average)
and then, for each baseline, the ratio of trials per hour (baseline wall / parallel wall) per round and its
median with the range. Checks that every database holds every trial complete with the same metric and curve
(a trial's bits must not depend on how many run at once).

Usage (stdlib only; sqlite3 is Python's module):
  mvn -B -q package -DskipTests
  python3 examples/scripts/study_throughput.py --rounds 3
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from study_runs import cpu, results, same_bits


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jar", default="examples/target/tapegrad-examples.jar")
    ap.add_argument("--java", default="java")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--parallel", type=int, default=os.cpu_count(), help="trials at a time (default: processors)")
    ap.add_argument("--cells", default="lstm,gru")
    ap.add_argument("--tasks", default="sine")
    ap.add_argument("--trials", type=int, default=12, help="samples per cell and task")
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--space", default="hidden=choice:16:32")
    ap.add_argument("--with-one-thread", action="store_true", help="also run one at a time on one thread")
    ap.add_argument("--with-two-jvms", action="store_true", help="also run one JVM per cell side by side")
    args = ap.parse_args()
    study = ["study", "--cells", args.cells, "--tasks", args.tasks, "--trials", str(args.trials), "--seeds",
             str(args.seeds), "--epochs", str(args.epochs), "--space", args.space]
    base = [args.java, "--add-modules", "jdk.incubator.vector", "-jar", args.jar] + study
    ways = {"parallel": ["--parallel", str(args.parallel), "--threads-per-trial", "1"],
            "one": ["--parallel", "1", "--threads-per-trial", str(args.parallel)]}
    if args.with_one_thread:
        ways["one-1t"] = ["--parallel", "1", "--threads-per-trial", "1"]
    if args.with_two_jvms:
        ways["two-jvms"] = ["--parallel", "1", "--threads-per-trial", "1"]
    work = tempfile.mkdtemp(prefix="study-throughput-")

    print("# %s; %s" % (cpu(), " ".join(base[3:])))
    for name, flags in ways.items():
        print("# %s: ... --db DB %s" % (name, " ".join(flags)))
    print("round\tway\twall_s\tcpu_s\ttrials\tmean_trial_s\ttrials_per_hour\tload_before\tload_after")
    runs = {name: [] for name in ways}
    reference = None
    names = list(ways)
    for r in range(1, args.rounds + 1):
        k = (r - 1) % len(names)
        for name in names[k:] + names[:k]:
            db = os.path.join(work, "%s-%d.db" % (name, r))
            load_before = os.getloadavg()[0]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.monotonic()
            err_path = os.path.join(work, "%s-%d.err" % (name, r))
            if name == "two-jvms":  # one process per cell, each with its own database, all at once
                dbs = [db.replace(".db", "-%s.db" % cell) for cell in args.cells.split(",")]
                commands = [base_for(base, cell) + ["--db", d] + ways[name] for cell, d in zip(args.cells.split(","), dbs)]
            else:
                dbs, commands = [db], [base + ["--db", db] + ways[name]]
            with open(err_path, "w") as err:
                procs = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=err, text=True) for c in commands]
                outs = [p.communicate()[0] for p in procs]
            wall = time.monotonic() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            for p, out in zip(procs, outs):
                if p.returncode != 0:
                    with open(err_path) as err:
                        sys.exit("%s run %d failed (exit %d):\n%s\n%s" % (name, r, p.returncode, out[-4000:],
                                                                          err.read()[-4000:]))
            rows = {}
            for d in dbs:
                rows.update(results(d))
            reference = same_bits(rows, reference, "%s run %d" % (name, r))
            cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            mean_trial = statistics.mean(v[3] for v in rows.values())
            runs[name].append({"wall": wall, "trials": len(rows)})
            print("%d\t%s\t%.1f\t%.1f\t%d\t%.2f\t%.0f\t%.1f\t%.1f" % (
                r, name, wall, cpu_s, len(rows), mean_trial, 3600 * len(rows) / wall, load_before,
                os.getloadavg()[0]), flush=True)
    print()
    print("trials per study: %d; every run: all complete, the same metric and curve in every database"
          % runs["parallel"][0]["trials"])
    for name in names:
        w = [x["wall"] for x in runs[name]]
        print("%s wall: median %.1f s (%.1f-%.1f)" % (name, statistics.median(w), min(w), max(w)))
    for name in names[1:]:
        ratios = [b["wall"] / a["wall"] for a, b in zip(runs["parallel"], runs[name])]
        print("trials per hour, parallel / %s: per round %s; median %.2f (%.2f-%.2f)" % (
            name, " ".join("%.2f" % x for x in ratios), statistics.median(ratios), min(ratios), max(ratios)))


def base_for(base, cell):
    """The study command with --cells naming one cell (the spec otherwise the same: trials keep their bits)."""
    out = list(base)
    out[out.index("--cells") + 1] = cell
    return out


if __name__ == "__main__":
    main()
