"""The reference for `npm run bench:numpy`: one training epoch of an MLP on MNIST in numpy,
single-threaded, doing the same work as deltascope's training loop.

Same work: 60,000 training images in a fresh shuffle each epoch, mini-batches of 128 gathered
in the shuffle order from the raw bytes and scaled to float32 [0, 1] by a 256-entry table, a
sigmoid MLP (784-64-10 or 784-128-64-10) in float32, softmax + cross-entropy (the batch loss
computed, as deltascope computes it), the backward pass and a plain SGD update, the last batch
partial (96 images). Weights U(-1, 1), biases 0, learning rate 0.1 — as bench/engine.bench.ts.

This is a benchmark helper, never part of the product. It is started by bench/numpy.bench.ts
and answers one JSON line per command read from stdin:
  info                      numpy version, BLAS library and thread settings
  epoch SIZES               {"seconds", "samplesPerSecond", "cpuSamplesPerSecond", "loss"} of one epoch,
                            e.g. "epoch 784-64-10" (cpuSamplesPerSecond: per second of this process's CPU time)
  latency SIZES REPEATS     {"ms"}: median time of one step on a prepared batch (no gather)
  quit
The thread count is pinned to 1 before numpy loads (OPENBLAS_NUM_THREADS and friends), so
OpenBLAS runs on one core, as deltascope's engine does.
"""

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_name] = "1"

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

BATCH = 128
LEARNING_RATE = np.float32(0.1)
PIXEL = (np.arange(256, dtype=np.float64) / 255).astype(np.float32)


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class Net:
    def __init__(self, sizes, seed=7):
        rng = np.random.default_rng(seed)
        # W[l] is (n_out, n_in) row-major, as deltascope stores it.
        self.W = [rng.uniform(-1, 1, (sizes[l + 1], sizes[l])).astype(np.float32) for l in range(len(sizes) - 1)]
        self.b = [np.zeros(sizes[l + 1], dtype=np.float32) for l in range(len(sizes) - 1)]

    def step(self, X, y):
        """Forward, loss, backward and SGD update on one batch; returns the batch-mean loss."""
        N = X.shape[0]
        L = len(self.W)
        acts = [X]
        a = X
        for l in range(L - 1):
            z = a @ self.W[l].T + self.b[l]
            a = 1 / (1 + np.exp(-z))
            acts.append(a)
        z = a @ self.W[L - 1].T + self.b[L - 1]
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        rows = np.arange(N)
        loss = float(np.mean(np.log(s[:, 0]) - z[rows, y]))
        d = e / s  # softmax
        d[rows, y] -= 1  # δ_L = ŷ − y
        scale = np.float32(1 / N)
        for l in range(L - 1, -1, -1):
            grad_w = (d.T @ acts[l]) * scale
            grad_b = d.sum(axis=0) * scale
            if l > 0:
                a = acts[l]
                d = (d @ self.W[l]) * (a * (1 - a))  # δ_l = f'(z_l) ⊙ (δ_{l+1} W_{l+1}), with the old W
            self.W[l] -= LEARNING_RATE * grad_w
            self.b[l] -= LEARNING_RATE * grad_b
        return loss


def gather(images, labels, idx):
    return PIXEL[images[idx]].reshape(len(idx), -1), labels[idx]


def epoch(net, images, labels, rng):
    count = images.shape[0]
    t0 = time.perf_counter()
    c0 = time.process_time()
    order = rng.permutation(count)
    loss_sum = 0.0
    for start in range(0, count, BATCH):
        X, y = gather(images, labels, order[start : start + BATCH])
        loss_sum += net.step(X, y) * X.shape[0]
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    return {"seconds": seconds, "samplesPerSecond": count / seconds, "cpuSamplesPerSecond": count / cpu, "loss": loss_sum / count}


def latency(net, images, labels, repeats):
    X, y = gather(images, labels, np.arange(BATCH))
    for _ in range(20):
        net.step(X, y)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        net.step(X, y)
        times.append(time.perf_counter() - t0)
    return {"ms": float(np.median(times)) * 1000}


def blas_info():
    try:
        config = np.show_config(mode="dicts")
        blas = config.get("Build Dependencies", {}).get("blas", {})
        return f"{blas.get('name', '?')} {blas.get('version', '?')}"
    except Exception:  # older numpy: no dict mode
        return "unknown"


def main():
    data_dir = sys.argv[1]
    images = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte")).reshape(-1, 784)
    labels = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte")).astype(np.intp)
    nets = {}
    rng = np.random.default_rng(11)
    np.seterr(over="ignore")  # exp(−z) of a saturated sigmoid overflows to inf: 1/(1+inf) = 0, as intended
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        command = parts[0]
        if command == "quit":
            break
        if command == "info":
            reply = {
                "numpy": np.__version__,
                "blas": blas_info(),
                "threads": {name: os.environ.get(name) for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")},
                "python": sys.version.split()[0],
            }
        else:
            sizes = [int(s) for s in parts[1].split("-")]
            net = nets.setdefault(parts[1], Net(sizes))
            if command == "epoch":
                reply = epoch(net, images, labels, rng)
            elif command == "latency":
                reply = latency(net, images, labels, int(parts[2]))
            else:
                reply = {"error": f"unknown command {command}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
