"""OSSynapse telemetry tap: what a PyTorch causal LM's layers do, streamed to the studio.

Forward hooks on every transformer block record, for the newest position of each forward
pass, the block output's mean, largest magnitude, L2 norm and entropy (of the softmax over its
values: how concentrated the activation is). The hooks only queue small tensors; a sender
thread turns them into numbers, averages the steps of each window (default 4 windows a second)
and sends one summary batch per window over WebSocket, in the binary form documented in
core/telemetry-protocol.md. A viewer (the studio, `ossynapse telemetry`) connects to
ws://HOST:PORT and gets the model meta first.

    from ossynapse_tap import Tap
    with Tap(model, port=9000) as tap:
        model.generate(...)
    print(tap.bandwidth_report())

Any model whose blocks can be found works: Hugging Face GPT-2 (transformer.h), Llama and
gpt-oss (model.layers), GPT-NeoX (gpt_neox.layers), or else the longest list of same-class
modules. Run `python3 ossynapse_tap.py --model gpt2` for a Hugging Face model (needs the
`transformers` package).
"""

import argparse
import asyncio
import struct
import sys
import threading
import time

import torch
import websockets

VERSION = 1
TYPE_META, TYPE_SUMMARY, TYPE_SPARSE = 1, 2, 3
KIND_RESIDUAL = 2
KNOWN_BLOCK_PATHS = ("transformer.h", "model.layers", "gpt_neox.layers", "model.decoder.layers",
                     "transformer.blocks", "layers", "blocks")


def find_blocks(model):
    """The model's transformer blocks, in order."""
    for path in KNOWN_BLOCK_PATHS:
        node = model
        for part in path.split("."):
            node = getattr(node, part, None)
            if node is None:
                break
        if isinstance(node, torch.nn.ModuleList) and len(node) > 0:
            return list(node)
    best = []
    for module in model.modules():
        if (isinstance(module, torch.nn.ModuleList) and len(module) > len(best)
                and len({type(m) for m in module}) == 1):
            best = list(module)
    if not best:
        raise ValueError("no transformer blocks found: the model has no list of same-kind "
                         "modules (looked for " + ", ".join(KNOWN_BLOCK_PATHS) + ")")
    return best


def _header(message_type, payload):
    return b"OSTM" + struct.pack("<BBHI", VERSION, message_type, 0, len(payload)) + payload


def encode_meta(t, name, widths):
    name_bytes = name.encode("utf-8")[:65535]
    payload = struct.pack("<dH", t, len(name_bytes)) + name_bytes + struct.pack("<I", len(widths))
    for index, width in enumerate(widths):
        payload += struct.pack("<IBxxxI", index, KIND_RESIDUAL, width)
    return _header(TYPE_META, payload)


def encode_summary(t, first_step, step_count, layers):
    """layers: (mean, max, l2, entropy) per block, in block order."""
    payload = struct.pack("<dIII", t, first_step, step_count, len(layers))
    for index, (mean, peak, l2, entropy) in enumerate(layers):
        payload += struct.pack("<HBxeeee", index, KIND_RESIDUAL, mean, peak, l2, entropy)
    return _header(TYPE_SUMMARY, payload)


def encode_sparse(t, layer, indices, values):
    payload = struct.pack("<dII", t, layer, len(indices))
    for index, value in zip(indices, values):
        payload += struct.pack("<Ie", index, _half(value))
    return _header(TYPE_SPARSE, payload)


def _half(value):
    """Clamps into binary16's range so struct's 'e' never overflows."""
    return max(-65504.0, min(65504.0, float(value)))


class Tap:
    def __init__(self, model, host="127.0.0.1", port=9000, summary_hz=4.0, name=None,
                 wait_for_viewer=False, viewer_timeout_s=30.0, sparse_layer=None, sparse_k=24):
        self._model = model
        self.blocks = find_blocks(model)
        self.name = name or type(model).__name__
        self.host, self.port = host, port
        self.interval = 1.0 / summary_hz
        self.wait_for_viewer = wait_for_viewer
        # One block's strongest activations (top-k by magnitude) at the newest step of each
        # window, for the brainscan's sparse view; off by default (it costs ~6 bytes a value).
        self.sparse_layer = sparse_layer
        self.sparse_k = sparse_k
        self._sparse = None
        self.viewer_timeout_s = viewer_timeout_s
        self.step = -1
        self.widths = [0] * len(self.blocks)
        self.bytes_sent = 0
        self.batches_sent = 0
        self._pending = []  # (step, block, tensor of 4 stats), appended by the hooks
        self._lock = threading.Lock()
        self._handles = []
        self._viewers = set()
        self._viewer_joined = threading.Event()
        self._stop = threading.Event()
        self._loop = None
        self._started = None
        self._meta = b""

    # -- the hot path: hooks only queue a 4-value tensor per block ------------------------------
    def _hook(self, index):
        def hook(module, inputs, output):
            hidden = output[0] if isinstance(output, (tuple, list)) else output
            if not torch.is_tensor(hidden):
                return
            if index == 0:
                self.step += 1
            newest = hidden.detach()[..., -1, :].float().reshape(-1, hidden.shape[-1])[0]
            self.widths[index] = int(newest.numel())
            probabilities = torch.softmax(newest, dim=0)
            entropy = -(probabilities * torch.log(probabilities.clamp_min(1e-12))).sum()
            stats = torch.stack([newest.mean(), newest.abs().max(), newest.norm(), entropy])
            top = None
            if index == self.sparse_layer:
                top = torch.topk(newest.abs(), min(self.sparse_k, newest.numel()))
                top = (top.indices, newest[top.indices])
            with self._lock:
                self._pending.append((self.step, index, stats))
                if top is not None:
                    self._sparse = top
        return hook

    # -- the sender thread: numbers, windows, the wire ------------------------------------------
    def _drain(self):
        with self._lock:
            pending, self._pending = self._pending, []
            sparse, self._sparse = self._sparse, None
        if not pending:
            return None
        steps = sorted({step for step, _, _ in pending})
        sums = [[0.0] * 4 for _ in self.blocks]
        counts = [0] * len(self.blocks)
        for _, index, stats in pending:
            for k, value in enumerate(stats.tolist()):
                sums[index][k] += value
            counts[index] += 1
        layers = [tuple(_half(v / max(1, counts[i])) for v in sums[i]) for i in range(len(sums))]
        now = time.monotonic() - self._started
        messages = [encode_summary(now, steps[0], steps[-1] - steps[0] + 1, layers)]
        if sparse is not None:
            messages.append(encode_sparse(now, self.sparse_layer, sparse[0].tolist(),
                                          sparse[1].tolist()))
        return messages

    def _send(self, message):
        if self._loop is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._broadcast(message), self._loop)
        future.result(timeout=10)

    async def _broadcast(self, message):
        for viewer in list(self._viewers):
            try:
                await viewer.send(message)
                self.bytes_sent += len(message)
            except websockets.ConnectionClosed:
                self._viewers.discard(viewer)

    def _sender(self):
        while not self._stop.wait(self.interval):
            self._send_window()
        self._send_window()  # the last, partial window

    def _send_window(self):
        messages = self._drain()
        if messages:
            for message in messages:
                self._send(message)
            self.batches_sent += 1

    # -- the server thread ----------------------------------------------------------------------
    async def _welcome(self, viewer, path=None):
        await viewer.send(self._meta)
        self.bytes_sent += len(self._meta)
        self._viewers.add(viewer)
        self._viewer_joined.set()
        await viewer.wait_closed()
        self._viewers.discard(viewer)

    def _serve(self, ready):
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(websockets.serve(self._welcome, self.host, self.port))
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        self._loop.run_forever()
        server.close()
        self._loop.run_until_complete(server.wait_closed())

    def __enter__(self):
        # The hidden size from the embedding when the model has one (0: not known).
        width = 0
        embeddings = getattr(self._model, "get_input_embeddings", None)
        if callable(embeddings) and getattr(embeddings(), "embedding_dim", None):
            width = int(embeddings().embedding_dim)
        self._meta = encode_meta(0.0, self.name, [width] * len(self.blocks))
        ready = threading.Event()
        self._server_thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._server_thread.start()
        ready.wait()
        print(f"ossynapse tap: ws://{self.host}:{self.port}, {len(self.blocks)} blocks, "
              f"{1.0 / self.interval:g} batches/s", file=sys.stderr, flush=True)
        if self.wait_for_viewer and not self._viewer_joined.wait(self.viewer_timeout_s):
            raise TimeoutError(f"no viewer joined ws://{self.host}:{self.port} "
                               f"within {self.viewer_timeout_s:g} s")
        self._handles = [block.register_forward_hook(self._hook(i))
                         for i, block in enumerate(self.blocks)]
        self._started = time.monotonic()
        self._sender_thread = threading.Thread(target=self._sender, daemon=True)
        self._sender_thread.start()
        return self

    def __exit__(self, *exc):
        for handle in self._handles:
            handle.remove()
        self._stop.set()
        self._sender_thread.join()
        self.elapsed_s = time.monotonic() - self._started
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._server_thread.join(timeout=5)
        return False

    def bandwidth_report(self):
        rate = self.bytes_sent / max(self.elapsed_s, 1e-9)
        return (f"ossynapse tap: {self.step + 1} steps, {self.batches_sent} batches, "
                f"{self.bytes_sent} bytes in {self.elapsed_s:.2f} s = {rate:.0f} bytes/s")

    def bytes_per_second(self):
        return self.bytes_sent / max(self.elapsed_s, 1e-9)


def main():
    parser = argparse.ArgumentParser(description="Generate with a Hugging Face model while "
                                     "streaming its layer telemetry to the studio.")
    parser.add_argument("--model", default="gpt2")
    parser.add_argument("--prompt", default="The skull lit up when")
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--hz", type=float, default=4.0, help="summary batches a second")
    parser.add_argument("--wait", action="store_true", help="start when a viewer joins")
    parser.add_argument("--sparse-layer", type=int, help="also send this block's top-k values")
    parser.add_argument("--sparse-k", type=int, default=24)
    args = parser.parse_args()
    try:
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError:
        sys.exit("ossynapse tap: this needs the 'transformers' package for --model")
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForCausalLM.from_pretrained(args.model)
    inputs = tokenizer(args.prompt, return_tensors="pt")
    with Tap(model, port=args.port, summary_hz=args.hz, name=args.model,
             wait_for_viewer=args.wait, sparse_layer=args.sparse_layer,
             sparse_k=args.sparse_k) as tap:
        output = model.generate(**inputs, max_new_tokens=args.tokens, do_sample=False)
    print(tokenizer.decode(output[0]))
    print(tap.bandwidth_report(), file=sys.stderr)


if __name__ == "__main__":
    main()
