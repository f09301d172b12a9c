"""The training tap on the tiny byte-level transformer of app/tap/train_tiny_transformer.py,
listened to by `ossynapse telemetry`: the loss falls, weight frames, training steps, attention
patterns and sampled text arrive, the weights image of the last frame is, pixel for pixel, the
grey scale of core/telemetry-protocol.md of exactly the values the tap sent, and the recording
holds the training steps. The encoders are checked first against a decoder written from the
protocol document alone.

usage: test_training_tap.py OSSYNAPSE_CLI TAP_DIR TRAINING_TEXT
"""

import asyncio
import glob
import json
import math
import os
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import zlib

import numpy
import torch
import websockets

OSSYNAPSE, TAP_DIR, TEXT = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, TAP_DIR)
import ossynapse_tap as tap_module  # noqa: E402
from ossynapse_tap import TrainingTap  # noqa: E402
from train_tiny_transformer import TinyTransformer, load_text, train  # noqa: E402

STEPS, BATCH, SEED, ATTENTION_LAYER, SAMPLE_EVERY = 200, 4, 7, 1, 50


# -- a decoder written from core/telemetry-protocol.md, not from the encoders -------------------
class Reader:
    def __init__(self, data):
        self.data, self.at = data, 0

    def take(self, fmt):
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def raw(self, count):
        chunk = self.data[self.at:self.at + count]
        if len(chunk) != count:
            raise ValueError("the payload ends early")
        self.at += count
        return chunk


def decode(message):
    if message[:4] != b"OSTM":
        raise ValueError("no OSTM magic")
    version, kind, reserved, length = struct.unpack_from("<BBHI", message, 4)
    if version != 1 or reserved != 0 or length != len(message) - 12:
        raise ValueError("bad header")
    r = Reader(message[12:])
    out = {"type": kind, "payload_bytes": length}
    if kind == 1:
        out["t"] = r.take("d")
        out["name"] = r.raw(r.take("H")).decode("utf-8")
        out["layers"] = [r.take("IB3xI") for _ in range(r.take("I"))]
    elif kind == 5:
        (out["t"], out["step"], out["index"], out["count"], out["layer"], encoding, zero,
         out["rows"], out["cols"], out["source_rows"], out["source_cols"]) = r.take("dIHHHBBIIII")
        assert zero == 0
        out["name"] = r.raw(r.take("H")).decode("utf-8")
        out["encoding"] = {1: "f32", 2: "f16"}[encoding]
        dtype = "<f4" if encoding == 1 else "<f2"
        size = out["rows"] * out["cols"] * (4 if encoding == 1 else 2)
        out["values"] = numpy.frombuffer(r.raw(size), dtype=dtype).reshape(out["rows"],
                                                                           out["cols"])
    elif kind == 6:
        (out["t"], out["step"], out["loss"], out["learning_rate"], out["gradient_norm"],
         count) = r.take("dIfffI")
        out["layers"] = []
        for _ in range(count):
            layer, zero, gradient, change = r.take("HHff")
            assert zero == 0
            out["layers"].append((layer, gradient, change))
    elif kind == 7:
        out["t"], out["step"], out["layer"], out["head"], n, m = r.take("dIHHHH")
        out["weights"] = numpy.frombuffer(r.raw(2 * n * m), dtype="<f2").reshape(n, m)
    elif kind == 8:
        out["t"], out["step"], count = r.take("dII")
        out["tokens"] = []
        for _ in range(count):
            probability = r.take("f")
            out["tokens"].append((r.raw(r.take("H")), probability))
    else:
        raise ValueError(f"type {kind}")
    if r.at != length:
        raise ValueError(f"{length - r.at} payload bytes left over")
    return out


def grey(values):
    """The protocol's 16-bit grey level of each value of one matrix."""
    values = numpy.asarray(values, dtype=numpy.float64)
    finite = numpy.isfinite(values)
    scale = float(numpy.abs(values[finite]).max()) if finite.any() else 0.0
    if scale == 0.0:
        levels = numpy.full(values.shape, 32768.0)
    else:
        levels = numpy.floor((values / scale + 1.0) / 2.0 * 65535.0 + 0.5)
    levels = numpy.where(finite, numpy.clip(levels, 0, 65535), 0)
    return levels.astype(numpy.uint16)


def png_text(path):
    """The PNG's text chunks (tEXt, zTXt, iTXt) as {keyword: text}."""
    with open(path, "rb") as file:
        data = file.read()
    at, found = 8, {}
    while at < len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        body = data[at + 8:at + 8 + length]
        if kind == b"tEXt":
            keyword, text = body.split(b"\0", 1)
            found[keyword.decode("latin-1")] = text.decode("latin-1")
        elif kind == b"zTXt":
            keyword, rest = body.split(b"\0", 1)
            found[keyword.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            keyword, rest = body.split(b"\0", 1)
            compressed, rest = rest[0], rest[2:]
            _, rest = rest.split(b"\0", 1)  # language tag
            _, text = rest.split(b"\0", 1)  # translated keyword
            found[keyword.decode("latin-1")] = (zlib.decompress(text) if compressed
                                                 else text).decode("utf-8")
        at += 12 + length
    return found


def read_grey16_png(path):
    """A 16-bit greyscale PNG as a uint16 array (rows x cols), decoded here with zlib."""
    with open(path, "rb") as file:
        data = file.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    at, header, compressed = 8, None, b""
    while at < len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
        at += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if (depth, colour, interlace) != (16, 0, 0):
        raise ValueError(f"{path}: bit depth {depth}, colour type {colour}, interlace "
                         f"{interlace}; expected a 16-bit greyscale PNG")
    raw = zlib.decompress(compressed)
    stride, bpp = width * 2, 2
    rows = numpy.zeros((height, stride), dtype=numpy.uint8)
    previous = numpy.zeros(stride, dtype=numpy.int64)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = numpy.frombuffer(raw, dtype=numpy.uint8, count=stride,
                                offset=y * (stride + 1) + 1).astype(numpy.int64)
        if kind == 0:
            current = line
        elif kind == 2:
            current = (line + previous) & 255
        else:
            current = line.copy()
            for x in range(stride):
                left = current[x - bpp] if x >= bpp else 0
                up = previous[x]
                corner = previous[x - bpp] if x >= bpp else 0
                if kind == 1:
                    predictor = left
                elif kind == 3:
                    predictor = (left + up) // 2
                elif kind == 4:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                else:
                    raise ValueError(f"PNG filter {kind}")
                current[x] = (current[x] + predictor) & 255
        rows[y] = current
        previous = current
    return rows.view(">u2").reshape(height, width).astype(numpy.uint16)


def default_width(shapes):
    """The protocol's default image width for matrices of these (rows, cols)."""
    area = sum((rows + 1) * (cols + 1) for rows, cols in shapes)
    return max(max(cols for _, cols in shapes), math.ceil(math.sqrt(area * 16 / 9)))


def overlapping(placements):
    """Pairs of placements closer than the protocol's 1-pixel gap."""
    pairs = []
    for i, a in enumerate(placements):
        for b in placements[i + 1:]:
            apart = (a["x"] + a["cols"] + 1 <= b["x"] or b["x"] + b["cols"] + 1 <= a["x"] or
                     a["y"] + a["rows"] + 1 <= b["y"] or b["y"] + b["rows"] + 1 <= a["y"])
            if not apart:
                pairs.append((a["name"], b["name"]))
    return pairs


class EncodersFollowTheProtocol(unittest.TestCase):
    def test_weight_matrix(self):
        values = numpy.array([[0.1, -0.2, 0.0], [0.3, 0.5, -0.1]])
        for encoding, width in (("f32", 4), ("f16", 2)):
            message = tap_module.encode_weight_matrix(1.5, 100, 0, 12, 65535,
                                                      "embedding.weight", values, 2, 3, encoding)
            out = decode(message)
            self.assertEqual(out["payload_bytes"], 38 + len("embedding.weight") + 6 * width)
            self.assertEqual((out["type"], out["t"], out["step"], out["index"], out["count"],
                              out["layer"], out["name"], out["rows"], out["cols"],
                              out["source_rows"], out["source_cols"], out["encoding"]),
                             (5, 1.5, 100, 0, 12, 65535, "embedding.weight", 2, 3, 2, 3,
                              encoding))
            expected = values.astype("<f4" if encoding == "f32" else "<f2")
            numpy.testing.assert_array_equal(out["values"], expected)
            sent = json.loads(tap_module.json_weight_matrix(1.5, 100, 0, 12, 65535,
                                                            "embedding.weight", values, 2, 3,
                                                            encoding))
            self.assertEqual(sent["values"], expected.astype(numpy.float64).ravel().tolist())
            self.assertEqual(sent["encoding"], encoding)

    def test_training_step(self):
        layers = [(i, 0.1 * i, math.nan if i == 0 else 0.01) for i in range(8)]
        out = decode(tap_module.encode_training_step(2.0, 7, 2.31, 1e-3, 0.8, layers))
        self.assertEqual(out["payload_bytes"], 124)  # "8 blocks: 124 bytes"
        self.assertEqual(out["step"], 7)
        self.assertAlmostEqual(out["loss"], 2.31, places=5)
        self.assertAlmostEqual(out["learning_rate"], 1e-3, places=8)
        self.assertEqual(len(out["layers"]), 8)
        self.assertTrue(math.isnan(out["layers"][0][2]))
        self.assertEqual(out["layers"][3][0], 3)
        self.assertAlmostEqual(out["layers"][3][1], 0.3, places=6)
        sent = json.loads(tap_module.json_training_step(2.0, 7, 2.31, 1e-3, 0.8, layers))
        self.assertIsNone(sent["layers"][0]["weight_change"])

    def test_attention_pattern(self):
        weights = numpy.tril(numpy.ones((5, 5)))
        weights /= weights.sum(axis=1, keepdims=True)
        out = decode(tap_module.encode_attention(0.5, 3, 1, 2, weights))
        self.assertEqual(out["payload_bytes"], 20 + 2 * 25)
        self.assertEqual((out["step"], out["layer"], out["head"]), (3, 1, 2))
        numpy.testing.assert_array_equal(out["weights"], weights.astype("<f2"))

    def test_sampled_text(self):
        tokens = [b"th", b"e", b"\xff", "\u00e9"]
        out = decode(tap_module.encode_text(0.25, 9, tokens, [0.41, 1.5, -1, math.nan]))
        self.assertEqual([t for t, _ in out["tokens"]], [b"th", b"e", b"\xff", b"\xc3\xa9"])
        self.assertEqual([p for _, p in out["tokens"]][1:], [1.0, 0.0, 0.0])  # kept to 0..1
        sent = json.loads(tap_module.json_text(0.25, 9, tokens, [0.5] * 4))
        self.assertEqual(sent["tokens"][2], {"probability": 0.5, "bytes": [255]})
        self.assertEqual(sent["tokens"][3]["text"], "\u00e9")

    def test_downsampling_is_block_means(self):
        source = numpy.arange(7 * 10, dtype=numpy.float64).reshape(7, 10) ** 1.5
        rows, cols = tap_module.downsample_shape(7, 10, 12)
        self.assertLessEqual(rows * cols, 12)
        sent = tap_module.block_means(source, rows, cols)
        for i in range(rows):
            for j in range(cols):
                block = source[i * 7 // rows:(i + 1) * 7 // rows,
                               j * 10 // cols:(j + 1) * 10 // cols]
                self.assertAlmostEqual(sent[i, j], block.mean())
        self.assertEqual(tap_module.downsample_shape(1, 5000, 1024), (1, 1024))
        self.assertEqual(tap_module.downsample_shape(30, 40, 1200), (30, 40))

    def test_frames_are_every_trainable_tensor_with_its_block(self):
        model = TinyTransformer()
        model.position.weight.requires_grad_(False)
        tap = TrainingTap(model, port=0)
        names = [name for name, _, _ in tap.parameters]
        self.assertEqual(names, [n for n, p in model.named_parameters() if p.requires_grad])
        layers = {name: layer for name, _, layer in tap.parameters}
        self.assertEqual(layers["embedding.weight"], 65535)
        self.assertEqual(layers["blocks.2.mlp.0.weight"], 2)
        self.assertEqual(layers["head.weight"], 65535)
        self.assertNotIn("position.weight", layers)


class RateLimit(unittest.TestCase):
    """The tap's message rates (tap_module.Cadence)."""

    def test_steps_at_exactly_the_rate_are_all_taken(self):
        # Found by the 30M benchmark: steps once a second, each a little late by timer jitter,
        # gave 12 weight frames in 20 s with "now + interval" as the next time.
        cadence = tap_module.Cadence(1.0)
        jitter = [0.0004, 0.0001, 0.0009, 0.0, 0.0003] * 4
        taken = [cadence.due(10.0 + k + late) for k, late in enumerate(jitter)]
        self.assertEqual(taken, [True] * len(jitter))

    def test_faster_steps_average_the_rate(self):
        cadence = tap_module.Cadence(0.5)
        taken = sum(cadence.due(k * 0.013) for k in range(int(60 / 0.013)))
        self.assertAlmostEqual(taken, 120, delta=1)

    def test_a_pause_restarts_the_grid(self):
        cadence = tap_module.Cadence(1.0)
        self.assertTrue(cadence.due(0.0))
        self.assertTrue(cadence.due(30.0))  # after a pause: one frame, not a burst of 29
        self.assertFalse(cadence.due(30.2))
        self.assertTrue(cadence.due(31.0))


class TapOverTheWire(unittest.TestCase):
    """A few steps to a Python viewer: what arrives decodes by the document and is exactly the
    tap's copy of its last frame, in f16, downsampled, and in the JSON form."""

    def listen(self, **settings):
        torch.manual_seed(SEED)
        model = TinyTransformer()
        data = load_text(TEXT)
        tap = TrainingTap(model, port=0, weights_hz=1000.0, attention_layer=0, **settings)
        received, joined = [], threading.Event()

        async def viewer():
            async with websockets.connect(f"ws://127.0.0.1:{tap.port}", max_size=None) as ws:
                joined.set()
                try:
                    while True:
                        received.append(await asyncio.wait_for(ws.recv(), 20))
                except websockets.ConnectionClosed:
                    pass

        with tap:
            thread = threading.Thread(target=lambda: asyncio.run(viewer()))
            thread.start()
            self.assertTrue(joined.wait(10))
            while not tap.watched():
                time.sleep(0.01)
            train(model, data, 4, tap, batch=2, seed=SEED, sample_every=2, print_every=0,
                  out=sys.stderr)
        thread.join(30)
        return tap, model, received

    def test_f16_and_downsampled_frames_are_the_copy(self):
        tap, model, received = self.listen(encoding="f16", max_values=1000)
        messages = [decode(m) for m in received]
        self.assertEqual(messages[0]["type"], 1)  # the meta first
        self.assertEqual(len(messages[0]["layers"]), len(model.blocks))
        matrices = [m for m in messages if m["type"] == 5]
        count = len(tap.parameters)
        self.assertEqual(len(matrices), count * tap.frames_sent)
        last = matrices[-count:]
        self.assertEqual([m["index"] for m in last], list(range(count)))
        frame = tap.last_weight_frame
        self.assertEqual(list(frame["matrices"]), [m["name"] for m in last])
        for m in last:
            self.assertEqual(m["step"], frame["step"])
            self.assertEqual(m["encoding"], "f16")
            self.assertLessEqual(m["rows"] * m["cols"], 1000)
            numpy.testing.assert_array_equal(m["values"].astype(numpy.float64),
                                             frame["matrices"][m["name"]])
            source = dict(model.named_parameters())[m["name"]].detach().double()
            source = source.reshape(1, -1) if source.dim() == 1 else source
            self.assertEqual((m["source_rows"], m["source_cols"]), tuple(source.shape))
            means = tap_module.block_means(source.numpy(), m["rows"], m["cols"])
            numpy.testing.assert_array_equal(tap_module.half_values(means), m["values"])
        training = [m for m in messages if m["type"] == 6]
        self.assertEqual(training[-1]["step"], 3)
        self.assertIs(messages[-1], training[-1])  # the last word on close
        self.assertTrue(math.isnan(training[0]["layers"][0][2]))  # no change before the first
        self.assertTrue(all(layer[2] > 0 for layer in training[1]["layers"]))
        self.assertAlmostEqual(training[0]["learning_rate"], 3e-3, places=7)
        attention = [m for m in messages if m["type"] == 7]
        self.assertEqual({m["head"] for m in attention}, {0, 1, 2, 3})
        for m in attention:
            self.assertEqual(m["weights"].shape, (64, 64))
            sums = m["weights"].astype(numpy.float64).sum(axis=1)
            numpy.testing.assert_allclose(sums, 1.0, atol=0.02)
            self.assertEqual(float(numpy.triu(m["weights"].astype(float), 1).max()), 0.0)
        texts = [m for m in messages if m["type"] == 8]
        self.assertEqual(len(texts), 2)
        self.assertTrue(all(len(token) == 1 for token, _ in texts[0]["tokens"]))

    def test_the_json_form(self):
        tap, model, received = self.listen(wire="json")
        self.assertTrue(all(isinstance(m, str) for m in received))  # text frames only
        messages = [json.loads(m) for m in received]
        meta = messages.pop(0)
        self.assertEqual(meta["type"], "meta")
        self.assertEqual([layer["index"] for layer in meta["layers"]], [0, 1, 2])
        self.assertEqual(meta["layers"][0], {"index": 0, "kind": "residual", "width": 64})
        kinds = {m["type"] for m in messages}
        self.assertEqual(kinds, {"weights", "training", "attention", "text"})
        frame = tap.last_weight_frame
        last = [m for m in messages if m["type"] == "weights"][-len(tap.parameters):]
        for m in last:
            self.assertEqual(m["values"], frame["matrices"][m["name"]].ravel().tolist())
            self.assertEqual(m["layer"], dict((n, l) for n, _, l in tap.parameters)[m["name"]])
        self.assertEqual(messages[-1]["type"], "training")


class TrainingRunListened(unittest.TestCase):
    def run_listened(self, folder, steps, batch, sample_every, linger_s=0.0, **settings):
        """Trains `steps` steps with the tap while `ossynapse telemetry` listens; (tap, model,
        losses, the CLI's report). linger_s > 0: after the loop the tap says everything, keeps
        the link open that long with training stopped, and the listener is stopped with Ctrl-C
        (SIGINT) instead of at the last training step."""
        torch.set_num_threads(1)  # a tiny model, and the machine is shared
        torch.manual_seed(SEED)
        model = TinyTransformer()
        data = load_text(TEXT)
        tap = TrainingTap(model, port=0, name="tiny-byte-transformer", **settings)
        tap.start()
        try:
            listener = subprocess.Popen(
                [OSSYNAPSE, "telemetry", f"ws://127.0.0.1:{tap.port}", "--seconds", "150"] +
                ([] if linger_s > 0 else ["--until-training-steps", str(steps - 1)]) +
                ["--weights-png", os.path.join(folder, "frames"),
                 "--record", os.path.join(folder, "rec.jsonl")],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 30
            while not tap.watched():
                if listener.poll() is not None:
                    self.fail("the listener ended before it joined: " +
                              "".join(listener.communicate()))
                if time.monotonic() > deadline:
                    listener.kill()
                    self.fail("no listener joined: " + "".join(listener.communicate()))
                time.sleep(0.02)
            started = time.monotonic()
            losses = train(model, data, steps, tap, batch=batch, seed=SEED,
                           sample_every=sample_every, print_every=50, out=sys.stderr)
            trained_s = time.monotonic() - started
            if linger_s > 0:
                tap.flush()
                time.sleep(linger_s)
                listener.send_signal(signal.SIGINT)
        finally:
            tap.close()
        stdout, stderr = listener.communicate(timeout=180)
        print(f"{steps} steps trained in {trained_s:.2f} s; loss {losses[0]:.3f} -> "
              f"{losses[-1]:.3f}", file=sys.stderr)
        print(tap.bandwidth_report(), file=sys.stderr)
        # Stopped by Ctrl-C: the report and the recording's end are still written.
        self.assertEqual(listener.returncode, 128 + signal.SIGINT if linger_s > 0 else 0,
                         stdout + stderr)
        report = json.loads(stdout)
        print("ossynapse telemetry: " + json.dumps(report), file=sys.stderr)
        return tap, model, losses, report

    def check_arrived(self, tap, report, steps, texts):
        """Everything sent arrived, and nothing was refused."""
        sent = tap.counts()
        self.assertEqual(report["dropped"], 0, report)
        for key in ("weight_frames", "training_steps", "attention_patterns", "text_messages"):
            self.assertGreater(report.get(key, 0), 0, f"{key}: {report}")
        self.assertEqual(sent["send_errors"], 0, tap.last_error)
        self.assertEqual(report["weight_frames"], sent["weight_frames"], (report, sent))
        self.assertEqual(report["weight_frames_incomplete"], 0, report)
        self.assertEqual(report["weight_frames_refused"], 0, report)
        self.assertEqual(report["training_steps"], sent["training_steps"], (report, sent))
        self.assertEqual(report["attention_patterns"], sent["attention_patterns"])
        self.assertEqual(report["text_messages"], texts)
        self.assertEqual(report["last_training_step"], steps - 1)
        self.assertEqual(report["weight_matrices"], sent["weight_frames"] * len(tap.parameters))

    def check_newest_image(self, tap, frames, steps):
        """The newest image is the last frame sent, pixel for pixel."""
        frame = tap.last_weight_frame
        self.assertEqual(frame["step"], steps - 1)  # the final frame, sent on close
        newest = sorted(glob.glob(os.path.join(frames, "weights-*.png")))[-1]
        self.assertEqual(os.path.basename(newest), f"weights-{frame['step']:08d}.png")
        image = read_grey16_png(newest)
        with open(os.path.join(frames, "atlas.json"), encoding="utf-8") as file:
            atlas = json.load(file)
        placements = atlas["matrices"] if isinstance(atlas, dict) else atlas
        self.assertEqual([p["name"] for p in placements], list(frame["matrices"]))
        self.assertEqual(image.shape[1],
                         default_width([v.shape for v in frame["matrices"].values()]))
        self.assertEqual(overlapping(placements), [])
        for place in placements:
            self.assertLessEqual(place["x"] + place["cols"], image.shape[1], place["name"])
            self.assertLessEqual(place["y"] + place["rows"], image.shape[0], place["name"])
        expected = numpy.zeros_like(image)
        for place in placements:
            values = frame["matrices"][place["name"]]
            self.assertEqual(values.shape, (place["rows"], place["cols"]), place["name"])
            expected[place["y"]:place["y"] + place["rows"],
                     place["x"]:place["x"] + place["cols"]] = grey(values)
        for place in placements:
            window = (slice(place["y"], place["y"] + place["rows"]),
                      slice(place["x"], place["x"] + place["cols"]))
            wrong = int((image[window] != expected[window]).sum())
            self.assertEqual(wrong, 0, f"{place['name']}: {wrong} pixels differ")
        self.assertEqual(int((image != expected).sum()), 0, "pixels between matrices")
        # The PNG says how to undo the normalisation: the values come back from the image.
        text = png_text(newest)
        self.assertEqual(int(text["OSSynapse step"]), frame["step"])
        scales = json.loads(text["OSSynapse scales"])
        self.assertEqual(len(scales), len(placements))
        for place, scale in zip(placements, scales):
            values = numpy.asarray(frame["matrices"][place["name"]], dtype=numpy.float64)
            self.assertEqual(numpy.float32(scale), numpy.float32(numpy.abs(values).max()))
            grey_levels = image[place["y"]:place["y"] + place["rows"],
                                place["x"]:place["x"] + place["cols"]].astype(numpy.float64)
            back = (grey_levels / 65535.0 * 2.0 - 1.0) * scale
            worst = float(numpy.abs(back - values).max())
            self.assertLessEqual(worst, scale / 65535.0 * 1.001, place["name"])

    def check_gradient_lobe(self, folder, records):
        """The recording, rendered with a lobe bound to the gradient norm of the whole model:
        lit at every frame while training steps arrive, dark from a hold after the last."""
        rig = {"format": "ossynapse-rig", "version": 1, "name": "learning", "lobes": [
            {"name": "learning", "metric": "layers", "color": "#ffffff",
             "leds": [{"pos": [0, 0, 60], "strip": 0}],
             "layers": {"depth": [0, 1], "stat": "gradient"}}]}
        with open(os.path.join(folder, "rig.json"), "w", encoding="utf-8") as file:
            json.dump(rig, file)
        fps = 20
        rendered = subprocess.run(
            [OSSYNAPSE, "render", os.path.join(folder, "rec.jsonl"), "--fps", str(fps),
             "--rig", os.path.join(folder, "rig.json"),
             "--out", os.path.join(folder, "frames.jsonl")],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(rendered.returncode, 0, rendered.stderr)
        with open(os.path.join(folder, "frames.jsonl"), encoding="utf-8") as lines:
            frames = [json.loads(line) for line in lines if line.strip()]
        steps = [r["t"] for r in records if r.get("type") == "telemetry"
                 and r["message"].get("type") == "training"]
        end = [r["t"] for r in records if r.get("type") == "end"]
        self.assertEqual(len(end), 1, "the Ctrl-C'd recording has its end record")
        hold_s = 1.0  # core/layer_lights.h kHoldS
        self.assertGreater(end[0], steps[-1] + hold_s + 0.2, (steps[-1], end[0]))
        brightness = [(f["t"], max(bytes.fromhex(f["leds"]))) for f in frames]
        learning = [(t, b) for t, b in brightness if steps[0] + 1 / fps < t <= steps[-1]]
        stopped = [b for t, b in brightness if t > steps[-1] + hold_s + 1 / fps]
        # Dark while learning only where no training step came for a hold (a busy machine can
        # starve the loop or its sender that long).
        unexplained = [t for t, b in learning if b == 0 and
                       t - max(s for s in steps if s <= t) <= hold_s - 1 / fps]
        dark = sum(1 for _, b in learning if b == 0)
        print(f"gradient lobe: {len(learning)} frames while learning, {dark} dark, brightness "
              f"up to {max(b for _, b in learning)}; {len(stopped)} frames after training "
              f"stopped, brightness {max(stopped)}", file=sys.stderr)
        self.assertGreater(len(learning), 10)
        self.assertEqual(unexplained, [], "the lobe went dark while training steps came")
        self.assertLess(dark, len(learning) / 2)
        self.assertGreater(max(b for _, b in learning), 128)
        self.assertGreater(len(stopped), 3)
        self.assertEqual(max(stopped), 0, "the lobe stayed lit after training stopped")

    def test_a_training_run_arrives_whole(self):
        with tempfile.TemporaryDirectory() as folder:
            tap, model, losses, report = self.run_listened(
                folder, STEPS, BATCH, SAMPLE_EVERY, linger_s=1.8, weights_hz=2.0,
                attention_layer=ATTENTION_LAYER)
            # (a) it learned
            first, last = sum(losses[:10]) / 10, sum(losses[-10:]) / 10
            self.assertLess(last, first - 1.0, f"loss {first:.3f} -> {last:.3f}")
            # (b) the report
            self.check_arrived(tap, report, STEPS, STEPS // SAMPLE_EVERY)
            self.assertAlmostEqual(report["last_loss"], losses[-1], places=4)
            # (c) the image
            self.check_newest_image(tap, os.path.join(folder, "frames"), STEPS)
            # (d) the recording holds the training steps
            with open(os.path.join(folder, "rec.jsonl"), encoding="utf-8") as lines:
                records = [json.loads(line) for line in lines if line.strip()]
            training = [r["message"] for r in records if r.get("type") == "telemetry"
                        and r["message"].get("type") == "training"]
            self.assertEqual(len(training), tap.training_sent)
            self.assertEqual(training[-1]["step"], STEPS - 1)
            self.assertEqual(len(training[0]["layers"]), len(model.blocks))
            self.assertAlmostEqual(training[-1]["loss"], losses[-1], places=4)
            # (e) a lobe bound to the gradient norm lights, and goes dark when training stops
            self.check_gradient_lobe(folder, records)

    def test_the_json_form_in_f16_downsampled(self):
        with tempfile.TemporaryDirectory() as folder:
            tap, _, _, report = self.run_listened(
                folder, 12, 2, 6, wire="json", encoding="f16", max_values=2000,
                weights_hz=20.0, attention_layer=2)
            self.check_arrived(tap, report, 12, 2)
            self.assertTrue(any(v.size < p.numel() for (_, p, _), v in
                                zip(tap.parameters, tap.last_weight_frame["matrices"].values())))
            self.check_newest_image(tap, os.path.join(folder, "frames"), 12)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
