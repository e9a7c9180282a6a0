"""NumPy hand-BPTT LSTM, config A of J bench (d2l's character LM training step), float32.

One step: forward (the input projection of all T steps in one GEMM, then per step h @ W_hhᵀ, gates i, f, g, o,
c, h), the Linear head, mean cross-entropy, the hand-derived backward through time, torch's global-norm clip to 1,
SGD with lr 1. Threads: set OPENBLAS_NUM_THREADS (and OMP_NUM_THREADS) before starting, as run.sh does.

    OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 python3 examples/peers/numpy_lstm.py --config A --threads 2
"""
import sys

import numpy as np

import peerdata

LEARNING_RATE = 1.0
MAX_NORM = 1.0


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


class HandLstm:
    def __init__(self, c, data):
        self.t, self.b, self.v, self.h = c["steps"], c["batch"], c["vocab"], c["hidden"]
        self.params = data.lstm_params(c)  # W_ih [4H, V], W_hh [4H, H], b_ih, b_hh [4H]
        head, x, targets = data.config_a(c)
        self.params += head                 # head W [V, H], head b [V]
        self.x = x.reshape(self.t * self.b, self.v)
        self.targets = targets
        self.rows = np.arange(self.t * self.b)

    def step(self, check):
        t, b, h = self.t, self.b, self.h
        w_ih, w_hh, b_ih, b_hh, w_out, b_out = self.params
        n = t * b
        # forward
        xg = (self.x @ w_ih.T + (b_ih + b_hh)).reshape(t, b, 4 * h)
        acts = np.empty((t, b, 4 * h), dtype=np.float32)   # i, f, g, o after their nonlinearity
        hs = np.zeros((t + 1, b, h), dtype=np.float32)      # hs[0] = h0 = 0
        cs = np.zeros((t + 1, b, h), dtype=np.float32)      # cs[0] = c0 = 0
        tcs = np.empty((t, b, h), dtype=np.float32)
        for s in range(t):
            a = xg[s] + hs[s] @ w_hh.T
            acts[s, :, :2 * h] = sigmoid(a[:, :2 * h])
            acts[s, :, 2 * h:3 * h] = np.tanh(a[:, 2 * h:3 * h])
            acts[s, :, 3 * h:] = sigmoid(a[:, 3 * h:])
            i, f, g, o = acts[s, :, :h], acts[s, :, h:2 * h], acts[s, :, 2 * h:3 * h], acts[s, :, 3 * h:]
            cs[s + 1] = f * cs[s] + i * g
            tcs[s] = np.tanh(cs[s + 1])
            hs[s + 1] = o * tcs[s]
        out = hs[1:].reshape(n, h)
        logits = out @ w_out.T + b_out
        z = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(z)
        se = e.sum(axis=1, keepdims=True)
        loss = -np.mean(z[self.rows, self.targets] - np.log(se[:, 0])) if check else None
        # backward: head
        d_logits = e / se
        d_logits[self.rows, self.targets] -= 1
        d_logits /= n
        g_out = d_logits.T @ out
        g_bout = d_logits.sum(axis=0)
        d_hs = (d_logits @ w_out).reshape(t, b, h)
        # backward through time
        d_a = np.empty((t, b, 4 * h), dtype=np.float32)
        d_h = np.zeros((b, h), dtype=np.float32)
        d_c = np.zeros((b, h), dtype=np.float32)
        for s in range(t - 1, -1, -1):
            i, f, g, o = acts[s, :, :h], acts[s, :, h:2 * h], acts[s, :, 2 * h:3 * h], acts[s, :, 3 * h:]
            dh = d_hs[s] + d_h
            tc = tcs[s]
            dc = d_c + dh * o * (1 - tc * tc)
            d_a[s, :, :h] = dc * g * i * (1 - i)
            d_a[s, :, h:2 * h] = dc * cs[s] * f * (1 - f)
            d_a[s, :, 2 * h:3 * h] = dc * i * (1 - g * g)
            d_a[s, :, 3 * h:] = dh * tc * o * (1 - o)
            d_c = dc * f
            d_h = d_a[s] @ w_hh
        d_a2 = d_a.reshape(n, 4 * h)
        g_ih = d_a2.T @ self.x
        g_hh = d_a2.T @ hs[:-1].reshape(n, h)
        g_b = d_a2.sum(axis=0)
        grads = [g_ih, g_hh, g_b, g_b, g_out, g_bout]
        # clip (torch.nn.utils.clip_grad_norm_, max norm 1) and SGD
        norm = float(np.sqrt(sum(float(np.vdot(gr, gr)) for gr in grads)))
        scale = MAX_NORM / (norm + 1e-6) if norm > MAX_NORM else 1.0
        rate = np.float32(LEARNING_RATE * scale)
        for p, gr in zip(self.params, grads):
            p -= rate * gr
        return (loss, norm) if check else None


def blas_name():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return "%s %s" % (blas.get("name"), blas.get("version"))
    except Exception:  # older NumPy: no dict mode
        return None


def main(argv):
    args = peerdata.parse_args(argv, "numpy_lstm.py", configs=("A",))
    c = peerdata.CONFIGS[args.config]
    model = HandLstm(c, peerdata.PeerData(args.seed))
    peerdata.run("numpy-bptt", args.config, model.step, args, args.threads,
                 dict(engine="NumPy " + np.__version__ + " (" + str(blas_name()) + ")"))


if __name__ == "__main__":
    main(sys.argv[1:])
