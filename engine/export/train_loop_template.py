"""Template of the training part of an exported ``train.py`` (torch only).

The text reproduces :class:`engine.training.trainer.Trainer`'s loop (same seed, same
numbers on a CPU; frozen blocks, starting weights and their learning-rate factor),
reads batches with a DataLoader whose DistributedSampler gives each torchrun process
its own share of each epoch's order (one process: the trainer's order exactly), and is
formatted as ``ruff format`` leaves it.
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


def build_optimizer(model: nn.Module, cfg: dict, fused: bool, scaled: set):
    """The optimizer over the parameters that train; weight decay on weights only;
    the parameters named in ``scaled`` (from --weights) at pretrained_lr_factor."""
    buckets = {}
    for name, p in model.named_parameters():
        if p.requires_grad:
            scale = cfg["pretrained_lr_factor"] if name in scaled else 1.0
            buckets.setdefault((p.ndim > 1, scale), []).append(p)
    groups = [
        {
            "params": buckets[key],
            "weight_decay": cfg["weight_decay"] if key[0] else 0.0,
            "lr_scale": key[1],
        }
        for key in sorted(buckets, key=lambda key: (-key[1], not key[0]))
    ]
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


def load_starting_weights(model: nn.Module, path: str) -> set:
    """Copy the weights in ``path`` where name and shape match; the names copied."""
    state = read_weights(path)
    own = model.state_dict()
    loaded = {k for k, v in state.items() if k in own and v.shape == own[k].shape}
    if not loaded:
        raise SystemExit(f"{path}: no layer of these weights fits this network")
    with torch.no_grad():
        for key in loaded:
            own[key].copy_(state[key])
    fresh = sorted({k.rsplit(".", 1)[0] for k in own if k not in loaded})
    if fresh and int(os.environ.get("RANK", "0")) == 0:
        print(f"starting weights loaded; fresh: {', '.join(fresh)}", file=sys.stderr)
    return loaded


def read_weights(path: str) -> dict:
    """The state dict in ``path`` (tensors only: loading never runs code); else one line."""
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise SystemExit(f"{path}: no such file") from None
    except pickle.UnpicklingError as exc:
        if "Unsupported global" not in str(exc):  # not a pickle of weights at all
            raise SystemExit(f"{path}: not a weights file (UnpicklingError)") from None
        raise SystemExit(
            f"{path}: holds Python objects besides the weights, and only plain weights are "
            "loaded (loading objects could run code); save model.state_dict() with "
            "torch.save and pass that file"
        ) from None
    except (OSError, EOFError, KeyError, RuntimeError, ValueError) as exc:
        raise SystemExit(f"{path}: not a weights file ({type(exc).__name__})") from None
    if isinstance(state, dict) and isinstance(state.get("state_dict"), dict):
        state = state["state_dict"]  # a Convas checkpoint
    if not isinstance(state, dict) or not all(
        isinstance(v, torch.Tensor) for v in state.values()
    ):
        raise SystemExit(f"{path}: not a state dict (names to tensors)")
    return state


class RunOrder(DistributedSampler):
    """This process's share of each epoch's order, drawn as the Convas trainer draws it:
    a seeded permutation per epoch from one generator; the order is padded to a whole
    share per process, and process r takes every world-th position from r."""

    def __init__(self, dataset, world: int, rank: int, seed: int):
        super().__init__(dataset, num_replicas=world, rank=rank, shuffle=False)
        self.generator = torch.Generator().manual_seed(seed)
        self.order: list = []

    def next_epoch(self) -> None:
        order = torch.randperm(len(self.dataset), generator=self.generator)
        self.order = order.tolist()

    def __iter__(self):
        order = self.order + self.order[: self.total_size - len(self.order)]
        return iter(order[self.rank : self.total_size : self.num_replicas])


def keep(batch):
    """A batch read whole by Split.__getitems__: nothing to collate."""
    return batch


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
        self.workers = args.workers
        self.data = load_dataset(
            cfg["dataset"], INPUT_SHAPE, cfg["val_fraction"], cfg["seed"], args.workers
        )
        self.classes = self.data.classes
        self.model = build_model()
        self.check_outputs()
        reinitialise(self.model, cfg["seed"])
        scaled = set()
        if args.weights:
            scaled = load_starting_weights(self.model, args.weights)
        self.frozen = [self.model.get_submodule(name) for name in FROZEN]
        for module in self.frozen:
            module.requires_grad_(False)
        layout = torch.channels_last if self.channels_last else torch.preserve_format
        self.model.to(self.device, memory_format=layout)
        if self.world > 1 and cuda:
            self.model = nn.SyncBatchNorm.convert_sync_batchnorm(self.model)
        fused = cuda and cfg["optimizer"] in ("adam", "adamw")
        self.optimizer = build_optimizer(self.model, cfg, fused, scaled)
        self.forward = self.model
        if self.world > 1:
            ids = [self.device.index] if cuda else None
            self.forward = DistributedDataParallel(self.model, device_ids=ids)
        if cfg["compile"]:
            self.forward = torch.compile(self.forward)
        splits = (self.data.train, self.data.val)
        self.labels = [split.labels.to(self.device) for split in splits]

    def check_outputs(self) -> None:
        first = self.data.train.read_slots(self.data.train.slots[:1])
        with torch.no_grad():  # eval mode: no dropout, so no random numbers drawn
            outputs = self.model.eval()(self.data.normalise(first)).shape[-1]
        if outputs != len(self.classes):
            raise SystemExit(
                f"the network has {outputs} outputs but {self.cfg['dataset']} has "
                f"{len(self.classes)} classes: set the last Linear's out_features to "
                f"{len(self.classes)} in Convas and export again"
            )

    def loader(self, split, **options):
        """Batches of ``split`` (decoded in worker processes when read from files).

        The loader seeds its workers from a generator of its own, so the global one
        (dropout's) draws the same numbers as in the Convas trainer."""
        files = isinstance(split.images, FileImages)
        return torch.utils.data.DataLoader(
            split,
            collate_fn=keep,
            num_workers=self.workers if files else 0,
            generator=torch.Generator(),
            **options,
        )

    def train_mode(self) -> None:
        self.model.train()
        for module in self.frozen:  # frozen blocks keep their BatchNorm statistics
            for layer in module.modules():
                if isinstance(layer, nn.modules.batchnorm._BatchNorm):
                    layer.eval()

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
        train = self.data.train
        sampler = RunOrder(train, self.world, self.rank, cfg["seed"])
        batch = min(cfg["batch_size"], len(sampler))
        loader = self.loader(train, batch_size=batch, sampler=sampler, drop_last=True)
        steps = max(1, len(sampler) // batch)  # the last partial batch is dropped
        total, warmup = cfg["epochs"] * steps, round(cfg["warmup_epochs"] * steps)
        aug_gen = torch.Generator().manual_seed(cfg["seed"] + 1)
        started, samples, global_step = time.perf_counter(), 0, 0
        result = {"epochs": 0, "status": "completed"}
        for epoch in range(1, cfg["epochs"] + 1):
            self.train_mode()
            sampler.next_epoch()
            loss_sum = torch.zeros((), device=self.device)
            correct = torch.zeros((), dtype=torch.int64, device=self.device)
            seen = torch.zeros((), dtype=torch.int64, device=self.device)
            for step, (raw, positions) in enumerate(loader):
                lr = cfg["lr"] * lr_factor(cfg["schedule"], global_step, total, warmup)
                for group in self.optimizer.param_groups:
                    group["lr"] = lr * group["lr_scale"]
                xb = self.data.normalise(raw.to(self.device))
                yb = self.labels[0][positions.to(self.device)]
                if cfg["augment"]:
                    xb = augment_batch(xb, aug_gen)
                if self.channels_last:
                    xb = xb.contiguous(memory_format=torch.channels_last)
                loss, out = self.step(xb, yb)
                loss_sum += loss.detach().float() * len(yb)
                correct += (out.detach().argmax(1) == yb).sum()
                seen += len(yb)
                samples += len(yb) * self.world
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
        val = self.data.val
        share = list(range(self.rank, len(val), self.world))
        size = 2 * batch
        loss_sum = torch.zeros((), device=self.device)
        correct = torch.zeros((), dtype=torch.int64, device=self.device)
        self.model.eval()
        enabled = self.autocast is not None
        with (
            torch.no_grad(),
            torch.autocast(self.device.type, dtype=self.autocast, enabled=enabled),
        ):
            for raw, positions in self.loader(val, batch_size=size, sampler=share):
                xb = self.data.normalise(raw.to(self.device))
                yb = self.labels[1][positions.to(self.device)]
                if self.channels_last:
                    xb = xb.contiguous(memory_format=torch.channels_last)
                out = self.model(xb).float()
                loss_sum += F.cross_entropy(out, yb, reduction="sum")
                correct += (out.argmax(1) == yb).sum()
        count = torch.tensor(len(share), device=self.device)
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
    parser.add_argument(
        "--workers",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="processes decoding image files when a folder can't be cached",
    )
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
        f"training on {run.device} x {run.world}: {len(run.data.train):,} training and "
        f"{len(run.data.val):,} validation images, {len(run.classes)} classes"
    )
    result = run.train()
    if run.rank == 0:
        state = {k: v.detach().cpu() for k, v in run.model.state_dict().items()}
        torch.save(state, args.out)
        print(json.dumps(result))
    if run.world > 1:
        dist.barrier()  # every process is done before the group goes away
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
'''
