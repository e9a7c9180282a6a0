"""What the study scripts (spark_overhead.py, study_throughput.py) share: reading a study's trials, naming the CPU."""
import os
import sqlite3


def results(db):
    """Every trial of a study database: key -> (status, metric, curve, seconds)."""
    with sqlite3.connect(db) as c:
        return {k: (s, m, curve, sec) for k, s, m, curve, sec in
                c.execute("SELECT trial_key, status, metric, curve, seconds FROM trials")}


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
