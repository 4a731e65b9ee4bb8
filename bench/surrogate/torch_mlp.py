"""PyTorch CPU counterpart of TrainingBenchmark and InferenceBenchmark (members=1).

Same network (64-256-256-1, SiLU, float32), same optimiser (Adam, lr 3e-3), same epoch
(4096 rows in mini-batches). Prints training samples/s and inference predictions/s.
Run with Debian's torch:  OMP_NUM_THREADS=1 /usr/bin/python3 bench/surrogate/torch_mlp.py
"""
import os
import time

import torch

torch.manual_seed(1)
threads = int(os.environ.get("OMP_NUM_THREADS", "1"))
torch.set_num_threads(threads)
ROWS, FEATURES = 4096, 64


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
print(f"torch {torch.__version__}, threads {threads}")
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

    s = best_of(epoch)
    print(f"train   batch={batch:<5} {ROWS / s:>12,.0f} samples/s")

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
