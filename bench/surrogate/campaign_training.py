"""The alloy campaign's ensemble training, emulated in PyTorch, on a recorded run's relaxations.

Same shape as EnsembleSurrogate.defaults: ridge baseline, 5 members of 2x16 SiLU on its standardized
residual, Adam 3e-3, batch 128, 15% early-stopping rows, patience 40, 400 epochs. Trains on the final
model's rows (ROWS=al: pack, al*-pack) or the random baseline's (ROWS=random: pack, random-pack), tests
on the run's 900 held-out relaxations; descriptors as descriptor_fit.py computes them. Knobs, all
environment variables: SCHED=exp (0.99 per epoch, the campaign before 2026-12-06) | linear (to 0 at
the last epoch, the campaign now) | cos; LOSS=mse | huber (DELTA in units of the residual's σ).

  ROWS=al SCHED=linear LOSS=mse /usr/bin/python3 bench/surrogate/campaign_training.py HOME [VARIANT]
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from descriptor_fit import features, load  # noqa: E402


def main(home, variant):
    torch.set_num_threads(1)
    env = os.environ.get
    sched, loss_kind, delta = env("SCHED", "linear"), env("LOSS", "mse"), float(env("DELTA", "0.5"))
    epochs, members, batch, patience = 400, 5, 128, 40
    steps = ["pack", "al1-pack", "al2-pack", "al3-pack"] if env("ROWS", "al") == "al" else ["pack", "random-pack"]
    o, y, _ = load(home, steps)
    ot, yt, _ = load(home, ["holdout-pack"])
    x, xt = features(o, variant), features(ot, variant)
    mu, sd = x.mean(0), x.std(0) + 1e-6
    xs, xts = (x - mu) / sd, (xt - mu) / sd
    a = np.c_[xs, np.ones(len(xs))]
    w = np.linalg.solve(a.T @ a + 1e-6 * len(xs) * np.eye(a.shape[1]), a.T @ y)
    base, base_t = a @ w, np.c_[xts, np.ones(len(xts))] @ w
    r = (y - base).astype(np.float32)
    scale = r.std()
    inputs, target = torch.tensor(xs), torch.tensor(r / scale)
    preds, stopped = [], []
    for m in range(members):
        order = np.random.default_rng(m).permutation(len(r))
        val, train = order[:int(0.15 * len(r))], order[int(0.15 * len(r)):]
        torch.manual_seed(m)
        net = torch.nn.Sequential(torch.nn.Linear(x.shape[1], 16), torch.nn.SiLU(), torch.nn.Linear(16, 16),
                                  torch.nn.SiLU(), torch.nn.Linear(16, 1))
        opt = torch.optim.Adam(net.parameters(), lr=3e-3)
        rate = {"exp": lambda e: 0.99 ** e, "linear": lambda e: 1 - e / epochs,
                "cos": lambda e: 0.5 * (1 + np.cos(np.pi * e / epochs))}[sched]
        schedule = torch.optim.lr_scheduler.LambdaLR(opt, rate)
        best, best_state, since = float("inf"), None, 0
        for epoch in range(epochs):
            perm = torch.tensor(train)[torch.randperm(len(train))]
            for b in range(0, len(perm), batch):
                i = perm[b:b + batch]
                out = net(inputs[i]).squeeze(-1)
                loss = ((out - target[i]) ** 2).mean() if loss_kind == "mse" else \
                    torch.nn.functional.huber_loss(out, target[i], delta=delta)
                opt.zero_grad()
                loss.backward()
                opt.step()
            schedule.step()
            with torch.no_grad():
                v = ((net(inputs[val]).squeeze(-1) - target[val]) ** 2).mean().item()
            if v < best:
                best, best_state, since = v, {k: t.clone() for k, t in net.state_dict().items()}, 0
            else:
                since += 1
                if since >= patience:
                    break
        net.load_state_dict(best_state)
        stopped.append(epoch + 1)
        with torch.no_grad():
            preds.append(net(torch.tensor(xts)).squeeze(-1).numpy() * scale + base_t)
    err = np.abs(np.mean(preds, 0) - yt)
    print(f"rows={env('ROWS', 'al')} sched={sched} loss={loss_kind}: {len(y)} training rows, held-out MAE "
          f"{err.mean():.3f} meV/atom, members stopped at epochs {stopped}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "xd")
