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

While a model learns, `TrainingTap` sends its weights (every trainable tensor, one frame a
second by default), each optimiser step's loss and per-block gradient and weight change, one
block's attention and sampled text (types 5 to 8 of the protocol); one call after
`optimizer.step()`:

    from ossynapse_tap import TrainingTap
    with TrainingTap(model, port=9000, optimizer=optimizer) as tap:
        for batch in batches:
            ...
            optimizer.step()
            tap.step(loss)

`train_tiny_transformer.py` beside this file trains a tiny byte-level model with it.

Any model whose blocks can be found works: Hugging Face GPT-2 (transformer.h), Llama and
gpt-oss (model.layers), GPT-NeoX (gpt_neox.layers), or else the longest list of same-class
modules. Run `python3 ossynapse_tap.py --model gpt2` for a Hugging Face model (needs the
`transformers` package).
"""

import argparse
import asyncio
import json
import math
import struct
import sys
import threading
import time

import numpy
import torch
import websockets

VERSION = 1
TYPE_META, TYPE_SUMMARY, TYPE_SPARSE = 1, 2, 3
TYPE_WEIGHTS, TYPE_TRAINING, TYPE_ATTENTION, TYPE_TEXT = 5, 6, 7, 8
KIND_RESIDUAL = 2
NO_LAYER = 65535  # a parameter outside the transformer blocks
ENCODINGS = {"f32": 1, "f16": 2}
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


# -- while a model learns: types 5 to 8 ---------------------------------------------------------

def _floating(values):
    """values as a numpy array of floats, without a copy when they already are (a frame of a
    30M model is 121 MB in f32: every needless copy costs a noticeable part of a second)."""
    array = numpy.asarray(values)
    return array if numpy.issubdtype(array.dtype, numpy.floating) else array.astype(numpy.float64)


def half_values(values):
    """binary16 values of `values` (any shape), clamped into its finite range (NaN stays NaN).
    Rounded once, from the values' own precision."""
    array = _floating(values)
    if array.dtype == numpy.dtype("<f2"):
        return array
    return numpy.clip(array, -65504.0, 65504.0).astype("<f2")


def wire_values(values, encoding):
    """The values exactly as a weight matrix in `encoding` carries them ('<f4' or '<f2'); the
    array itself when it already is."""
    if encoding == "f16":
        return half_values(values)
    return _floating(values).astype("<f4", copy=False)


def _name_bytes(name):
    data = name.encode("utf-8")
    if len(data) > 65535:
        raise ValueError(f"a parameter name of {len(data)} bytes does not fit 65535")
    return data


def encode_weight_matrix(t, step, index, count, layer, name, values, source_rows=None,
                         source_cols=None, encoding="f32"):
    """values: rows x cols (2-D, row-major) as sent; source_*: the tensor's shape before any
    downsampling (default: the values' own)."""
    values = numpy.asarray(values)
    if values.ndim != 2 or values.size == 0:
        raise ValueError("a weight matrix is sent as a non-empty rows x cols array")
    rows, cols = values.shape
    name_bytes = _name_bytes(name)
    fixed = struct.pack("<dIHHHBxIIIIH", t, step, index, count, layer, ENCODINGS[encoding],
                        rows, cols, rows if source_rows is None else source_rows,
                        cols if source_cols is None else source_cols, len(name_bytes))
    sent = numpy.ascontiguousarray(wire_values(values, encoding)).view(numpy.uint8)
    # One join: the values are copied once, into the message.
    length = len(fixed) + len(name_bytes) + sent.nbytes
    return b"".join((b"OSTM", struct.pack("<BBHI", VERSION, TYPE_WEIGHTS, 0, length), fixed,
                     name_bytes, sent.reshape(-1)))


def encode_training_step(t, step, loss, learning_rate, gradient_norm, layers):
    """layers: (layer, gradient L2 norm, weight change L2 norm) per block; NaN: unknown."""
    payload = struct.pack("<dIfffI", t, step, _f32(loss), _f32(learning_rate),
                          _f32(gradient_norm), len(layers))
    for layer, block_gradient, change in layers:
        payload += struct.pack("<Hxxff", layer, _f32(block_gradient), _f32(change))
    return _header(TYPE_TRAINING, payload)


def encode_attention(t, step, layer, head, weights):
    """weights: queries x keys (row i: query i's softmax over the keys)."""
    weights = numpy.asarray(weights)
    if weights.ndim != 2 or weights.size == 0 or max(weights.shape) > 65535:
        raise ValueError("an attention pattern is a non-empty queries x keys array, each "
                         "below 65536")
    queries, keys = weights.shape
    payload = struct.pack("<dIHHHH", t, step, layer, head, queries, keys)
    return _header(TYPE_ATTENTION, payload + half_values(weights).tobytes(order="C"))


def _token_bytes(token):
    data = token.encode("utf-8") if isinstance(token, str) else bytes(token)
    if len(data) > 65535:
        raise ValueError(f"a token of {len(data)} bytes does not fit 65535")
    return data


def _probability(value):
    value = float(value)
    return min(1.0, max(0.0, value)) if math.isfinite(value) else 0.0


def encode_text(t, step, tokens, probabilities):
    """tokens: bytes (or str) each; probabilities: what the model gave each, 0..1."""
    tokens = list(tokens)
    probabilities = list(probabilities)
    if len(tokens) != len(probabilities):
        raise ValueError(f"{len(tokens)} tokens but {len(probabilities)} probabilities")
    parts = [struct.pack("<dII", t, step, len(tokens))]
    for token, probability in zip(tokens, probabilities):
        data = _token_bytes(token)
        parts.append(struct.pack("<fH", _probability(probability), len(data)) + data)
    return _header(TYPE_TEXT, b"".join(parts))


def _f32(value):
    """A float for struct's 'f': None is NaN (unknown), beyond f32's range is infinite."""
    if value is None:
        return math.nan
    value = float(value)
    if math.isfinite(value) and abs(value) > 3.4028234663852886e38:
        return math.copysign(math.inf, value)
    return value


# The JSON form of the same messages (text frames), for a tap that prefers to be read by eye.
def _json_number(value):
    value = float(value)
    return value if math.isfinite(value) else None


def _json(message):
    return json.dumps(message, separators=(",", ":"), allow_nan=False)


def json_weight_matrix(t, step, index, count, layer, name, values, source_rows=None,
                       source_cols=None, encoding="f32"):
    values = numpy.asarray(values)
    rows, cols = values.shape
    sent = wire_values(values, encoding).astype(numpy.float64).ravel()
    return _json({"type": "weights", "t": t, "step": step, "index": index, "count": count,
                  "layer": layer, "name": name, "rows": rows, "cols": cols,
                  "source_rows": rows if source_rows is None else source_rows,
                  "source_cols": cols if source_cols is None else source_cols,
                  "encoding": encoding, "values": [_json_number(v) for v in sent.tolist()]})


def json_training_step(t, step, loss, learning_rate, gradient_norm, layers):
    return _json({"type": "training", "t": t, "step": step, "loss": _json_number(_f32(loss)),
                  "learning_rate": _json_number(_f32(learning_rate)),
                  "gradient_norm": _json_number(_f32(gradient_norm)),
                  "layers": [{"layer": layer, "gradient_norm": _json_number(_f32(gradient)),
                              "weight_change": _json_number(_f32(change))}
                             for layer, gradient, change in layers]})


def json_attention(t, step, layer, head, weights):
    weights = numpy.asarray(weights)
    queries, keys = weights.shape
    sent = half_values(weights).astype(numpy.float64).ravel()
    return _json({"type": "attention", "t": t, "step": step, "layer": layer, "head": head,
                  "queries": queries, "keys": keys,
                  "weights": [_json_number(v) for v in sent.tolist()]})


def json_text(t, step, tokens, probabilities):
    entries = []
    for token, probability in zip(tokens, probabilities):
        data = _token_bytes(token)
        entry = {"probability": _probability(probability)}
        try:
            entry["text"] = data.decode("utf-8")
        except UnicodeDecodeError:
            entry["bytes"] = list(data)
        entries.append(entry)
    return _json({"type": "text", "t": t, "step": step, "tokens": entries})


def downsample_shape(rows, cols, max_values):
    """The shape a rows x cols tensor is sent at: its own, or (keeping its aspect) the largest
    that holds at most max_values values."""
    if rows * cols <= max_values:
        return rows, cols
    factor = math.sqrt(max_values / (rows * cols))
    sent_rows = min(rows, max(1, int(rows * factor)))
    sent_cols = min(cols, max(1, max_values // sent_rows))
    return sent_rows, sent_cols


def block_means(values, rows, cols):
    """values (R x C) downsampled to rows x cols: value (i, j) is the mean of source rows
    floor(i*R/rows) .. floor((i+1)*R/rows)-1 and source cols likewise (protocol, type 5),
    summed in float64. At the source's own shape: the values themselves, uncopied."""
    values = _floating(values)
    source_rows, source_cols = values.shape
    if (rows, cols) == (source_rows, source_cols):
        return values
    values = values.astype(numpy.float64, copy=False)
    row_starts = (numpy.arange(rows + 1, dtype=numpy.int64) * source_rows) // rows
    col_starts = (numpy.arange(cols + 1, dtype=numpy.int64) * source_cols) // cols
    sums = numpy.add.reduceat(values, row_starts[:-1], axis=0)
    sums = numpy.add.reduceat(sums, col_starts[:-1], axis=1)
    counts = numpy.outer(numpy.diff(row_starts), numpy.diff(col_starts))
    return sums / counts


def as_matrix(tensor):
    """A parameter as the protocol's rows x cols: 1-D is one row, more than 2-D is (first
    dimension, the rest); a scalar is 1 x 1."""
    if tensor.dim() == 0:
        return tensor.reshape(1, 1)
    if tensor.dim() == 1:
        return tensor.reshape(1, -1)
    return tensor.reshape(tensor.shape[0], -1)


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


class Cadence:
    """When a message sent at most once an interval is next due. The times lie on a grid of the
    interval from the first, and a tenth of an interval early still counts, so a loop whose
    steps come at exactly the rate gets every one despite timer jitter (a next time of "now +
    interval" would drop every other), while faster steps still average the rate. After a pause
    longer than an interval the grid starts again."""

    def __init__(self, interval):
        self.interval = interval
        self.next = None

    def due(self, now):
        if self.next is not None and now < self.next - 0.1 * self.interval:
            return False
        if self.next is None or now >= self.next + self.interval:
            self.next = now + self.interval
        else:
            self.next += self.interval
        return True


class TrainingTap:
    """Streams a model while it learns: weight frames, training steps, attention patterns and
    sampled text (protocol types 5 to 8), from any PyTorch training loop.

        with TrainingTap(model, port=9000, optimizer=optimizer) as tap:
            for batch in batches:
                ...
                loss.backward()
                optimizer.step()
                tap.step(loss)
        print(tap.bandwidth_report())

    The training thread only copies: a weight frame's tensors (detached, to the CPU), the
    attention of one block, a training step's norms; a sender thread encodes and sends. A
    weight frame still being sent when the next is due makes that next one skipped (counted),
    so a slow link lowers the frame rate instead of slowing training. Nothing is copied while
    no viewer is connected.
    """

    def __init__(self, model, host="127.0.0.1", port=9000, name=None, weights_hz=1.0,
                 training_hz=10.0, max_values=2 ** 20, encoding="f32", attention_layer=None,
                 optimizer=None, wait_for_viewer=False, viewer_timeout_s=30.0, wire="binary",
                 final_frame=True):
        if encoding not in ENCODINGS:
            raise ValueError(f"encoding must be 'f32' or 'f16', not {encoding!r}")
        if wire not in ("binary", "json"):
            raise ValueError(f"wire must be 'binary' or 'json', not {wire!r}")
        if weights_hz <= 0 or training_hz <= 0 or max_values < 1:
            raise ValueError("weights_hz and training_hz must be above 0, max_values at least 1")
        self._model = model
        self.blocks = find_blocks(model)
        if len(self.blocks) >= 4096:
            raise ValueError(f"{len(self.blocks)} blocks: the protocol takes fewer than 4096")
        if attention_layer is not None and not 0 <= attention_layer < len(self.blocks):
            raise ValueError(f"attention_layer {attention_layer} is not a block "
                             f"(0..{len(self.blocks) - 1})")
        self.name = name or type(model).__name__
        self.host, self.port = host, port
        self.weights_interval = 1.0 / weights_hz
        self.training_interval = 1.0 / training_hz
        self.max_values = int(max_values)
        self.encoding = encoding
        self.attention_layer = attention_layer
        self.optimizer = optimizer
        self.wait_for_viewer = wait_for_viewer
        self.viewer_timeout_s = viewer_timeout_s
        self.final_frame = final_frame
        if wire == "json":
            self._encode = (json_weight_matrix, json_training_step, json_attention, json_text)
        else:
            self._encode = (encode_weight_matrix, encode_training_step, encode_attention,
                            encode_text)

        owner = {}
        for index, block in enumerate(self.blocks):
            for parameter in block.parameters():
                owner.setdefault(id(parameter), index)
        # Every trainable tensor, in named_parameters() order: (name, parameter, layer).
        self.parameters = [(name_, parameter, owner.get(id(parameter), NO_LAYER))
                           for name_, parameter in model.named_parameters()
                           if parameter.requires_grad]
        if not self.parameters:
            raise ValueError("the model has no trainable parameters")
        if len(self.parameters) > 65535:
            raise ValueError(f"{len(self.parameters)} trainable tensors: a weight frame holds "
                             "at most 65535")
        self._block_parameters = [[p for _, p, layer in self.parameters if layer == index]
                                  for index in range(len(self.blocks))]

        self.step_number = -1  # the newest step the loop reported
        self.bytes_sent = 0
        self.messages_sent = 0
        self.frames_sent = 0
        self.frames_skipped = 0
        self.training_sent = 0
        self.training_superseded = 0  # replaced by a newer step before the link was free
        self.attention_sent = 0
        self.attention_skipped = 0
        self.texts_sent = 0
        self.texts_skipped = 0
        self.send_errors = 0
        self.last_error = None
        # The last weight frame sent: {"step", "t", "matrices": {name: rows x cols array of
        # exactly the values sent, in their wire type (float32, or float16 with "f16")}}.
        self.last_weight_frame = None
        self.elapsed_s = 0.0

        self._latest = None  # (step, loss, learning rate)
        self._reference = None  # block tensors at the last training-step message sent
        self._last_training_step = None  # its step
        self._last_kind = None  # the kind of the last message sent
        self._training_job = None
        self._frame_job = None
        self._attention_job = None
        self._texts = []
        self._sending = None  # the kind of job the sender is on
        self._in_frame = False
        self._training_due = Cadence(self.training_interval)
        self._weights_due = Cadence(self.weights_interval)
        self._attention_due = Cadence(self.weights_interval)
        self._wake = threading.Condition()
        self._stopping = False
        self._viewers = set()
        self._joining = set()
        self._viewer_joined = threading.Event()
        self._loop = None
        self._started = None
        self._closed = False
        self._meta = b""

    # -- the training thread: copies only ------------------------------------------------------
    def step(self, loss, step=None, learning_rate=None, last=False):
        """Reports one optimiser step (call it after optimizer.step()): its loss, and optionally
        its number (default: one more than the last) and learning rate (default: the
        optimiser's first group's, when the tap was given the optimiser). last=True: the
        loop's final step; its training-step message waits for close(), which sends it after
        everything else (a viewer may stop at it)."""
        if self._started is None or self._closed:
            raise RuntimeError("the tap is not running: use 'with TrainingTap(...) as tap:' or "
                               "tap.start()")
        number = self.step_number + 1 if step is None else int(step)
        if not 0 <= number < 2 ** 32:
            raise ValueError(f"step {number} does not fit 32 bits")
        self.step_number = number
        if torch.is_tensor(loss):
            loss = loss.detach().float().item()
        if learning_rate is None and self.optimizer is not None:
            learning_rate = self.optimizer.param_groups[0].get("lr")
        self._latest = (number, float(loss), math.nan if learning_rate is None
                        else float(learning_rate))
        if not self.watched():
            return
        now = time.monotonic()
        if not last and self._training_due.due(now):
            self._queue_training(now)
        if self._weights_due.due(now):
            with self._wake:
                busy = self._frame_job is not None or self._sending == "frame"
                if busy:
                    self.frames_skipped += 1
            if not busy:
                self._queue_frame(now)
        if self.attention_layer is not None and self._attention_due.due(now):
            self._queue_attention(now)

    def send_text(self, tokens, probabilities, step=None):
        """Sends text the model generated: tokens (bytes each; str is taken as UTF-8) with the
        probability the model gave each. step: default the newest reported."""
        if self._started is None or self._closed or not self.watched():
            return
        number = max(0, self.step_number) if step is None else int(step)
        job = (time.monotonic(), number, [_token_bytes(t) for t in tokens],
               [_probability(p) for p in probabilities])
        if len(job[2]) != len(job[3]):
            raise ValueError(f"{len(job[2])} tokens but {len(job[3])} probabilities")
        with self._wake:
            if len(self._texts) >= 64:
                self._texts.pop(0)
                self.texts_skipped += 1
            self._texts.append(job)
            self._wake.notify()

    def watched(self):
        """Whether a viewer is connected (or joining)."""
        return bool(self._viewers or self._joining)

    def _queue_training(self, now):
        number, loss, learning_rate = self._latest
        with torch.no_grad():
            squares = []
            for parameters in self._block_parameters + [[p for _, p, _ in self.parameters]]:
                grads = [p.grad.detach().float().pow(2).sum() for p in parameters
                         if p.grad is not None]
                squares.append(torch.stack(grads).sum() if grads
                               else torch.tensor(math.nan))
            with self._wake:
                reference = self._reference
            changes = []
            for index, parameters in enumerate(self._block_parameters):
                if reference is None or not parameters:
                    changes.append(torch.tensor(math.nan))
                else:
                    changes.append(torch.stack([(p.detach().float() - r).pow(2).sum()
                                                for p, r in zip(parameters, reference[index])])
                                   .sum().cpu())
            snapshot = [[p.detach().float().clone() for p in parameters]
                        for parameters in self._block_parameters]
            grad_norms = torch.stack([s.cpu() for s in squares]).sqrt().tolist()
            weight_changes = torch.stack(changes).sqrt().tolist() if changes else []
        layers = [(index, grad_norms[index], weight_changes[index])
                  for index in range(len(self.blocks))]
        job = (now, number, loss, learning_rate, grad_norms[-1], layers, snapshot)
        with self._wake:
            if self._training_job is not None:
                self.training_superseded += 1
            self._training_job = job
            self._wake.notify()

    def _queue_frame(self, now):
        copies = [(name, layer, parameter.detach().to("cpu", copy=True))
                  for name, parameter, layer in self.parameters]
        with self._wake:
            self._frame_job = (now, self.step_number, copies)
            self._wake.notify()

    def _attention_tensor(self):
        block = self.blocks[self.attention_layer]
        found = getattr(block, "last_attention", None)
        if not torch.is_tensor(found):
            for module in block.modules():
                found = getattr(module, "last_attention", None)
                if torch.is_tensor(found):
                    break
        if not torch.is_tensor(found):
            return None
        if found.dim() == 4:  # [batch, heads, n, m]: the first sequence of the batch
            found = found[0]
        elif found.dim() == 2:
            found = found.unsqueeze(0)
        if found.dim() != 3 or found.numel() == 0 or max(found.shape[1:]) > 65535:
            return None
        return found

    def _queue_attention(self, now):
        found = self._attention_tensor()
        if found is None:
            return
        with self._wake:
            if self._attention_job is not None or self._sending == "attention":
                self.attention_skipped += 1
                return
        copy = found.detach().to("cpu", dtype=torch.float32, copy=True)
        with self._wake:
            self._attention_job = (now, self.step_number, copy)
            self._wake.notify()

    # -- the sender thread: encoding and the wire ----------------------------------------------
    def _t(self, moment):
        return max(0.0, moment - self._started)

    def _send(self, message, kind):
        """Sends to every viewer; the number it reached."""
        if self._loop is None:
            return 0
        future = asyncio.run_coroutine_threadsafe(
            self._broadcast(message, not self._in_frame), self._loop)
        try:
            reached = future.result(timeout=60)
        except Exception as error:  # a stuck or broken link: count it, keep training
            future.cancel()
            self.send_errors += 1
            self.last_error = f"{type(error).__name__}: {error}"
            return 0
        if reached:
            self.messages_sent += 1
            self._last_kind = kind
        return reached

    async def _broadcast(self, message, boundary):
        if boundary and self._joining:
            self._viewers |= self._joining
            self._joining.clear()
        reached = 0
        for viewer in list(self._viewers):
            try:
                await viewer.send(message)
                self.bytes_sent += len(message)
                reached += 1
            except websockets.ConnectionClosed:
                self._viewers.discard(viewer)
        return reached

    def _send_training(self, job):
        t, number, loss, learning_rate, gradient_norm, layers, snapshot = job
        message = self._encode[1](self._t(t), number, loss, learning_rate, gradient_norm, layers)
        if self._send(message, "training"):
            self.training_sent += 1
            with self._wake:
                self._reference = snapshot
                self._last_training_step = number

    def _take_training(self):
        with self._wake:
            job, self._training_job = self._training_job, None
        if job is not None:
            self._send_training(job)

    def _send_frame(self, job):
        t, number, copies = job
        kept = {}
        whole = True
        self._in_frame = True
        try:
            for index, (name, layer, tensor) in enumerate(copies):
                matrix = as_matrix(tensor.float()).numpy()
                source_rows, source_cols = matrix.shape
                rows, cols = downsample_shape(source_rows, source_cols, self.max_values)
                values = wire_values(block_means(matrix, rows, cols), self.encoding)
                message = self._encode[0](self._t(t), number, index, len(copies), layer, name,
                                          values, source_rows, source_cols, self.encoding)
                if not self._send(message, "weights"):
                    whole = False
                    break
                kept[name] = values
                self._take_training()  # small, and it should not wait a whole frame
        finally:
            self._in_frame = False
        if whole:
            self.frames_sent += 1
            self.last_weight_frame = {"step": number, "t": self._t(t), "matrices": kept}

    def _send_attention(self, job):
        t, number, heads = job
        for head in range(heads.shape[0]):
            message = self._encode[2](self._t(t), number, self.attention_layer, head,
                                      heads[head].numpy())
            if not self._send(message, "attention"):
                return
            self.attention_sent += 1

    def _send_text(self, job):
        t, number, tokens, probabilities = job
        if self._send(self._encode[3](self._t(t), number, tokens, probabilities), "text"):
            self.texts_sent += 1

    def _pending(self):
        return (self._training_job is not None or self._texts or
                self._attention_job is not None or self._frame_job is not None)

    def _sender(self):
        while True:
            with self._wake:
                while not self._pending() and not self._stopping:
                    self._wake.wait()
                if not self._pending():
                    self._sending = None
                    self._wake.notify_all()
                    return
                if self._training_job is not None:
                    kind, job, self._training_job = "training", self._training_job, None
                elif self._texts:
                    kind, job = "text", self._texts.pop(0)
                elif self._attention_job is not None:
                    kind, job, self._attention_job = "attention", self._attention_job, None
                else:
                    kind, job, self._frame_job = "frame", self._frame_job, None
                self._sending = kind
            try:
                {"training": self._send_training, "text": self._send_text,
                 "attention": self._send_attention, "frame": self._send_frame}[kind](job)
            except Exception as error:  # never let one bad message end the sender
                self.send_errors += 1
                self.last_error = f"{type(error).__name__}: {error}"
                print(f"ossynapse training tap: {self.last_error}", file=sys.stderr, flush=True)
            with self._wake:
                self._sending = None
                self._wake.notify_all()

    def _drain(self):
        """Waits until everything queued is sent."""
        with self._wake:
            while self._pending() or self._sending is not None:
                self._wake.wait(0.05)

    # -- the server thread ---------------------------------------------------------------------
    async def _welcome(self, viewer, path=None):
        await viewer.send(self._meta)
        self.bytes_sent += len(self._meta)
        # A viewer joins between messages, never inside a weight frame.
        self._joining.add(viewer)
        self._viewer_joined.set()
        await viewer.wait_closed()
        self._joining.discard(viewer)
        self._viewers.discard(viewer)

    def _serve(self, ready):
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            websockets.serve(self._welcome, self.host, self.port, compression=None,
                             max_queue=4))
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        self._loop.run_forever()
        server.close()
        self._loop.run_until_complete(server.wait_closed())

    def _width(self):
        embeddings = getattr(self._model, "get_input_embeddings", None)
        module = embeddings() if callable(embeddings) else None
        if getattr(module, "embedding_dim", None) is None:
            module = next((m for m in self._model.modules()
                           if isinstance(m, torch.nn.Embedding)), None)
        return int(getattr(module, "embedding_dim", 0) or 0)

    def start(self):
        """Listens at ws://host:port (port 0: one is picked, then self.port says which) and, with
        wait_for_viewer, returns once a viewer joined."""
        widths = [self._width()] * len(self.blocks)
        if self._encode[0] is json_weight_matrix:
            self._meta = _json({"type": "meta", "t": 0.0, "name": self.name,
                                "layers": [{"index": index, "kind": "residual", "width": width}
                                           for index, width in enumerate(widths)]})
        else:
            self._meta = encode_meta(0.0, self.name, widths)
        ready = threading.Event()
        self._server_thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._server_thread.start()
        ready.wait()
        self._started = time.monotonic()
        self._sender_thread = threading.Thread(target=self._sender, daemon=True)
        self._sender_thread.start()
        print(f"ossynapse training tap: ws://{self.host}:{self.port}, {len(self.blocks)} blocks,"
              f" {len(self.parameters)} trainable tensors, {self.encoding}",
              file=sys.stderr, flush=True)
        if self.wait_for_viewer:
            self.wait_until_watched(self.viewer_timeout_s)
        return self

    def wait_until_watched(self, timeout_s=30.0):
        """Returns once a viewer has joined; TimeoutError after timeout_s."""
        if not self._viewer_joined.wait(timeout_s):
            raise TimeoutError(f"no viewer joined ws://{self.host}:{self.port} "
                               f"within {timeout_s:g} s")

    def flush(self):
        """Sends what is queued, then (with final_frame) a weight frame of the newest step when
        none was sent for it, and last a training-step message for the newest step unless the
        last message already was one; returns once all of it is sent. close() does this first.
        Call it to keep the link open after the loop ends with everything said: a viewer then
        sees training stop (its gradient lobes go dark) rather than the link closing."""
        if self._started is None or self._closed:
            return
        self._drain()
        if self._latest is not None and self.watched():
            now = time.monotonic()
            sent_step = self.last_weight_frame["step"] if self.last_weight_frame else None
            if self.final_frame and sent_step != self.step_number:
                self._queue_frame(now)
                self._drain()
            if self._last_kind != "training" or self._last_training_step != self.step_number:
                self._queue_training(now)
                self._drain()

    def close(self):
        """flush(), then stops listening."""
        if self._started is None or self._closed:
            return
        self.flush()
        self._closed = True
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self._sender_thread.join()
        self.elapsed_s = time.monotonic() - self._started
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._server_thread.join(timeout=5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()
        return False

    def counts(self):
        """What the tap sent and skipped, as numbers."""
        elapsed = self.elapsed_s or (time.monotonic() - self._started if self._started else 0.0)
        return {"steps": self.step_number + 1, "seconds": elapsed, "bytes": self.bytes_sent,
                "bytes_per_second": self.bytes_sent / max(elapsed, 1e-9),
                "messages": self.messages_sent, "weight_frames": self.frames_sent,
                "weight_frames_skipped": self.frames_skipped,
                "training_steps": self.training_sent,
                "training_steps_superseded": self.training_superseded,
                "attention_patterns": self.attention_sent,
                "attention_skipped": self.attention_skipped, "text_messages": self.texts_sent,
                "text_skipped": self.texts_skipped, "send_errors": self.send_errors}

    def bandwidth_report(self):
        c = self.counts()
        return (f"ossynapse training tap: {c['steps']} steps; sent {c['weight_frames']} weight "
                f"frames ({c['weight_frames_skipped']} skipped: the link was busy), "
                f"{c['training_steps']} training steps, {c['attention_patterns']} attention "
                f"patterns, {c['text_messages']} texts; {c['bytes']} bytes in "
                f"{c['seconds']:.2f} s = {c['bytes_per_second']:.0f} bytes/s")


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
