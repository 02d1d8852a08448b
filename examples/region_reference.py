"""The reference for `cargo run --release --example bench_region`: the same job done the way a
script around OpenCV would do it, on the same pair of images.

    cargo run --release --example bench_region -- write     # writes the pair once
    python3 -m venv /tmp/cv && /tmp/cv/bin/pip install opencv-python-headless numpy
    /tmp/cv/bin/python examples/region_reference.py target/bench-data

Both images are brought to the target's 1024-px working grid (INTER_AREA), the transform is
estimated with findTransformECC (MOTION_AFFINE, the area outside the box as its mask), and the
result is warped onto the 24 MP target inside the box (warpAffine of the box's area) and copied
in. Prints the stages in milliseconds, like the Rust benchmark.
"""

import sys
import time

import cv2
import numpy as np

BOX = (1800, 900, 3600, 2700)  # the box the Rust benchmark uses, in target pixels


def main(folder):
    target = cv2.imread(f"{folder}/region-target.png", cv2.IMREAD_COLOR)
    result = cv2.imread(f"{folder}/region-result.png", cv2.IMREAD_COLOR)
    th, tw = target.shape[:2]
    rh, rw = result.shape[:2]
    t0 = time.perf_counter()
    s = 1024 / max(tw, th)
    ww, wh = round(tw * s), round(th * s)
    t_small = cv2.cvtColor(cv2.resize(target, (ww, wh), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
    r_small = cv2.cvtColor(cv2.resize(result, (ww, wh), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
    mask = np.full((wh, ww), 255, np.uint8)
    x1, y1, x2, y2 = (round(v * s) for v in BOX)
    mask[max(0, y1 - 12):y2 + 12, max(0, x1 - 12):x2 + 12] = 0
    t1 = time.perf_counter()
    warp = np.eye(2, 3, dtype=np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 50, 1e-5)
    _, warp = cv2.findTransformECC(t_small, r_small, warp, cv2.MOTION_AFFINE, criteria, mask, 5)
    t2 = time.perf_counter()
    # Working grid → full sizes: target px → working px → (warp) → result working px → result px.
    a = np.vstack([warp, [0, 0, 1]]).astype(np.float64)
    to_work = np.diag([s, s, 1.0])
    to_result = np.diag([rw / ww, rh / wh, 1.0])
    full = (to_result @ a @ to_work)[:2]
    bx1, by1, bx2, by2 = BOX
    # The box's area of the target, sampled from the result through the transform.
    shift = np.array([[1, 0, bx1], [0, 1, by1], [0, 0, 1]], np.float64)
    local = (np.vstack([full, [0, 0, 1]]) @ shift)[:2]
    patch = cv2.warpAffine(result, local, (bx2 - bx1, by2 - by1),
                           flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)
    out = target.copy()
    out[by1:by2, bx1:bx2] = patch
    t3 = time.perf_counter()
    ms = lambda a, b: (b - a) * 1000
    print(f"working grids       {ms(t0, t1):7.1f} ms")
    print(f"registration (ECC)  {ms(t1, t2):7.1f} ms")
    print(f"composite           {ms(t2, t3):7.1f} ms")
    print(f"total               {ms(t0, t3):7.1f} ms")
    print(f"transform x: {full[0][0]:.5f} u + {full[0][2]:.2f}, y: {full[1][1]:.5f} v + {full[1][2]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/bench-data")
