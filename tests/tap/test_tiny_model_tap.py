"""The tap on a tiny, randomly initialised causal transformer built here (no weights are
downloaded): it generates 32 tokens while `ossynapse telemetry` listens; every block and every
step must arrive, and the bandwidth at the default settings stays under 2 kB/s.

usage: test_tiny_model_tap.py OSSYNAPSE_CLI TAP_DIR
"""

import json
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import torch

OSSYNAPSE, TAP_DIR = sys.argv[1], sys.argv[2]
sys.path.insert(0, TAP_DIR)
from ossynapse_tap import Tap, find_blocks  # noqa: E402

LAYERS, WIDTH, VOCAB, TOKENS = 24, 32, 64, 32
# A real model of this depth makes a few tens of tokens a second; the tiny one would be far
# faster, so generation is paced like one, which is what the bandwidth is measured against.
TOKENS_PER_SECOND = 16.0


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1 = torch.nn.LayerNorm(WIDTH)
        self.attention = torch.nn.MultiheadAttention(WIDTH, 4, batch_first=True)
        self.norm2 = torch.nn.LayerNorm(WIDTH)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(WIDTH, 4 * WIDTH), torch.nn.GELU(),
                                       torch.nn.Linear(4 * WIDTH, WIDTH))

    def forward(self, x):
        n = x.shape[1]
        causal = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1)
        h = self.norm1(x)
        x = x + self.attention(h, h, h, attn_mask=causal, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))


class TinyCausalLM(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(VOCAB, WIDTH)
        self.position = torch.nn.Embedding(128, WIDTH)
        self.blocks = torch.nn.ModuleList(Block() for _ in range(LAYERS))
        self.head = torch.nn.Linear(WIDTH, VOCAB)

    def get_input_embeddings(self):
        return self.embedding

    def forward(self, tokens):
        x = self.embedding(tokens) + self.position(torch.arange(tokens.shape[1]))
        for block in self.blocks:
            x = block(x)
        return self.head(x)

    @torch.no_grad()
    def generate(self, tokens, count):
        for _ in range(count):
            started = time.monotonic()
            logits = self(tokens)
            tokens = torch.cat([tokens, logits[:, -1:].argmax(-1)], dim=1)
            time.sleep(max(0.0, 1.0 / TOKENS_PER_SECOND - (time.monotonic() - started)))
        return tokens


class TapOnATinyModel(unittest.TestCase):
    def test_blocks_are_found(self):
        self.assertEqual(len(find_blocks(TinyCausalLM())), LAYERS)

    def run_listened(self, tap, model, extra_args):
        """Generates with the tap on while `ossynapse telemetry` listens; returns its run."""
        ready = threading.Event()
        result = {}

        def serve_and_generate():
            with tap:
                result["tokens"] = model.generate(torch.tensor([[1, 2, 3]]), TOKENS)
            ready.set()

        worker = threading.Thread(target=serve_and_generate)
        worker.start()
        deadline = time.monotonic() + 30
        while tap.port == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertNotEqual(tap.port, 0, "the tap never listened")
        listener = subprocess.run(
            [OSSYNAPSE, "telemetry", f"ws://127.0.0.1:{tap.port}", "--until-steps", str(TOKENS),
             "--seconds", "60"] + extra_args, capture_output=True, text=True, timeout=90)
        worker.join(timeout=60)
        self.assertTrue(ready.is_set(), "generation did not finish")
        self.assertEqual(result["tokens"].shape[1], 3 + TOKENS)
        self.assertEqual(listener.returncode, 0, listener.stdout + listener.stderr)
        return listener

    def test_sparse_activations_of_one_block_arrive(self):
        torch.manual_seed(1)
        model = TinyCausalLM().eval()
        tap = Tap(model, port=0, wait_for_viewer=True, name="tiny", sparse_layer=5, sparse_k=8)
        with tempfile.TemporaryDirectory() as folder:
            recording = f"{folder}/sparse.jsonl"
            listener = self.run_listened(tap, model, ["--record", recording])
            self.assertEqual(json.loads(listener.stdout)["dropped"], 0)
            with open(recording, encoding="utf-8") as lines:
                records = [json.loads(line) for line in lines]
        sparse = [r["message"] for r in records
                  if r["type"] == "telemetry" and r["message"]["type"] == "sparse"]
        self.assertGreater(len(sparse), 2)
        for message in sparse:
            self.assertEqual(message["layer"], 5)
            self.assertEqual(len(message["indices"]), 8)
            self.assertTrue(all(0 <= i < WIDTH for i in message["indices"]))
            self.assertEqual(len(set(message["indices"])), 8)  # k distinct values

    def test_every_block_and_step_arrives_under_2kB_per_s(self):
        torch.manual_seed(0)
        model = TinyCausalLM().eval()
        # Port 0: the tap picks one; the listener starts once it is known, and the tap waits
        # for it before the first token so no step is missed.
        tap = Tap(model, port=0, wait_for_viewer=True, name="tiny")
        listener = self.run_listened(tap, model, [])
        report = json.loads(listener.stdout)
        self.assertEqual(report["layers"], LAYERS)
        self.assertEqual(report["first_step"], 0)
        self.assertEqual(report["steps_covered"], TOKENS)
        self.assertEqual(report["dropped"], 0)
        print(tap.bandwidth_report(), file=sys.stderr)
        self.assertLess(tap.bytes_per_second(), 2048)
        self.assertEqual(tap.step + 1, TOKENS)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
