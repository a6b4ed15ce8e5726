"""Template of the training part of an exported ``train.py`` (torch only).

The text reproduces :class:`engine.training.trainer.Trainer`'s loop (same seed, same
numbers on a CPU), adds torchrun data parallelism, and is formatted as ``ruff format``
leaves it.
"""

LOOP_SOURCE = r'''
# --------------------------------------------------------------------------- training
# The loop of the Convas trainer: seeded re-initialisation, a seeded permutation per
# epoch, the learning-rate schedule per step, weight decay on weights only.


def lr_factor(schedule: str, step: int, total: int, warmup: int) -> float:
    """The multiplier of the base learning rate at ``step`` (0-based) of ``total``."""
    total = max(1, total)
    if schedule == "onecycle":
        rise = warmup if warmup > 0 else max(1, int(0.3 * total))
        rise = min(rise, total - 1) if total > 1 else 0
        start, end = 1.0 / 25.0, 1.0 / (25.0 * 1e4)
        if step < rise:
            return cosine_between(start, 1.0, step / rise)
        fall = max(1, total - 1 - rise)
        return cosine_between(1.0, end, min(1.0, (step - rise) / fall))
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / max(1, total - warmup)
    if schedule == "cosine":
        return 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))
    if schedule == "step":
        return 0.01 if progress >= 0.75 else 0.1 if progress >= 0.5 else 1.0
    return 1.0


def cosine_between(a: float, b: float, t: float) -> float:
    return b + (a - b) * 0.5 * (1.0 + math.cos(math.pi * t))


def build_optimizer(model: nn.Module, cfg: dict, fused: bool) -> torch.optim.Optimizer:
    """The optimizer; weight decay applies to weights, not to biases or norms."""
    decay = [p for p in model.parameters() if p.requires_grad and p.ndim > 1]
    no_decay = [p for p in model.parameters() if p.requires_grad and p.ndim <= 1]
    groups = [
        {"params": decay, "weight_decay": cfg["weight_decay"]},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    groups = [g for g in groups if g["params"]]
    if cfg["optimizer"] == "sgd":
        nesterov = cfg["nesterov"] and cfg["momentum"] > 0
        return torch.optim.SGD(
            groups, lr=cfg["lr"], momentum=cfg["momentum"], nesterov=nesterov
        )
    cls = torch.optim.AdamW if cfg["optimizer"] == "adamw" else torch.optim.Adam
    extra = {"fused": True} if fused else {"foreach": True}
    return cls(groups, lr=cfg["lr"], **extra)


def augment_batch(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Random crop with zero padding (1/8 of the side) and horizontal flip."""
    n, _, h, w = x.shape
    pad = max(1, min(h, w) // 8)
    shift = torch.randint(0, 2 * pad + 1, (2, n), generator=generator).to(x.device)
    flip = (torch.rand(n, generator=generator) < 0.5).to(x.device)
    padded = F.pad(x, (pad, pad, pad, pad))
    rows = (shift[0][:, None] + torch.arange(h, device=x.device))[:, None, :, None]
    cols = shift[1][:, None] + torch.arange(w, device=x.device)
    cols = torch.where(flip[:, None], cols.flip(1), cols)[:, None, None, :]
    batch = torch.arange(n, device=x.device)[:, None, None, None]
    channels = torch.arange(x.shape[1], device=x.device)[None, :, None, None]
    return padded[batch, channels, rows, cols]


def reinitialise(model: nn.Module, seed: int) -> None:
    """Seed torch and re-create every parameter, so a run depends on the seed alone."""
    torch.manual_seed(seed)
    for module in model.modules():
        reset = getattr(module, "reset_parameters", None)
        if module is not model and callable(reset):
            reset()


def pick_device(name: str, local_rank: int) -> torch.device:
    cuda = torch.cuda.is_available()
    mps = bool(
        getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()
    )
    if name == "auto":
        name = "cuda" if cuda else "mps" if mps else "cpu"
    if name == "cuda":
        if not cuda:
            raise SystemExit("--device cuda: no CUDA GPU is available")
        torch.cuda.set_device(local_rank)
        return torch.device("cuda", local_rank)
    return torch.device(name)


class Run:
    """One training run, alone or as one process of a torchrun group."""

    def __init__(self, cfg: dict, args: argparse.Namespace):
        self.cfg = cfg
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.device = pick_device(cfg["device"], int(os.environ.get("LOCAL_RANK", "0")))
        if self.world > 1:
            backend = "nccl" if self.device.type == "cuda" else "gloo"
            dist.init_process_group(backend)
        cuda = self.device.type == "cuda"
        self.autocast = None
        if cuda and cfg["amp"]:
            bf16 = torch.cuda.is_bf16_supported()
            self.autocast = torch.bfloat16 if bf16 else torch.float16
        self.channels_last = cuda and cfg["channels_last"]
        self.scaler = None
        if self.autocast is torch.float16:
            self.scaler = torch.amp.GradScaler("cuda")
        if cuda:
            torch.backends.cudnn.benchmark = True
            torch.set_float32_matmul_precision("high")
        data = load_dataset(
            cfg["dataset"], INPUT_SHAPE, cfg["val_fraction"], cfg["seed"]
        )
        self.train_x, self.train_y, self.val_x, self.val_y, self.classes = data
        self.model = build_model()
        with torch.no_grad():  # eval mode: no dropout, so no random numbers drawn
            outputs = self.model.eval()(self.train_x[:1]).shape[-1]
        if outputs != len(self.classes):
            raise SystemExit(
                f"the network has {outputs} outputs but {cfg['dataset']} has "
                f"{len(self.classes)} classes: set the last Linear's out_features to "
                f"{len(self.classes)} in Convas and export again"
            )
        if args.weights:
            state = torch.load(args.weights, map_location="cpu", weights_only=True)
            self.model.load_state_dict(state)
            torch.manual_seed(cfg["seed"])
        else:
            reinitialise(self.model, cfg["seed"])
        layout = torch.channels_last if self.channels_last else torch.preserve_format
        self.model.to(self.device, memory_format=layout)
        if self.world > 1 and cuda:
            self.model = nn.SyncBatchNorm.convert_sync_batchnorm(self.model)
        fused = cuda and cfg["optimizer"] in ("adam", "adamw")
        self.optimizer = build_optimizer(self.model, cfg, fused)
        self.forward = self.model
        if self.world > 1:
            ids = [self.device.index] if cuda else None
            self.forward = DistributedDataParallel(self.model, device_ids=ids)
        if cfg["compile"]:
            self.forward = torch.compile(self.forward)
        self.tensors = [
            t.to(self.device)
            for t in (self.train_x, self.train_y, self.val_x, self.val_y)
        ]

    def log(self, text: str) -> None:
        if self.rank == 0:
            print(text, file=sys.stderr, flush=True)

    def sum_all(self, *values: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """Sums over every process of a torchrun group."""
        if self.world > 1:
            for value in values:
                dist.all_reduce(value)
        return values

    def train(self) -> dict:
        cfg = self.cfg
        train_x, train_y = self.tensors[0], self.tensors[1]
        n = len(train_x)
        batch = min(cfg["batch_size"], n)
        steps = max(1, n // batch)  # the last partial batch is dropped
        total, warmup = cfg["epochs"] * steps, round(cfg["warmup_epochs"] * steps)
        perm_gen = torch.Generator().manual_seed(cfg["seed"])
        aug_gen = torch.Generator().manual_seed(cfg["seed"] + 1)
        started, samples, global_step = time.perf_counter(), 0, 0
        result = {"epochs": 0, "status": "completed"}
        for epoch in range(1, cfg["epochs"] + 1):
            self.model.train()
            perm = torch.randperm(n, generator=perm_gen).to(self.device)
            loss_sum = torch.zeros((), device=self.device)
            correct = torch.zeros((), dtype=torch.int64, device=self.device)
            seen = torch.zeros((), dtype=torch.int64, device=self.device)
            for step in range(steps):
                lr = cfg["lr"] * lr_factor(cfg["schedule"], global_step, total, warmup)
                for group in self.optimizer.param_groups:
                    group["lr"] = lr
                idx = perm[step * batch : (step + 1) * batch][self.rank :: self.world]
                xb, yb = train_x[idx], train_y[idx]
                if cfg["augment"]:
                    xb = augment_batch(xb, aug_gen)
                if self.channels_last:
                    xb = xb.contiguous(memory_format=torch.channels_last)
                loss, out = self.step(xb, yb)
                loss_sum += loss.detach().float() * len(yb)
                correct += (out.detach().argmax(1) == yb).sum()
                seen += len(yb)
                samples += batch
                global_step += 1
                check = step % (1 if self.device.type == "cpu" else 50) == 0
                if check and not math.isfinite(loss.item()):
                    self.log(f"epoch {epoch}: the loss diverged (try a lower --lr)")
                    return {**result, "status": "diverged", "train_loss": math.nan}
            loss_sum, correct, seen = self.sum_all(loss_sum, correct, seen)
            train_loss, train_acc = (loss_sum / seen).item(), (correct / seen).item()
            val_loss, val_acc = self.evaluate(batch)
            result.update(
                epochs=epoch,
                train_loss=train_loss,
                val_loss=val_loss,
                val_accuracy=val_acc,
            )
            self.log(
                f"epoch {epoch}/{cfg['epochs']}: train loss {train_loss:.4f}, "
                f"accuracy {train_acc:.1%} | validation loss {val_loss:.4f}, "
                f"accuracy {val_acc:.1%}"
            )
        seconds = time.perf_counter() - started
        result.update(seconds=round(seconds, 3))
        result.update(samples_per_second=round(samples / max(seconds, 1e-9), 1))
        return result

    def step(self, xb: torch.Tensor, yb: torch.Tensor):
        cfg = self.cfg
        with torch.autocast(
            self.device.type, dtype=self.autocast, enabled=self.autocast is not None
        ):
            out = self.forward(xb)
            loss = F.cross_entropy(
                out.float(), yb, label_smoothing=cfg["label_smoothing"]
            )
        self.optimizer.zero_grad(set_to_none=True)
        if self.scaler is not None:
            self.scaler.scale(loss).backward()
            if cfg["grad_clip"] > 0:
                self.scaler.unscale_(self.optimizer)
                nn.utils.clip_grad_norm_(self.model.parameters(), cfg["grad_clip"])
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            loss.backward()
            if cfg["grad_clip"] > 0:
                nn.utils.clip_grad_norm_(self.model.parameters(), cfg["grad_clip"])
            self.optimizer.step()
        return loss, out

    def evaluate(self, batch: int) -> tuple[float, float]:
        """Validation loss and accuracy (each process takes its share of the images)."""
        val_x = self.tensors[2][self.rank :: self.world]
        val_y = self.tensors[3][self.rank :: self.world]
        size = max(2 * batch, 256)
        loss_sum = torch.zeros((), device=self.device)
        correct = torch.zeros((), dtype=torch.int64, device=self.device)
        self.model.eval()
        enabled = self.autocast is not None
        with (
            torch.no_grad(),
            torch.autocast(self.device.type, dtype=self.autocast, enabled=enabled),
        ):
            for start in range(0, len(val_x), size):
                xb, yb = val_x[start : start + size], val_y[start : start + size]
                if self.channels_last:
                    xb = xb.contiguous(memory_format=torch.channels_last)
                out = self.model(xb).float()
                loss_sum += F.cross_entropy(out, yb, reduction="sum")
                correct += (out.argmax(1) == yb).sum()
        count = torch.tensor(len(val_x), device=self.device)
        loss_sum, correct, count = self.sum_all(loss_sum, correct, count)
        total = max(1, int(count.item()))
        return loss_sum.item() / total, correct.item() / total


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", help="digits, shapes, or a folder (one per class)")
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--batch-size", type=int, dest="batch_size")
    parser.add_argument("--lr", type=float, help="peak learning rate")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--device", choices=["auto", "cpu", "cuda", "mps"])
    parser.add_argument("--weights", help="start from these weights (a state dict)")
    parser.add_argument("--out", default="trained.pt", help="where to save the weights")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    cfg = dict(SETTINGS)
    for key in ("dataset", "epochs", "batch_size", "lr", "seed", "device"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    run = Run(cfg, args)
    run.log(
        f"training on {run.device} x {run.world}: {len(run.train_y):,} training and "
        f"{len(run.val_y):,} validation images, {len(run.classes)} classes"
    )
    result = run.train()
    if run.rank == 0:
        state = {k: v.detach().cpu() for k, v in run.model.state_dict().items()}
        torch.save(state, args.out)
        print(json.dumps(result))
    if run.world > 1:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
'''
