#!/usr/bin/python3
"""Check that a tapegrad time-machine checkpoint means the same model in PyTorch.

Usage:
    /usr/bin/python3 examples/scripts/torch_check_checkpoint.py CHECKPOINT JAR
        [--prefix TEXT] [--length N] [--java JAVA]

Reads CHECKPOINT (a safetensors file written by `time-machine`, parsed here without the safetensors
package), builds d2l's RNNModel in PyTorch (nn.LSTM / nn.GRU / nn.RNN, then nn.Linear) from its metadata,
loads the tensors with load_state_dict(strict=True) after dropping the `optimizer.` ones, and continues
--prefix greedily as tapegrad's TextGenerator does: the prefix lower-cased, one forward pass over it from a
zero state, then one character at a time, each argmax fed back in. It runs JAR's `generate` on the same
checkpoint and prefix and prints both texts, then compares the logits over the prefix with tapegrad's own
(from TapegradLogits.java beside this script) and prints the largest absolute difference.

Prints "agree" and exits 0 when the texts are equal, "DISAGREE" and exits 1 when not; exits 2 with one
line on stderr on bad arguments or a checkpoint it cannot check. Needs torch and numpy (Debian:
apt-get install python3-torch) and a JDK (the logits helper is a single-file Java source program).
"""

import argparse
import json
import os
import struct
import subprocess
import sys

import numpy as np
import torch
from torch import nn

# TrainingSetup.FORMAT and FORMAT_1, with the metadata key naming the recurrent layers' cell in each
CELL_KEYS = {"tapegrad-char-lm/2": "cell", "tapegrad-char-lm/1": "model"}
UNKNOWN_TOKEN = "<unk>"  # Vocab.UNKNOWN_TOKEN, index 0
OPTIMIZER_PREFIX = "optimizer."  # Checkpoint.OPTIMIZER_PREFIX
DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8")}  # what a tapegrad checkpoint can hold
LAYERS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}  # tapegrad's RNN is tanh, as nn.RNN's default
HERE = os.path.dirname(os.path.abspath(__file__))


class Unusable(Exception):
    """Bad arguments or a checkpoint this script cannot check: one line, exit status 2."""


def read_safetensors(path):
    """The tensors (name -> numpy array) and the __metadata__ (str -> str) of a safetensors file."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise Unusable(f"{path}: cannot read ({e.strerror})")
    if len(raw) < 8:
        raise Unusable(f"{path}: {len(raw)} bytes, too short for a safetensors header")
    (header_len,) = struct.unpack("<Q", raw[:8])
    if header_len > len(raw) - 8:
        raise Unusable(f"{path}: header length {header_len} exceeds the file's {len(raw) - 8} remaining bytes")
    try:
        header = json.loads(raw[8:8 + header_len].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Unusable(f"{path}: header is not UTF-8 JSON ({e})")
    if not isinstance(header, dict):
        raise Unusable(f"{path}: header is not a JSON object")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise Unusable(f"{path}: __metadata__ is not an object of strings")
    data = memoryview(raw)[8 + header_len:]
    tensors = {}
    for name, info in header.items():
        try:
            dtype, shape, (begin, end) = DTYPES.get(info["dtype"]), info["shape"], info["data_offsets"]
        except (KeyError, TypeError, ValueError):
            raise Unusable(f"{path}: tensor '{name}' lacks dtype, shape or data_offsets")
        if dtype is None:
            raise Unusable(f"{path}: tensor '{name}' has dtype {info['dtype']}; expected one of {sorted(DTYPES)}")
        count = int(np.prod(shape, dtype=np.int64))
        if not 0 <= begin <= end <= len(data) or end - begin != count * dtype.itemsize:
            raise Unusable(f"{path}: tensor '{name}' {info['dtype']}{shape} has data_offsets [{begin}, {end}] "
                           f"in a data section of {len(data)} bytes")
        tensors[name] = np.frombuffer(data[begin:end], dtype=dtype).reshape(shape).copy()
    return tensors, metadata


def required(metadata, key, path):
    if key not in metadata:
        raise Unusable(f"{path}: not a complete time-machine checkpoint (metadata '{key}' is missing)")
    return metadata[key]


def integer(metadata, key, path):
    value = required(metadata, key, path)
    try:
        return int(value)
    except ValueError:
        raise Unusable(f"{path}: metadata '{key}' = '{value}' is not an integer")


class RNNModel(nn.Module):
    """d2l's RNNModel (v0.17, section 8.6): one-hot [T, B, V] -> recurrent layers -> Linear at every step."""

    def __init__(self, rnn_layer, vocab_size):
        super().__init__()
        self.rnn = rnn_layer
        self.vocab_size = vocab_size
        self.linear = nn.Linear(rnn_layer.hidden_size, vocab_size)

    def forward(self, inputs, state):
        # inputs [B, T] of token ids, as d2l's; logits [T*B, V], row t*B + b
        x = nn.functional.one_hot(inputs.T.long(), self.vocab_size).to(self.linear.weight.dtype)
        y, state = self.rnn(x, state)
        return self.linear(y.reshape((-1, y.shape[-1]))), state


def torch_model(path):
    """The checkpoint's model in PyTorch, its vocabulary (index -> token) and a one-line description."""
    tensors, metadata = read_safetensors(path)
    # Only the keys read below matter; anything else (epoch, perplexity, checksums, keys added later) is ignored.
    if metadata.get("format") not in CELL_KEYS:
        raise Unusable(f"{path}: not a time-machine checkpoint (metadata 'format' is "
                       f"{metadata.get('format')!r}, expected one of {', '.join(CELL_KEYS)})")
    kind = required(metadata, CELL_KEYS[metadata["format"]], path)
    if kind not in LAYERS:
        raise Unusable(f"{path}: cell '{kind}' has no PyTorch layer to compare with (only {', '.join(LAYERS)})")
    hidden, layers = integer(metadata, "hidden", path), integer(metadata, "layers", path)
    tokens = [UNKNOWN_TOKEN] + list(required(metadata, "vocab", path))  # one code point per token, as Vocab
    state_dict = {k: torch.from_numpy(v) for k, v in tensors.items() if not k.startswith(OPTIMIZER_PREFIX)}
    dropped = len(tensors) - len(state_dict)
    model = RNNModel(LAYERS[kind](len(tokens), hidden, num_layers=layers), len(tokens))
    if any(v.dtype == torch.float64 for v in state_dict.values()):
        model = model.double()
    try:
        model.load_state_dict(state_dict, strict=True)
    except RuntimeError as e:
        raise Unusable(f"{path}: load_state_dict(strict=True) refused it: " + " ".join(str(e).split()))
    model.eval()
    about = (f"{kind}, hidden {hidden}, {layers} layer(s), vocabulary of {len(tokens)}, "
             f"epoch {metadata.get('epoch', '?')}; load_state_dict(strict=True) took {len(state_dict)} tensors, "
             f"{dropped} optimizer. tensor(s) dropped")
    return model, tokens, about


def encode(tokens, text):
    """Vocab.encode; every character must be known, as `generate` requires."""
    index = {t: i for i, t in enumerate(tokens) if i > 0}
    for c in text:
        if c not in index:
            raise Unusable(f"--prefix: character {c!r} is not in the model's vocabulary {''.join(tokens[1:])!r}")
    return [index[c] for c in text]


@torch.no_grad()
def prefix_logits(model, ids):
    """Logits [len(ids), V] of one forward pass from a zero state, and the state after it."""
    logits, state = model(torch.tensor([ids]), None)
    return logits, state


@torch.no_grad()
def greedy(model, tokens, prefix, length):
    """TextGenerator.generate with temperature 0: warm up on the whole prefix, then feed each argmax back."""
    logits, state = prefix_logits(model, encode(tokens, prefix))
    last = logits[-1]
    text = prefix
    for k in range(length):
        nxt = int(np.argmax(last.numpy()))  # first maximum, as tapegrad's argmax
        text += tokens[nxt]
        if k + 1 < length:
            logits, state = model(torch.tensor([[nxt]]), state)
            last = logits[-1]
    return text


def run(command, what):
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    except OSError as e:
        raise Unusable(f"{what}: cannot run {command[0]} ({e.strerror})")
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if not line.startswith("WARNING: Using incubator")]
        raise Unusable(f"{what} exited {done.returncode}: {lines[-1] if lines else '(no message)'}")
    return done.stdout


def tapegrad_logits(java, jar, checkpoint, text):
    out = run([java, "--add-modules", "jdk.incubator.vector", "-cp", jar,
               os.path.join(HERE, "TapegradLogits.java"), checkpoint, text], "TapegradLogits.java")
    bits = np.array([[int(h, 16) for h in line.split()] for line in out.splitlines()], dtype=np.uint32)
    return bits.view(np.float32)


class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        raise Unusable(message)


def main(argv):
    parser = OneLineParser(description="Check a tapegrad time-machine checkpoint against PyTorch.")
    parser.add_argument("checkpoint", help="a .safetensors file written by time-machine")
    parser.add_argument("jar", help="examples/target/tapegrad-examples.jar")
    parser.add_argument("--prefix", default="time traveller", help="text to continue (default: %(default)s)")
    parser.add_argument("--length", type=int, default=50, help="characters to generate (default: %(default)s)")
    parser.add_argument("--java", default="java", help="the java launcher of a JDK >= 17 (default: %(default)s)")
    args = parser.parse_args(argv)
    if args.length < 0:
        raise Unusable(f"--length {args.length}: must be >= 0")
    prefix = args.prefix.lower()  # GenerateCommand lower-cases the prefix
    if not prefix:
        raise Unusable("--prefix: must not be empty")
    if not os.path.isfile(args.jar):
        raise Unusable(f"{args.jar}: no such jar (build it with mvn -B -q package -DskipTests)")

    model, tokens, about = torch_model(args.checkpoint)
    mine = greedy(model, tokens, prefix, args.length)
    theirs = run([args.java, "--add-modules", "jdk.incubator.vector", "-jar", args.jar, "generate",
                  "--checkpoint", args.checkpoint, "--prefix", prefix, "--length", str(args.length)],
                 "tapegrad generate")
    theirs = theirs[:-1] if theirs.endswith("\n") else theirs  # println's line end (Linux)
    theirs = theirs[:-1] if theirs.endswith("\r") else theirs

    ours_logits = prefix_logits(model, encode(tokens, prefix))[0].numpy().astype(np.float32)
    reference = tapegrad_logits(args.java, args.jar, args.checkpoint, prefix)
    if reference.shape != ours_logits.shape:
        raise Unusable(f"TapegradLogits.java gave logits {list(reference.shape)}, torch {list(ours_logits.shape)}")
    diff = float(np.max(np.abs(ours_logits - reference)))

    print(f"checkpoint {args.checkpoint}: {about}")
    print(f"torch {torch.__version__}, prefix {prefix!r}, {args.length} characters")
    print(f"tapegrad: {theirs}")
    print(f"torch:    {mine}")
    print(f"prefix logits [{reference.shape[0]} x {reference.shape[1]}], float32: max |torch - tapegrad| = "
          f"{diff:.3g} (largest |logit| {float(np.max(np.abs(reference))):.3g})")
    print("agree" if mine == theirs else "DISAGREE")
    return 0 if mine == theirs else 1


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Unusable as e:
        print(f"torch_check_checkpoint.py: {e}", file=sys.stderr)
        sys.exit(2)
