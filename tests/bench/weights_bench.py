#!/usr/bin/python3
"""Weight frames of seed 001's model size over loopback, one frame a second.

The model has seed 001's shape: 8 blocks, 558-wide embeddings, an MLP 4x as wide, a byte
vocabulary and a 256-token context, about 30 million parameters. Its weights go from a
TrainingTap at full resolution to a receiver on 127.0.0.1: first `ossynapse telemetry`, then the
studio in weights mode under xvfb-run. Printed for each: weight frames sent and skipped, bytes a
second, the tap's CPU (its process, the encoding and sending thread included) and the
receiver's CPU (user + system, per second of the run); for the studio also its frame rate
while the frames arrive (its own --benchmark-frames report, Xvfb's CPU included in the
receiver's figure).

Usage: weights_bench.py OSSYNAPSE OSSYNAPSE_STUDIO [--seconds N] [--encoding f32|f16]
"""
import argparse
import os
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "app", "tap"))

import torch  # noqa: E402
from ossynapse_tap import TrainingTap  # noqa: E402

WIDTH, BLOCKS, VOCAB, CONTEXT = 558, 8, 256, 256


class Block(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.ln1 = torch.nn.LayerNorm(d)
        self.qkv = torch.nn.Linear(d, 3 * d)
        self.proj = torch.nn.Linear(d, d)
        self.ln2 = torch.nn.LayerNorm(d)
        self.up = torch.nn.Linear(d, 4 * d)
        self.down = torch.nn.Linear(4 * d, d)


class Brainscan(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(VOCAB, WIDTH)
        self.position = torch.nn.Embedding(CONTEXT, WIDTH)
        self.blocks = torch.nn.ModuleList(Block(WIDTH) for _ in range(BLOCKS))
        self.ln = torch.nn.LayerNorm(WIDTH)
        self.head = torch.nn.Linear(WIDTH, VOCAB)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(name, receiver, model, port, seconds, encoding):
    tap = TrainingTap(model, port=port, weights_hz=1.0, training_hz=1.0,
                      max_values=2 ** 24, encoding=encoding, wait_for_viewer=True,
                      viewer_timeout_s=60.0, final_frame=False)
    before_children = children_cpu()
    process = subprocess.Popen(receiver, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    tap.start()
    cpu_start, wall_start = time.process_time(), time.monotonic()
    for step in range(seconds):
        tap.step(1.0, step=step)
        time.sleep(max(0.0, wall_start + step + 1 - time.monotonic()))
    tap_cpu = time.process_time() - cpu_start
    counts = tap.counts()
    tap.close()
    output, _ = process.communicate(timeout=300)
    receiver_cpu = children_cpu() - before_children
    wall = time.monotonic() - wall_start
    print(f"{name}: {counts['weight_frames']} weight frames sent, "
          f"{counts['weight_frames_skipped']} skipped, "
          f"{counts['bytes_per_second'] / 1e6:.1f} MB/s; tap CPU {100 * tap_cpu / seconds:.0f} % "
          f"of a core, receiver CPU {100 * receiver_cpu / wall:.0f} % of a core")
    for line in output.splitlines():
        if "fps" in line or '"weight_matrices"' in line or "paused" in line:
            print("  " + line.strip())
    return process.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ossynapse")
    parser.add_argument("studio")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--encoding", choices=("f32", "f16"), default="f32")
    parser.add_argument("--port", type=int, default=9471)
    args = parser.parse_args()
    torch.manual_seed(0)
    model = Brainscan()
    parameters = sum(p.numel() for p in model.parameters())
    print(f"model: {parameters:,} parameters, {len(list(model.parameters()))} matrices, "
          f"{args.encoding}, {args.seconds} s at 1 frame a second")
    url = f"ws://127.0.0.1:{args.port}"
    failed = run("ossynapse telemetry",
                 [args.ossynapse, "telemetry", url, "--seconds", str(args.seconds + 3)],
                 model, args.port, args.seconds, args.encoding)
    # The studio draws for as long as the frames arrive (60 fps over the run).
    failed |= run("studio, weights mode",
                  ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", args.studio, "--fresh",
                   "--view", "weights", "--telemetry", url, "--size", "1280x720",
                   "--benchmark-frames", str(60 * (args.seconds - 2))],
                  model, args.port, args.seconds, args.encoding)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
