"""What the study scripts (spark_overhead.py, study_throughput.py) share: reading a study's trials, checking them, naming
the CPU."""
import os
import sqlite3
import sys


def results(db):
    """Every trial of a study database: key -> (status, metric, curve, seconds)."""
    with sqlite3.connect(db) as c:
        return {k: (s, m, curve, sec) for k, s, m, curve, sec in
                c.execute("SELECT trial_key, status, metric, curve, seconds FROM trials")}


def same_bits(rows, reference, label):
    """Exits unless every trial in rows is complete and (given a reference) has the reference's metric and curve;
    returns the reference to compare later runs with (rows' own bits the first time)."""
    if any(status != "complete" for status, _, _, _ in rows.values()):
        sys.exit("%s: not every trial is complete" % label)
    bits = {key: (v[1], v[2]) for key, v in rows.items()}
    if reference is not None and bits != reference:
        sys.exit("%s: results differ from the first run's" % label)
    return bits


def cpu():
    """The CPU's model name and the processor count, for the first line of a measurement."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return "%s, %d processors" % (line.split(":", 1)[1].strip(), os.cpu_count())
    except OSError:
        pass
    return "unknown CPU"
