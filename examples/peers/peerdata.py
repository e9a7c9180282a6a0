"""What the Python peers share with each other and with the Java ones (PeerConfig, PeerData, PeerBench).

- CONFIGS: J bench's two workloads with its warm-up and measured step counts.
- PeerData: the same counter-based generator as PeerData.java (SplitMix64's finaliser of stream*phi + index, 24-bit
  uniforms), so every peer starts from the same parameters and data and the first-step checks can be compared.
- run(): two checked steps, the warm-up steps, then the measured steps each timed alone; prints one JSON line with
  the fields of `J bench --json` that apply (tokens/s = B*T / median step time).
"""
import json
import math
import os
import platform
import sys
import time

import numpy as np

CONFIGS = {
    # batch, steps (T), input, hidden, vocab, warm-up, measured
    "A": dict(batch=32, steps=35, input=28, hidden=256, vocab=28, warmup=80, measure=60),
    "B": dict(batch=64, steps=100, input=512, hidden=512, vocab=0, warmup=5, measure=10),
}

W_IH, W_HH, B_IH, B_HH, HEAD_W, HEAD_B, TOKENS, TARGETS, X, H0, C0 = range(11)

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_PHI = np.uint64(0x9E3779B97F4A7C15)


def _uniform(stream, idx):
    with np.errstate(over="ignore"):
        z = np.full(idx.shape, stream, dtype=np.uint64) * _PHI + idx
        z = (z ^ (z >> np.uint64(30))) * _M1
        z = (z ^ (z >> np.uint64(27))) * _M2
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(40)).astype(np.float64) * 2.0 ** -24


class PeerData:
    def __init__(self, seed=42):
        self.seed = seed

    def _stream(self, tensor):
        return self.seed * 16 + tensor

    def init(self, tensor, shape, fan_in):
        n = int(np.prod(shape))
        u = _uniform(self._stream(tensor), np.arange(n, dtype=np.uint64))
        return ((2 * u - 1) * (1 / math.sqrt(fan_in))).astype(np.float32).reshape(shape)

    def normal(self, tensor, shape):
        n = int(np.prod(shape))
        i = np.arange(n, dtype=np.uint64)
        u1 = _uniform(self._stream(tensor), 2 * i)
        u2 = _uniform(self._stream(tensor), 2 * i + 1)
        return (np.sqrt(-2 * np.log(1 - u1)) * np.cos(2 * math.pi * u2)).astype(np.float32).reshape(shape)

    def ints(self, tensor, n, bound):
        return (_uniform(self._stream(tensor), np.arange(n, dtype=np.uint64)) * bound).astype(np.int64)

    def lstm_params(self, c):
        h, i = c["hidden"], c["input"]
        return [self.init(W_IH, (4 * h, i), h), self.init(W_HH, (4 * h, h), h),
                self.init(B_IH, (4 * h,), h), self.init(B_HH, (4 * h,), h)]

    def config_a(self, c):
        """Head weight and bias, one-hot input [T, B, V] (time-major) and targets [T*B]."""
        t, b, v, h = c["steps"], c["batch"], c["vocab"], c["hidden"]
        head = [self.init(HEAD_W, (v, h), h), self.init(HEAD_B, (v,), h)]
        tokens = self.ints(TOKENS, t * b, v)
        one_hot = np.zeros((t * b, v), dtype=np.float32)
        one_hot[np.arange(t * b), tokens] = 1
        return head, one_hot.reshape(t, b, v), self.ints(TARGETS, t * b, v)

    def config_b(self, c):
        """x [T, B, I], h0 and c0 [B, H], standard normal."""
        t, b, i, h = c["steps"], c["batch"], c["input"], c["hidden"]
        return self.normal(X, (t, b, i)), self.normal(H0, (b, h)), self.normal(C0, (b, h))


def flops_per_step(c, trains):
    lstm = 2.0 * c["batch"] * (c["input"] + c["hidden"]) * 4.0 * c["hidden"] * c["steps"]
    head = 2.0 * c["batch"] * c["steps"] * c["hidden"] * c["vocab"] if trains else 0.0
    return 3 * lstm + 3 * head


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def parse_args(argv, prog, configs=("A", "B")):
    import argparse
    p = argparse.ArgumentParser(prog=prog)
    p.add_argument("--config", default="A", choices=list(configs))
    p.add_argument("--threads", type=int, default=None,
                   help="threads the launcher pinned (recorded in the JSON; set the environment before starting)")
    p.add_argument("--warmup", type=int, default=None)
    p.add_argument("--measure", type=int, default=None)
    p.add_argument("--seed", type=int, default=42)
    return p.parse_args(argv)


def run(impl, config_name, step, args, threads, extra):
    """step(check) runs one step; with check=True it returns (loss, grad_norm) read back after the step."""
    c = CONFIGS[config_name]
    warmup = c["warmup"] if args.warmup is None else args.warmup
    measure = c["measure"] if args.measure is None else args.measure
    loss1, norm1 = step(True)
    loss2, _ = step(True)
    for _ in range(warmup):
        step(False)
    times = []
    for _ in range(measure):
        start = time.perf_counter_ns()
        step(False)
        times.append(time.perf_counter_ns() - start)
    times.sort()
    n = len(times)
    median = (times[n // 2] if n % 2 else (times[n // 2 - 1] + times[n // 2]) / 2) / 1e6
    trains = config_name == "A"
    flops = flops_per_step(c, trains)
    tokens = c["batch"] * c["steps"]
    out = dict(impl=impl, config=config_name, dtype="float32", batch=c["batch"], steps=c["steps"],
               input=c["input"], hidden=c["hidden"], vocab=c["vocab"], threads=threads, warmup=warmup,
               measure=n, tokens_per_s=tokens / (median / 1e3), ms_median=median, ms_min=times[0] / 1e6,
               ms_max=times[-1] / 1e6, gflop_per_step=flops / 1e9,
               flop_formula="3·T·2·B·(I+H)·4H + 3·2·B·T·H·V" if trains else "3·T·2·B·(I+H)·4H",
               gflop_per_s=flops / (median / 1e3) / 1e9, check_loss=float(loss1), check_grad_norm=float(norm1),
               check_loss_step2=float(loss2))
    out.update(extra)
    out.update(processors=os.cpu_count(), os_arch=platform.machine(), python_version=platform.python_version(),
               numpy_version=np.__version__, cpu=cpu_model())
    print(json.dumps(out, ensure_ascii=False))
    sys.stdout.flush()
