"""JAX LSTM (jax.jit + lax.scan), configs A and B of J bench, float32.

Config A (d2l's character LM): one-hot input, LSTM, Linear head, mean cross-entropy, gradients by jax.grad,
torch's global-norm clip to 1 and SGD with lr 1, the whole step one jitted function.
Config B (fastrnns): loss = sum of outputs, gradients w.r.t. the four LSTM parameters, x, h0 and c0 (forward +
backward, no update), one jitted function.
The LSTM: x·W_ihᵀ + b_ih for all T steps in one product (as tapegrad's LSTM and its yardstick do), then lax.scan
over T of the cell: gates = that + h·W_hhᵀ + b_hh, split into i, f, g, o, sigmoid / tanh, c = f·c + i·g,
h = o·tanh(c). Each timed step ends with block_until_ready on what the step returns.

Threads: XLA's CPU client sizes its pools from the CPUs the process may run on, so run.sh pins N threads with
taskset -c 0..N-1 when N is below the processor count, and for N = 1 also sets
XLA_FLAGS=--xla_cpu_multi_thread_eigen=false (single-threaded Eigen kernels); see README.md.

    python3 examples/peers/jax_lstm.py --config A --threads 2
"""
import sys

try:
    import jax
    import jax.numpy as jnp
    from jax import lax
except ImportError as e:  # run.sh checks first; this is for direct use
    sys.exit("jax_lstm.py: JAX is not installed (%s); pip install jax" % e)

import numpy as np

import peerdata

LEARNING_RATE = 1.0
MAX_NORM = 1.0


def lstm(params, xs, h0, c0):
    w_ih, w_hh, b_ih, b_hh = params
    # the input projection of all T steps in one product, as tapegrad's LSTM, its custom cell and its yardstick do
    xw = xs @ w_ih.T + b_ih

    def cell(carry, xw_t):
        h, c = carry
        gates = xw_t + h @ w_hh.T + b_hh
        i, f, g, o = jnp.split(gates, 4, axis=1)
        c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        h = jax.nn.sigmoid(o) * jnp.tanh(c)
        return (h, c), h

    _, hs = lax.scan(cell, (h0, c0), xw)
    return hs


def make_a(c, data):
    t, b, h = c["steps"], c["batch"], c["hidden"]
    head, x, targets = data.config_a(c)
    params = [jnp.asarray(p) for p in data.lstm_params(c) + head]
    x = jnp.asarray(x)
    targets = jnp.asarray(targets.astype(np.int32))
    zeros = jnp.zeros((b, h), jnp.float32)

    def loss_fn(params):
        hs = lstm(params[:4], x, zeros, zeros)
        logits = hs.reshape(t * b, h) @ params[4].T + params[5]
        logp = jax.nn.log_softmax(logits, axis=1)
        return -jnp.mean(jnp.take_along_axis(logp, targets[:, None], axis=1))

    @jax.jit
    def train_step(params):
        loss, grads = jax.value_and_grad(loss_fn)(params)
        norm = jnp.sqrt(sum(jnp.sum(g * g) for g in grads))
        scale = jnp.where(norm > MAX_NORM, MAX_NORM / (norm + 1e-6), 1.0)
        new = [p - (LEARNING_RATE * scale) * g for p, g in zip(params, grads)]
        return new, loss, norm

    state = {"params": params}

    def step(check):
        new, loss, norm = train_step(state["params"])
        jax.block_until_ready(new)
        state["params"] = new
        return (float(loss), float(norm)) if check else None

    return step


def make_b(c, data):
    params = [jnp.asarray(p) for p in data.lstm_params(c)]
    x, h0, c0 = (jnp.asarray(a) for a in data.config_b(c))

    def loss_fn(params, x, h0, c0):
        return jnp.sum(lstm(params, x, h0, c0))

    grad_fn = jax.jit(jax.value_and_grad(loss_fn, argnums=(0, 1, 2, 3)))

    def step(check):
        loss, grads = grad_fn(params, x, h0, c0)
        jax.block_until_ready(grads)
        if not check:
            return None
        leaves = jax.tree_util.tree_leaves(grads)
        norm = float(np.sqrt(sum(float(jnp.sum(g * g)) for g in leaves)))
        return float(loss), norm

    return step


def main(argv):
    args = peerdata.parse_args(argv, "jax_lstm.py")
    c = peerdata.CONFIGS[args.config]
    data = peerdata.PeerData(args.seed)
    step = make_a(c, data) if args.config == "A" else make_b(c, data)
    import jaxlib
    peerdata.run("jax-scan", args.config, step, args, args.threads,
                 dict(engine="JAX %s (jaxlib %s, %s)" % (jax.__version__, jaxlib.__version__,
                                                           jax.devices()[0].platform)))


if __name__ == "__main__":
    main(sys.argv[1:])
