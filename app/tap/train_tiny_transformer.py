"""A tiny byte-level causal transformer learning a text while the studio watches it learn.

Vocabulary 256 (one token per byte), 3 blocks of 4 heads, width 64, context 64: about 190 000
weights; 200 steps of 8 sequences take seconds on a CPU (about 20 s with Debian's reference
BLAS, a few with OpenBLAS). Its attention computes the softmax itself and
keeps the first sequence's weights as the block's `last_attention` [heads, n, m], which the
TrainingTap sends for --attention-layer. Everything is seeded: the same seed, the same run.

    python3 train_tiny_transformer.py --port 9000 --steps 300 --sample-every 50

then `ossynapse telemetry ws://127.0.0.1:9000 --weights-png frames/` (or the studio's
brainscan) shows the weights, the loss and the samples as they change.
"""

import argparse
import math
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ossynapse_tap import TrainingTap  # noqa: E402

DEFAULT_TEXT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "training-text.txt")
VOCAB = 256


class CausalSelfAttention(torch.nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.qkv = torch.nn.Linear(width, 3 * width)
        self.proj = torch.nn.Linear(width, width)

    def forward(self, x):
        batch, n, width = x.shape
        q, k, v = self.qkv(x).split(width, dim=2)
        shape = (batch, n, self.heads, width // self.heads)
        q, k, v = (z.reshape(shape).transpose(1, 2) for z in (q, k, v))  # [b, h, n, d]
        scores = q @ k.transpose(-2, -1) / math.sqrt(width // self.heads)
        causal = torch.ones(n, n, dtype=torch.bool, device=x.device).triu(1)
        weights = torch.softmax(scores.masked_fill(causal, float("-inf")), dim=-1)
        out = (weights @ v).transpose(1, 2).reshape(batch, n, width)
        return self.proj(out), weights


class Block(torch.nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.norm1 = torch.nn.LayerNorm(width)
        self.attention = CausalSelfAttention(width, heads)
        self.norm2 = torch.nn.LayerNorm(width)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(width, 4 * width), torch.nn.GELU(),
                                       torch.nn.Linear(4 * width, width))
        self.last_attention = None  # [heads, n, m] of the first sequence of the last forward

    def forward(self, x):
        attended, weights = self.attention(self.norm1(x))
        self.last_attention = weights[0].detach()
        x = x + attended
        return x + self.mlp(self.norm2(x))


class TinyTransformer(torch.nn.Module):
    def __init__(self, layers=3, heads=4, width=64, context=64):
        super().__init__()
        self.context = context
        self.embedding = torch.nn.Embedding(VOCAB, width)
        self.position = torch.nn.Embedding(context, width)
        self.blocks = torch.nn.ModuleList(Block(width, heads) for _ in range(layers))
        self.norm = torch.nn.LayerNorm(width)
        self.head = torch.nn.Linear(width, VOCAB, bias=False)

    def get_input_embeddings(self):
        return self.embedding

    def forward(self, tokens):
        n = tokens.shape[1]
        x = self.embedding(tokens) + self.position(torch.arange(n, device=tokens.device))
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x))

    @torch.no_grad()
    def sample(self, prompt, count, generator, temperature=0.8):
        """Continues `prompt` (bytes) by `count` bytes; (tokens as bytes, the probability the
        model gave each)."""
        tokens = torch.tensor([list(prompt)], dtype=torch.long)
        chosen, probabilities = [], []
        for _ in range(count):
            logits = self(tokens[:, -self.context:])[0, -1]
            p = torch.softmax(logits / temperature, dim=-1)
            token = int(torch.multinomial(p, 1, generator=generator))
            chosen.append(bytes([token]))
            probabilities.append(float(torch.softmax(logits, dim=-1)[token]))
            tokens = torch.cat([tokens, torch.tensor([[token]])], dim=1)
        return chosen, probabilities


def load_text(path=DEFAULT_TEXT):
    with open(path, "rb") as text:
        data = text.read()
    return torch.tensor(list(data), dtype=torch.long)


def batches(data, context, batch, generator):
    """Endless random (input, target) windows of the text."""
    while True:
        starts = torch.randint(0, len(data) - context - 1, (batch,), generator=generator)
        windows = torch.stack([data[s:s + context + 1] for s in starts.tolist()])
        yield windows[:, :-1], windows[:, 1:]


def train(model, data, steps, tap=None, batch=8, learning_rate=3e-3, seed=0,
          sample_every=0, sample_prompt=b"The lamp ", sample_bytes=48, print_every=20,
          out=sys.stdout):
    """Trains `model` for `steps` AdamW steps on `data` (bytes as a long tensor), reporting
    each to `tap`; returns the losses."""
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    if tap is not None and tap.optimizer is None:
        tap.optimizer = optimizer
    windows = torch.Generator().manual_seed(seed)
    sampling = torch.Generator().manual_seed(seed + 1)
    losses = []
    model.train()
    for step, (inputs, targets) in zip(range(steps), batches(data, model.context, batch,
                                                             windows)):
        logits = model(inputs)
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, VOCAB), targets.reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if tap is not None:
            tap.step(loss, step=step, last=step == steps - 1)
        if print_every and (step % print_every == 0 or step == steps - 1):
            print(f"step {step:5d}  loss {losses[-1]:.3f}", file=out, flush=True)
        if sample_every and (step + 1) % sample_every == 0:
            tokens, probabilities = model.sample(sample_prompt, sample_bytes, sampling)
            if tap is not None:
                tap.send_text([bytes([b]) for b in sample_prompt] + tokens,
                              [1.0] * len(sample_prompt) + probabilities, step=step)
            text = (sample_prompt + b"".join(tokens)).decode("utf-8", "replace")
            print(f"sample {step:4d}: {text!r}", file=out, flush=True)
    return losses


def main():
    parser = argparse.ArgumentParser(description="Train a tiny byte-level transformer while "
                                     "streaming its weights and learning to the studio.")
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--text", default=DEFAULT_TEXT, help="the text to learn (any bytes)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--weights-hz", type=float, default=1.0, help="weight frames a second")
    parser.add_argument("--training-hz", type=float, default=10.0,
                        help="training-step messages a second at most")
    parser.add_argument("--encoding", choices=("f32", "f16"), default="f32")
    parser.add_argument("--attention-layer", type=int, help="send this block's attention")
    parser.add_argument("--sample-every", type=int, default=0, metavar="N",
                        help="generate a short sample every N steps and send it")
    parser.add_argument("--learning-rate", type=float, default=3e-3)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--wait", action="store_true", help="start when a viewer joins")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = TinyTransformer()
    data = load_text(args.text)
    if len(data) < model.context + 2:
        sys.exit(f"train_tiny_transformer: {args.text} is shorter than the context")
    started = time.monotonic()
    with TrainingTap(model, host=args.host, port=args.port, name="tiny-byte-transformer",
                     weights_hz=args.weights_hz, training_hz=args.training_hz,
                     encoding=args.encoding, attention_layer=args.attention_layer,
                     wait_for_viewer=args.wait, viewer_timeout_s=3600) as tap:
        losses = train(model, data, args.steps, tap, batch=args.batch,
                       learning_rate=args.learning_rate, seed=args.seed,
                       sample_every=args.sample_every)
    print(f"{args.steps} steps in {time.monotonic() - started:.1f} s, loss "
          f"{losses[0]:.3f} -> {losses[-1]:.3f}", file=sys.stderr)
    print(tap.bandwidth_report(), file=sys.stderr)


if __name__ == "__main__":
    main()
