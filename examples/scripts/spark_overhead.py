#!/usr/bin/env python3
"""Spark local[N] against the local runner on the same study: wall times, per-trial overhead, same bits.

Runs the same `J study` (the sine task, trials of roughly ten seconds with one kernel thread) with the local
runner (--parallel N --threads-per-trial 1) and with the Spark runner (spark-submit's main class,
org.apache.spark.deploy.SparkSubmit, --master local[N], --spark), interleaved, alternating which goes first, each
in a fresh database. Prints one line per run (wall time; start: until the runner's first line, printed once
trials can start, so for Spark once its context is up; the rest; CPU time; the mean trial time as the trials
measured it; the load average) and then:

  per-trial overhead = (spark wall - local wall) / trials, as a fraction of the mean trial time
                       (medians over the rounds, and each round's pair, with the range)

and the same difference split into the start and the rest, and the CPU times. Wall is the whole command, JVM and
Spark start included. Also checks that every database holds every trial complete with the same metric and curve.

Usage (stdlib only; sqlite3 is Python's module):
  mvn -B -q package -DskipTests
  mvn -B -q -pl examples -am compile dependency:build-classpath -Dmdep.outputFile=/tmp/spark-cp.txt
  python3 examples/scripts/spark_overhead.py --classpath-file /tmp/spark-cp.txt --rounds 3
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

# what spark-submit's launcher passes to its JVM (org.apache.spark.launcher.JavaModuleOptions), as the tests do
SPARK_JVM_OPTIONS = [
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Dio.netty.tryReflectionSetAccessible=true",
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--classpath-file", required=True, help="a file holding a classpath with Spark's jars")
    ap.add_argument("--jar", default="examples/target/tapegrad-examples.jar")
    ap.add_argument("--java", default="java")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--parallel", type=int, default=2, help="local --parallel N against Spark local[N]")
    ap.add_argument("--cells", default="lstm,gru")
    ap.add_argument("--trials", type=int, default=2)
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--hidden", type=int, default=32)
    args = ap.parse_args()
    with open(args.classpath_file) as f:
        classpath = f.read().strip()
    study = ["study", "--cells", args.cells, "--tasks", "sine", "--trials", str(args.trials), "--seeds",
             str(args.seeds), "--epochs", str(args.epochs), "--space", "hidden=choice:%d" % args.hidden]
    base = [args.java, "--add-modules", "jdk.incubator.vector"]
    work = tempfile.mkdtemp(prefix="spark-overhead-")

    def command(runner, db):
        if runner == "local":
            return base + ["-jar", args.jar] + study + ["--db", db, "--parallel", str(args.parallel),
                                                        "--threads-per-trial", "1"]
        return (base + SPARK_JVM_OPTIONS + ["-cp", classpath, "org.apache.spark.deploy.SparkSubmit", "--class",
                                            "io.github.tapegrad.examples.Main", "--master",
                                            "local[%d]" % args.parallel, args.jar] + study + ["--db", db, "--spark"])

    print("# %s; %s" % (cpu(), " ".join(study)))
    print("# local: %s" % " ".join(command("local", "DB")))
    print("# spark: %s" % " ".join(c if c != classpath else "$(cat %s)" % args.classpath_file
                                   for c in command("spark", "DB")))
    print("round\trunner\twall_s\tstart_s\ttrials_s\tcpu_s\ttrials\tmean_trial_s\tload_before\tload_after")
    runs = {"local": [], "spark": []}
    reference = None
    for r in range(1, args.rounds + 1):
        for runner in (["local", "spark"] if r % 2 == 1 else ["spark", "local"]):
            db = os.path.join(work, "%s-%d.db" % (runner, r))
            load_before = os.getloadavg()[0]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.monotonic()
            err_path = os.path.join(work, "%s-%d.err" % (runner, r))
            with open(err_path, "w") as err:
                p = subprocess.Popen(command(runner, db), stdout=subprocess.PIPE, stderr=err, text=True)
                out, ready = [], None
                for line in p.stdout:  # the header line is printed once the trials can start (Spark: context up)
                    if ready is None and line.startswith("study "):
                        ready = time.monotonic() - start
                    out.append(line)
                p.wait()
            wall = time.monotonic() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if p.returncode != 0:
                with open(err_path) as err:
                    sys.exit("%s run %d failed (exit %d):\n%s\n%s" % (runner, r, p.returncode, "".join(out),
                                                                      err.read()[-4000:]))
            cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            rows = results(db)
            reference = same_bits(rows, reference, "%s run %d" % (runner, r))
            seconds = [v[3] for v in rows.values()]
            run = {"wall": wall, "cpu": cpu_s, "trials": len(rows), "mean_trial": statistics.mean(seconds),
                   "ready": ready}
            runs[runner].append(run)
            print("%d\t%s\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t%.2f\t%.1f\t%.1f" % (
                r, runner, wall, ready, wall - ready, cpu_s, len(rows), run["mean_trial"], load_before,
                os.getloadavg()[0]), flush=True)
    n = runs["local"][0]["trials"]
    lw = [x["wall"] for x in runs["local"]]
    sw = [x["wall"] for x in runs["spark"]]
    trial = statistics.median([x["mean_trial"] for x in runs["local"]])
    spark_trial = statistics.median([x["mean_trial"] for x in runs["spark"]])
    over = (statistics.median(sw) - statistics.median(lw)) / n
    pairs = [(s["wall"] - l["wall"]) / n / l["mean_trial"] for l, s in zip(runs["local"], runs["spark"])]
    print()
    print("trials per study: %d; every run: all complete, the same metric and curve in every database" % n)
    print("local wall: median %.1f s (%.1f-%.1f); spark wall: median %.1f s (%.1f-%.1f)"
          % (statistics.median(lw), min(lw), max(lw), statistics.median(sw), min(sw), max(sw)))
    print("mean trial time: local median %.2f s, spark median %.2f s" % (trial, spark_trial))
    print("per-trial overhead: %.2f s = %.1f %% of the mean trial (medians); per round: median %.1f %%, %.1f to %.1f %%"
          % (over, 100 * over / trial, 100 * statistics.median(pairs), 100 * min(pairs), 100 * max(pairs)))
    for part, key in (("start (JVM, database, Spark context)", "ready"), ("trials (after the start)", None)):
        lv = [x[key] if key else x["wall"] - x["ready"] for x in runs["local"]]
        sv = [x[key] if key else x["wall"] - x["ready"] for x in runs["spark"]]
        print("%s: local median %.1f s (%.1f-%.1f), spark median %.1f s (%.1f-%.1f); difference per trial %.2f s = %.1f %%"
              % (part, statistics.median(lv), min(lv), max(lv), statistics.median(sv), min(sv), max(sv),
                 (statistics.median(sv) - statistics.median(lv)) / n,
                 100 * (statistics.median(sv) - statistics.median(lv)) / n / trial))
    lc = [x["cpu"] for x in runs["local"]]
    sc = [x["cpu"] for x in runs["spark"]]
    print("CPU time (user + sys): local median %.1f s (%.1f-%.1f), spark median %.1f s (%.1f-%.1f); difference per "
          "trial %.2f s" % (statistics.median(lc), min(lc), max(lc), statistics.median(sc), min(sc), max(sc),
                            (statistics.median(sc) - statistics.median(lc)) / n))


if __name__ == "__main__":
    main()
