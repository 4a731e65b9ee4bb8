"""PyTorch CPU counterpart of TrainingBenchmark and InferenceBenchmark (members=1).

Same network (64-256-256-1, SiLU, float32), same optimiser (Adam, lr 3e-3), same epoch
(4096 rows in mini-batches). Training is timed as TrainingWindows times DL4J: a warm-up, then
two-second windows, min/median/max of their samples/s. Then inference predictions/s.
Run with Debian's torch:  OMP_NUM_THREADS=2 /usr/bin/python3 bench/surrogate/torch_mlp.py [warm-up s] [windows]

OpenMP threads wait passively unless OMP_WAIT_POLICY says otherwise, as the kakehashi launcher
sets for DL4J: on a 2-vCPU machine spinning waiters cost PyTorch about 4x (22k against 6k
samples/s at batch 64), so comparing a passive DL4J with a spinning PyTorch flatters DL4J.
"""
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # read by libgomp when torch loads it
import torch  # noqa: E402

torch.manual_seed(1)
threads = int(os.environ.get("OMP_NUM_THREADS", "1"))
torch.set_num_threads(threads)
ROWS, FEATURES = 4096, 64
WARMUP = int(sys.argv[1]) if len(sys.argv) > 1 else 5
WINDOWS = int(sys.argv[2]) if len(sys.argv) > 2 else 8
WINDOW_SECONDS = 2


def mlp():
    return torch.nn.Sequential(
        torch.nn.Linear(FEATURES, 256), torch.nn.SiLU(),
        torch.nn.Linear(256, 256), torch.nn.SiLU(),
        torch.nn.Linear(256, 1))


def best_of(fn, repeats=5):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


x = torch.rand(ROWS, FEATURES)
y = (x[:, 0] * x[:, 1]).unsqueeze(1)
def window(fn):
    """Whole epochs for at least WINDOW_SECONDS: samples per second."""
    start = time.perf_counter()
    epochs = 0
    while time.perf_counter() - start < WINDOW_SECONDS:
        fn()
        epochs += 1
    return epochs * ROWS / (time.perf_counter() - start)


print(f"torch {torch.__version__}, threads {threads}, OMP_WAIT_POLICY={os.environ['OMP_WAIT_POLICY']}")
for batch in (64, 256):
    net = mlp()
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    loss_fn = torch.nn.MSELoss()
    batches = [(x[i:i + batch], y[i:i + batch]) for i in range(0, ROWS, batch)]

    def epoch():
        for bx, by in batches:
            opt.zero_grad()
            loss_fn(net(bx), by).backward()
            opt.step()

    first = window(epoch)
    end = time.perf_counter() + WARMUP - WINDOW_SECONDS
    while time.perf_counter() < end:
        epoch()
    rates = sorted(window(epoch) for _ in range(WINDOWS))
    print(f"train batch={batch} first window {first:.0f}; after {WARMUP} s warm-up, {WINDOWS} windows: "
          f"min {rates[0]:.0f} median {rates[len(rates) // 2]:.0f} max {rates[-1]:.0f} samples/s")

net = mlp().eval()
for batch in (1, 64, 4096):
    xb = torch.rand(batch, FEATURES)
    reps = max(1, 20000 // batch)

    def infer():
        with torch.no_grad():
            for _ in range(reps):
                net(xb)

    s = best_of(infer, 3)
    print(f"predict batch={batch:<5} {reps * batch / s:>12,.0f} predictions/s")
