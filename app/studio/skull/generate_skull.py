#!/usr/bin/python3
"""Generates the studio's glass skull, glass-skull.obj, beside this script.

The skull is a signed distance field composed here from primitives (ellipsoids, capsules,
rounded boxes, ribbons swept along curves) with smooth unions and subtractions, meshed with
marching cubes, Taubin-smoothed and written as a Wavefront OBJ with positions and normals.
Nothing is scanned or downloaded: the shape is the numbers in this file.

Frame: the rig's skull space (core/rig.cpp), millimetres, origin at the centre of the cranium,
+y up, +z forward (the face looks towards +z), so the skull's own left is +x.

Regenerate (Debian 12 packages python3-numpy, python3-scipy, python3-skimage, python3-open3d):
    /usr/bin/python3 app/studio/skull/generate_skull.py
It checks that the caps and the ring the default rig (Rig::defaultSkull) lays its LEDs on lie
inside the glass, 2 mm deep at least, and fails otherwise; --preview DIR also writes depth-shaded PNGs (front, side, top, bottom,
three-quarter) of the voxel field, to judge the shape without the studio.
"""

import argparse
import math
import os
import struct
import sys
import zlib

import numpy as np
from scipy import ndimage, sparse
from skimage import measure

HERE = os.path.dirname(os.path.abspath(__file__))

# The voxel step, mm: fine enough for the gaps between teeth (marching cubes then makes about
# 240k triangles, mostly on the smooth cranium).
STEP = 1.25
# The mesh after decimation: the studio draws it as blended glass on llvmpipe (software) and
# must keep 30 fps at 1280x720.
TRIANGLES = 40000
BOUNDS = ((-76.0, 76.0), (-150.0, 84.0), (-100.0, 106.0))  # x, y, z


def smoothstep(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def smin(a, b, k):
    if k <= 0:
        return np.minimum(a, b)
    h = np.clip(0.5 + 0.5 * (b - a) / k, 0.0, 1.0)
    return b + (a - b) * h - k * h * (1.0 - h)


def smax(a, b, k):
    return -smin(-a, -b, k)


class Field:
    """The skull's distance field on the voxel grid, edited primitive by primitive.

    Each primitive is evaluated only inside its bounding box grown by the blend radius:
    outside it the primitive is farther than the blend reaches, so the zero set is exact.
    """

    def __init__(self, step, bounds):
        self.step = step
        self.axes = [np.arange(lo, hi + step / 2, step, dtype=np.float32) for lo, hi in bounds]
        self.d = np.full([len(a) for a in self.axes], 1e3, dtype=np.float32)

    def _window(self, lo, hi):
        slices = []
        for axis, a, b in zip(self.axes, lo, hi):
            i0 = int(np.searchsorted(axis, a, side="left"))
            i1 = int(np.searchsorted(axis, b, side="right"))
            slices.append(slice(max(i0 - 1, 0), min(i1 + 1, len(axis))))
        x = self.axes[0][slices[0]][:, None, None]
        y = self.axes[1][slices[1]][None, :, None]
        z = self.axes[2][slices[2]][None, None, :]
        return tuple(slices), (x, y, z)

    def apply(self, op, prim, lo, hi, k=0.0, mirror=False):
        pad = k + 2 * self.step
        lo = np.array(lo, float) - pad
        hi = np.array(hi, float) + pad
        boxes = [(lo, hi)]
        if mirror and lo[0] < 0.0:
            # abs(x) below folds the window onto both sides: make it symmetric
            reach = max(-lo[0], hi[0])
            boxes = [(np.array([-reach, lo[1], lo[2]]), np.array([reach, hi[1], hi[2]]))]
        elif mirror:
            boxes.append((np.array([-hi[0], lo[1], lo[2]]), np.array([-lo[0], hi[1], hi[2]])))
        for blo, bhi in boxes:
            sl, (x, y, z) = self._window(blo, bhi)
            shape = self.d[sl].shape
            p = (np.broadcast_to(np.abs(x) if mirror else x, shape), np.broadcast_to(y, shape),
                 np.broadcast_to(z, shape))
            value = prim(p).astype(np.float32)
            if op == "add":
                self.d[sl] = smin(self.d[sl], value, k)
            else:
                self.d[sl] = smax(self.d[sl], -value, k)

    def add(self, prim, lo, hi, k=0.0, mirror=False):
        self.apply("add", prim, lo, hi, k, mirror)

    def cut(self, prim, lo, hi, k=0.0, mirror=False):
        self.apply("cut", prim, lo, hi, k, mirror)


# --- primitives: each takes p = (x, y, z) arrays and returns a signed distance -------------

def ellipsoid(c, r):
    def f(p):
        q = [(p[i] - c[i]) / r[i] for i in range(3)]
        k0 = np.sqrt(q[0] ** 2 + q[1] ** 2 + q[2] ** 2)
        k1 = np.sqrt((q[0] / r[0]) ** 2 + (q[1] / r[1]) ** 2 + (q[2] / r[2]) ** 2) + 1e-9
        return k0 * (k0 - 1.0) / k1
    return f


def capsule(a, b, ra, rb=None, scale=(1.0, 1.0, 1.0)):
    """A capsule from a to b, its radius going from ra to rb; `scale` squashes its section."""
    rb = ra if rb is None else rb
    a = np.array(a, float) / scale
    b = np.array(b, float) / scale
    ba = b - a
    bb = float(ba @ ba)

    def f(p):
        q = [p[i] / scale[i] - a[i] for i in range(3)]
        h = np.clip((q[0] * ba[0] + q[1] * ba[1] + q[2] * ba[2]) / bb, 0.0, 1.0)
        dist = np.sqrt((q[0] - ba[0] * h) ** 2 + (q[1] - ba[1] * h) ** 2 + (q[2] - ba[2] * h) ** 2)
        return (dist - (ra + (rb - ra) * h)) * min(scale)
    return f


def round_box(c, half, r, yaw=0.0):
    """A box with rounded edges, turned by `yaw` radians about +y."""
    cs, sn = math.cos(yaw), math.sin(yaw)

    def f(p):
        dx, dy, dz = p[0] - c[0], p[1] - c[1], p[2] - c[2]
        lx = dx * cs - dz * sn
        lz = dx * sn + dz * cs
        q = [np.abs(lx) - half[0] + r, np.abs(dy) - half[1] + r, np.abs(lz) - half[2] + r]
        outside = np.sqrt(sum(np.maximum(v, 0.0) ** 2 for v in q))
        inside = np.minimum(np.maximum(q[0], np.maximum(q[1], q[2])), 0.0)
        return outside + inside - r
    return f


def cylinder_y(cx, cz, radius, y0, y1):
    def f(p):
        d_r = np.sqrt((p[0] - cx) ** 2 + (p[2] - cz) ** 2) - radius
        d_y = np.abs(p[1] - (y0 + y1) / 2) - (y1 - y0) / 2
        return np.minimum(np.maximum(d_r, d_y), 0.0) + np.sqrt(
            np.maximum(d_r, 0.0) ** 2 + np.maximum(d_y, 0.0) ** 2)
    return f


def ribbon(vertices, rounding=2.5):
    """A plate swept along a polyline in the x-z plane: each vertex is (x, z, y_bottom, y_top,
    thickness), linearly blended between vertices. Bone such as the mandible, as a strip."""
    v = np.array(vertices, float)

    def f(p):
        best = None
        for i in range(len(v) - 1):
            xa, za, ba, ta, tha = v[i]
            xb, zb, bb, tb, thb = v[i + 1]
            ex, ez = xb - xa, zb - za
            h = np.clip(((p[0] - xa) * ex + (p[2] - za) * ez) / (ex * ex + ez * ez), 0.0, 1.0)
            dxz = np.sqrt((p[0] - xa - ex * h) ** 2 + (p[2] - za - ez * h) ** 2)
            bottom = ba + (bb - ba) * h
            top = ta + (tb - ta) * h
            half_t = (tha + (thb - tha) * h) / 2
            r = np.minimum(rounding, half_t * 0.9)
            qx = dxz - half_t + r
            qy = np.abs(p[1] - (top + bottom) / 2) - (top - bottom) / 2 + r
            d = (np.sqrt(np.maximum(qx, 0.0) ** 2 + np.maximum(qy, 0.0) ** 2)
                 + np.minimum(np.maximum(qx, qy), 0.0) - r)
            best = d if best is None else np.minimum(best, d)
        return best
    return f


def bbox_of_points(points, pad):
    a = np.array(points, float)
    return a.min(0) - pad, a.max(0) + pad


# --- the dental arches: teeth placed by arc length along half-ellipses ---------------------

def arch_points(half_width, depth, z_back, count=400, overshoot=0.18):
    """Points along a dental arch from the midline (front) to its back end on the +x side."""
    t = np.linspace(0.0, math.pi / 2 + overshoot, count)
    x = half_width * np.sin(t)
    z = z_back + depth * np.cos(t)
    seg = np.hypot(np.diff(x), np.diff(z))
    s = np.concatenate([[0.0], np.cumsum(seg)])
    return x, z, s


def teeth(field, arch, widths, thickness, y_gum, y_edge, k):
    x, z, s = arch
    along = 0.0
    for w, th in zip(widths, thickness):
        centre = along + w / 2
        along += w
        i = min(int(np.searchsorted(s, centre)), len(s) - 2)
        cx, cz = float(x[i]), float(z[i])
        tx, tz = x[i + 1] - x[i], z[i + 1] - z[i]
        yaw = -math.atan2(tz, tx)  # the box's local x along the arch
        cy = (y_gum + y_edge) / 2
        half = (w / 2 - 0.5, abs(y_gum - y_edge) / 2, th / 2)
        r = min(3.0, th / 2 - 0.1, w / 2 - 0.7)
        reach = max(half) + 1
        field.add(round_box((cx, cy, cz), half, r, yaw),
                  (cx - reach, cy - reach, cz - reach), (cx + reach, cy + reach, cz + reach),
                  k=k, mirror=True)


def arch_ribbon(arch, y_bottom, y_top, thickness, z_min):
    """Ribbon vertices along a dental arch, from the midline back to z_min."""
    x, z, _ = arch
    return [(x[i], z[i], y_bottom, y_top, thickness) for i in range(0, len(x), 20) if z[i] >= z_min]


def build_skull(step):
    F = Field(step, BOUNDS)

    # Cranium: the rig's 68 x 78 x 92 mm vault. Seen from the front a broad dome, not an egg
    # (a superellipse across x and y); from the side and above an ellipse; the forehead a
    # little narrower than the parietal bulge.
    def cranium(p):
        narrow = (1.0 - 0.05 * smoothstep(-20.0, 95.0, p[2])
                  + 0.03 * np.exp(-((p[2] + 25.0) / 35.0) ** 2))
        e = 2.4
        across = (np.abs(p[0] / (68.0 * narrow)) ** e + np.abs(p[1] / 78.0) ** e) ** (2.0 / e)
        return (np.sqrt(across + (p[2] / 92.0) ** 2) - 1.0) * 75.0
    F.add(cranium, (-70, -80, -94), (70, 80, 94))
    # The occipital bone's bulge and the slope under it down to the foramen magnum.
    F.add(ellipsoid((0, -18, -62), (48, 46, 32)), (-48, -64, -94), (48, 28, -30), k=10)
    # Mastoid processes, behind and below the ear.
    F.add(capsule((54, -52, -14), (52, -76, -10), 8.0, 4.0), (42, -82, -24), (64, -44, 0), k=6,
          mirror=True)

    # The cranial base in front of the foramen magnum rises towards the face, leaving room
    # behind the upper jaw (the nasopharynx) and under the cheekbones for the mandible.
    def below_base(p):
        return p[1] - (-74.0 + 0.55 * np.maximum(p[2] + 4.0, 0.0))
    F.cut(below_base, (-70, -82, -6), (70, -40, 70), k=10)

    # Temporal fossa: the hollow of the temple behind the eye socket, above the cheekbone.
    F.cut(ellipsoid((92, -36, 30), (32, 30, 34)), (58, -66, -6), (124, -6, 66), k=10, mirror=True)

    # Brow ridges over the eye sockets, meeting at the glabella.
    F.add(capsule((0, -12, 90), (30, -12, 86), 6.0, 6.5), (-2, -19, 78), (37, -5, 97), k=6,
          mirror=True)
    F.add(capsule((30, -12, 86), (50, -20, 72), 6.5, 5.5), (23, -27, 65), (57, -5, 93), k=5,
          mirror=True)

    # Upper face: the bone around the orbits and the root of the nose.
    F.add(ellipsoid((0, -42, 62), (54, 30, 28)), (-54, -72, 34), (54, -12, 90), k=16)
    # Maxilla: the upper jaw, from under the orbits to the alveolar bone of the teeth.
    F.add(ellipsoid((0, -68, 63), (37, 24, 29)), (-37, -92, 34), (37, -44, 92), k=14)

    # Zygomatic bones: the cheekbone's body, its frontal process up the outer rim of the orbit
    # and the arch back to the temporal bone in front of the ear.
    F.add(ellipsoid((50, -56, 64), (13, 13, 14)), (36, -70, 50), (64, -42, 79), k=6, mirror=True)
    F.add(capsule((48, -60, 66), (34, -76, 68), 6.0, 5.0), (27, -83, 59), (55, -53, 73), k=6,
          mirror=True)
    F.add(capsule((50, -54, 68), (50, -20, 72), 6.0, 5.5), (44, -60, 62), (56, -14, 78), k=6,
          mirror=True)
    for dy in (-3.0, 3.0):  # two stacked capsules: a bar taller than it is thick
        F.add(capsule((55, -56 + dy, 58), (63, -54 + dy, 30), 3.8, 3.4), (51, -64, 26), (67, -46, 62),
              k=3, mirror=True)
        F.add(capsule((63, -54 + dy, 30), (62, -51 + dy, 0), 3.4, 3.8), (58, -59, -4), (66, -43, 34),
              k=3, mirror=True)
    # The arch's root on the temporal bone, above the ear.
    F.add(ellipsoid((57, -50, 2), (6, 5, 9)), (51, -55, -7), (63, -45, 11), k=6, mirror=True)

    # Nasal bones: the bridge of the nose, from the nasion to the top of the nasal aperture.
    F.add(capsule((0, -17, 90), (0, -45, 101), 6.5, 5.0, scale=(1.0, 1.0, 0.8)),
          (-8, -52, 82), (8, -10, 106), k=6)

    # Upper alveolar bone and teeth. The lower arch sits just inside the upper one.
    upper = arch_points(29.0, 48.0, 42.0)
    lower = arch_points(27.0, 46.0, 42.0)
    F.add(ribbon(arch_ribbon(upper, -94.0, -76.0, 12.0, z_min=34.0), rounding=5.0),
          (-36, -96, 30), (36, -74, 97), k=8, mirror=True)
    teeth(F, upper, widths=(8.6, 6.8, 7.8, 7.0, 6.6, 10.0, 9.2, 8.6),
          thickness=(7.0, 6.5, 8.2, 9.0, 9.0, 10.5, 10.0, 9.5), y_gum=-88.0, y_edge=-101.5, k=0.8)

    # Mandible: the ramus up to the condyle (into the jaw joint under the cranium) and the
    # coronoid process, the body along the lower teeth and its base flaring out to the chin.
    ramus = [(53, -4, -70, -54, 9), (51, 4, -108, -62, 9), (50, 12, -116, -72, 8),
             (49, 20, -117, -66, 8), (47, 27, -114, -59, 7), (45, 33, -114, -100, 9),
             (42, 42, -118, -106, 10)]
    plate = ribbon(ramus, rounding=3.5)

    def sheared(p):  # the rami lean inwards: the jaw's angles are narrower than its joints
        return plate((p[0] - 0.09 * (p[1] + 55.0), p[1], p[2]))
    F.add(sheared, (30, -132, -14), (60, -48, 50), k=4, mirror=True)
    F.add(ellipsoid((53, -55, -3), (9, 5, 6)), (42, -62, -11), (64, -48, 5), k=4, mirror=True)
    base = [(46, 8, -118, -108, 10), (41, 26, -124, -110, 10), (35, 44, -129, -112, 10),
            (30, 60, -133, -114, 10), (22, 73, -137, -114, 10), (12, 82, -140, -114, 10),
            (0, 85, -141, -114, 10)]
    F.add(ribbon(base, rounding=4.0), (-2, -148, -2), (58, -104, 96), k=8, mirror=True)
    F.add(ribbon(arch_ribbon(lower, -124.0, -104.0, 11.0, z_min=36.0), rounding=5.0),
          (-34, -128, 30), (34, -100, 95), k=8, mirror=True)
    # Chin: the mental protuberance.
    F.add(ellipsoid((0, -134, 88), (15, 8, 6)), (-16, -143, 81), (16, -125, 95), k=6)
    teeth(F, lower, widths=(5.6, 6.2, 7.0, 7.2, 7.2, 11.0, 10.4, 10.0),
          thickness=(6.2, 6.5, 7.6, 8.0, 8.6, 10.2, 10.0, 9.5), y_gum=-111.0, y_edge=-97.5, k=0.8)

    # --- openings and hollows -------------------------------------------------------------

    # Orbits: deep sockets funnelling back to the optic canal, wider than tall. A funnel, not
    # a cup: a cup's rounded back faces the eye and glints like an eyeball through the glass.
    F.cut(capsule((34, -34, 100), (21, -31, 52), 17.5, 3.5, scale=(1.12, 1.0, 1.0)),
          (2, -54, 40), (56, -14, 120), k=3, mirror=True)
    # ... their openings squarer than round, the outer side further back.
    F.cut(round_box((34, -34, 97), (20.0, 17.5, 13.0), 7.0, yaw=0.35), (8, -54, 75),
          (60, -14, 118), k=2, mirror=True)
    # Nasal aperture, pear-shaped, over the nasal cavity; the septum left standing in it.
    F.cut(ellipsoid((0, -64, 96), (12.5, 10, 26)), (-13, -75, 70), (13, -53, 122), k=3)
    F.cut(ellipsoid((0, -52, 96), (7.5, 11, 24)), (-8, -64, 72), (8, -40, 120), k=3)
    # The nasal cavity runs back to the choanae and opens behind the upper jaw.
    F.cut(capsule((0, -58, 92), (0, -62, 26), 10.0, 8.0, scale=(1.0, 1.4, 1.0)),
          (-11, -76, 16), (11, -44, 104), k=4)
    F.add(round_box((0, -62, 76), (1.6, 10, 12), 1.5), (-2, -72, 64), (2, -52, 88), k=1.5)
    # Anterior nasal spine under the aperture.
    F.add(capsule((0, -74, 86), (0, -73, 95), 2.5, 1.2), (-3, -77, 83), (3, -70, 97), k=2)
    # Canine fossae: the hollow of the maxilla beside the nose, under the cheekbone.
    F.cut(ellipsoid((28, -70, 96), (11, 10, 9)), (17, -80, 87), (39, -60, 105), k=6, mirror=True)
    # Ear canals.
    F.cut(capsule((70, -54, -8), (58, -54, -8), 3.5), (54, -58, -12), (74, -50, -4), k=2,
          mirror=True)
    # Foramen magnum: a shallow oval recess in the base, and the seed's drilled cable port in
    # it, a round hole straight up to just under the brainstem ring.
    F.cut(ellipsoid((0, -80, -24), (17, 6, 20)), (-17, -86, -44), (17, -74, -4), k=3)
    F.cut(cylinder_y(0.0, -22.0, 8.0, -100.0, -60.0), (-8, -100, -30), (8, -60, -14), k=1.5)
    return F


# --- mesh -------------------------------------------------------------------------------------

def mesh_from_field(F):
    d = np.pad(F.d, 1, constant_values=1e3)
    verts, faces, _, _ = measure.marching_cubes(d, level=0.0, spacing=(F.step,) * 3,
                                                allow_degenerate=False)
    origin = np.array([a[0] for a in F.axes]) - F.step
    verts = verts + origin
    faces = faces.astype(np.int64)
    # Keep the largest connected piece: stray specks are not glass anyone could cast.
    n = len(verts)
    edges = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    graph = sparse.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    count, labels = sparse.csgraph.connected_components(graph, directed=False)
    sizes = np.bincount(labels[faces[:, 0]], minlength=count)
    keep = np.argmax(sizes)
    if count > 1:
        print(f"pieces: {count}, face counts {sorted(sizes.tolist(), reverse=True)[:6]}; keeping the largest")
    faces = faces[labels[faces[:, 0]] == keep]
    used = np.unique(faces)
    remap = -np.ones(n, dtype=np.int64)
    remap[used] = np.arange(len(used))
    return verts[used], remap[faces]


def taubin(verts, faces, iterations=12, lam=0.5, mu=-0.53):
    n = len(verts)
    e = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]])
    e = np.concatenate([e, e[:, ::-1]])
    a = sparse.coo_matrix((np.ones(len(e)), (e[:, 0], e[:, 1])), shape=(n, n)).tocsr()
    a.data[:] = 1.0
    degree = np.asarray(a.sum(1)).ravel()
    w = sparse.diags(1.0 / degree) @ a
    v = verts.copy()
    for _ in range(iterations):
        v = v + lam * (w @ v - v)
        v = v + mu * (w @ v - v)
    return v


def decimate(verts, faces, triangles):
    """Quadric edge collapse down to `triangles`: marching cubes spends as many triangles on
    the smooth cranium as on the teeth, this spends them where the shape bends."""
    import open3d as o3d  # only here: the preview and the LED check work without it
    mesh = o3d.geometry.TriangleMesh(o3d.utility.Vector3dVector(verts),
                                     o3d.utility.Vector3iVector(faces.astype(np.int32)))
    mesh = mesh.simplify_quadric_decimation(target_number_of_triangles=triangles)
    mesh.remove_degenerate_triangles()
    mesh.remove_duplicated_triangles()
    mesh.remove_duplicated_vertices()
    mesh.remove_unreferenced_vertices()
    return np.asarray(mesh.vertices), np.asarray(mesh.triangles).astype(np.int64)


def vertex_normals(verts, faces):
    tri = verts[faces]
    fn = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    vn = np.zeros_like(verts)
    for k in range(3):
        np.add.at(vn, faces[:, k], fn)
    return vn / np.maximum(np.linalg.norm(vn, axis=1, keepdims=True), 1e-12)


def signed_volume(verts, faces):
    tri = verts[faces]
    return float(np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6.0)


def check_closed(faces):
    e = np.sort(np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]), axis=1)
    _, counts = np.unique(e, axis=0, return_counts=True)
    return int((counts != 2).sum())


def write_obj(path, verts, normals, faces, header):
    with open(path, "w", encoding="ascii") as out:
        for line in header:
            out.write(f"# {line}\n")
        out.write("o glass_skull\n")
        out.write("".join(f"v {x:.2f} {y:.2f} {z:.2f}\n" for x, y, z in verts))
        out.write("".join(f"vn {x:.3f} {y:.3f} {z:.3f}\n" for x, y, z in normals))
        out.write("".join(f"f {a}//{a} {b}//{b} {c}//{c}\n" for a, b, c in faces + 1))


# --- where the default rig's LEDs go (core/rig.cpp, Rig::defaultSkull) ----------------------

# The ellipsoid a little inside the cranium that the rig's caps of LEDs lie on (kLedShell).
LED_SHELL = np.array([56.0, 64.0, 76.0])
# Each lobe's cap: its axis and angular radius (degrees). The ring: centre and radius, mm.
LED_CAPS = (((0.0, 0.35, 1.0), 38.0), ((1.0, -0.2, 0.1), 30.0), ((-1.0, -0.2, 0.1), 30.0),
            ((0.0, 1.0, -0.25), 35.0), ((0.0, 0.1, -1.0), 30.0))
LED_RING = ((0.0, -66.0, -22.0), 14.0)


def default_led_places():
    """Points covering every cap and the ring the default rig puts LEDs on: the whole disc of
    each cap on the LED shell, whatever the layout of LEDs in it, and the ring's circle."""
    points = []
    for axis, degrees in LED_CAPS:
        w = np.array(axis, float)
        w /= np.linalg.norm(w)
        helper = np.array([0.0, 1.0, 0.0]) if abs(w[1]) < 0.9 else np.array([1.0, 0.0, 0.0])
        u = np.cross(helper, w)
        u /= np.linalg.norm(u)
        v = np.cross(w, u)
        disc = math.sin(math.radians(degrees))
        a, b = np.meshgrid(np.linspace(-disc, disc, 41), np.linspace(-disc, disc, 41))
        keep = a * a + b * b <= disc * disc
        a, b = a[keep], b[keep]
        c = np.sqrt(1.0 - a * a - b * b)
        points.append((a[:, None] * u + b[:, None] * v + c[:, None] * w) * LED_SHELL)
    (cx, cy, cz), radius = LED_RING
    t = np.linspace(0.0, 2.0 * math.pi, 64, endpoint=False)
    points.append(np.stack([cx + radius * np.cos(t), np.full_like(t, cy), cz + radius * np.sin(t)], 1))
    return np.concatenate(points)


def field_at(F, points):
    coords = [(np.asarray(points)[:, i] - F.axes[i][0]) / F.step for i in range(3)]
    return ndimage.map_coordinates(F.d, coords, order=1)


# --- previews: depth-shaded orthographic views of the solid voxels --------------------------

def write_png(path, rgb):
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))
    with open(path, "wb") as out:
        out.write(png)


def preview(F, folder):
    os.makedirs(folder, exist_ok=True)
    solid = F.d < 0

    def shade(depth, hit):
        gy, gx = np.gradient(depth)
        n = np.stack([-gx, -gy, np.ones_like(depth)], -1)
        n /= np.linalg.norm(n, axis=-1, keepdims=True)
        light = np.array([-0.4, -0.5, 0.77])
        value = np.clip(n @ light, 0, 1) * 0.8 + 0.2
        img = np.where(hit, value, 0.05)
        img = np.repeat(np.repeat(img, 3, 0), 3, 1)  # 3 pixels a voxel, to be seen
        return (np.repeat(img[..., None], 3, -1) * 255).astype(np.uint8)

    def view(volume, name):
        # volume axes: (image row = down, image column = right, depth = away from the eye)
        hit = volume.any(axis=2)
        first = np.argmax(volume, axis=2).astype(float)
        depth = np.where(hit, -first, -volume.shape[2])
        write_png(os.path.join(folder, name), shade(depth, hit))

    # grid axes are (x, y, z); rows go down y
    s = solid[:, ::-1, :]                            # (x, y down, z)
    view(np.transpose(s, (1, 0, 2))[:, ::-1, ::-1], "front.png")  # look along -z; skull's left (+x) on the image's right
    view(np.transpose(s, (1, 2, 0))[:, ::-1, ::-1], "side.png")   # from its left (+x), face to the left
    view(np.transpose(solid, (2, 0, 1))[::-1, :, ::-1], "top.png")  # from above, face up
    view(np.transpose(solid, (2, 0, 1))[::-1, :, :], "bottom.png")
    rotated = ndimage.rotate(solid.astype(np.uint8), 35, axes=(0, 2), reshape=True, order=0) > 0
    r = rotated[:, ::-1, :]
    view(np.transpose(r, (1, 0, 2))[:, ::-1, ::-1], "three_quarter.png")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(HERE, "glass-skull.obj"))
    parser.add_argument("--step", type=float, default=STEP)
    parser.add_argument("--triangles", type=int, default=TRIANGLES)
    parser.add_argument("--preview", metavar="DIR")
    args = parser.parse_args()

    F = build_skull(args.step)
    places = default_led_places()
    inside = field_at(F, places)
    worst = int(np.argmax(inside))
    print(f"default rig's LED caps and ring: the place nearest the glass's surface is "
          f"{-inside[worst]:.1f} mm inside, at {places[worst].round(1)}")
    if args.preview:
        preview(F, args.preview)
    outside = places[inside > -2.0]
    if len(outside):
        sys.exit(f"places for the default rig's LEDs outside the glass (or within 2 mm of it): "
                 f"{outside.round(1).tolist()}")

    verts, faces = mesh_from_field(F)
    verts = taubin(verts, faces)
    # Edge collapse can pinch two sheets together where they nearly touch; another target
    # collapses in another order.
    for attempt in range(8):
        small_verts, small_faces = decimate(verts, faces, args.triangles + 250 * attempt)
        open_edges = check_closed(small_faces)
        if not open_edges:
            break
        print(f"decimated to {len(small_faces)} triangles: {open_edges} edges not shared by "
              "exactly two faces, trying again")
    else:
        sys.exit("the decimated mesh is not closed")
    verts, faces = small_verts, small_faces
    if signed_volume(verts, faces) < 0:
        faces = faces[:, ::-1]
    normals = vertex_normals(verts, faces)
    lo, hi = verts.min(0), verts.max(0)
    print(f"{len(verts)} vertices, {len(faces)} triangles, bounds {lo.round(1)} .. {hi.round(1)}")
    write_obj(args.out, verts, normals, faces, [
        "OSSynapse Studio's glass skull. Generated by app/studio/skull/generate_skull.py: edit",
        "that and regenerate, do not edit this file.",
        "Skull space: millimetres, origin at the centre of the cranium, +y up, +z forward",
        "(the face looks towards +z), the skull's left at +x. Closed, outward normals.",
        f"{len(verts)} vertices, {len(faces)} triangles.",
    ])


if __name__ == "__main__":
    main()
