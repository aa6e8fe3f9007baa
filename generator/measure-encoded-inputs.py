#!/usr/bin/python3
"""Measure the size of an image request as a client sends it: a JPEG at the
model's input resolution.

Debian's python3-skimage ships natural photographs and python3-pil encodes
JPEG (apt-get install python3-skimage python3-pil). Each photograph is
centre-cropped to the target aspect ratio, resized with Lanczos filtering to
the model's input resolution and encoded as a baseline JPEG at QUALITY with
4:2:0 chroma subsampling (PIL's default for quality < 100). The mean size
over the photographs is what a request carries; the spread is recorded.

Writes generator/encoded-inputs.json, which generate-models.py reads (it
needs neither library). Run it again to re-measure:

    /usr/bin/python3 generator/measure-encoded-inputs.py
"""

import io
import json
import os
import statistics
import sys

QUALITY = 90
# Every input resolution a vision model of the catalog takes (W, H).
RESOLUTIONS = [(224, 224), (299, 299), (300, 300), (416, 416), (640, 640)]


def photographs():
    """(name, H x W x 3 uint8 array) for skimage's natural colour photographs."""
    import skimage.data as data

    yield "astronaut", data.astronaut()
    yield "chelsea", data.chelsea()
    yield "coffee", data.coffee()
    yield "rocket", data.rocket()
    yield "motorcycle", data.stereo_motorcycle()[0]


def encode(image, size):
    """JPEG bytes of an image centre-cropped and resized to size (W, H)."""
    from PIL import Image

    w, h = size
    im = Image.fromarray(image).convert("RGB")
    iw, ih = im.size
    if iw * h > ih * w:  # too wide: crop the sides
        cw = ih * w // h
        im = im.crop(((iw - cw) // 2, 0, (iw - cw) // 2 + cw, ih))
    else:  # too tall: crop top and bottom
        ch = iw * h // w
        im = im.crop((0, (ih - ch) // 2, iw, (ih - ch) // 2 + ch))
    im = im.resize((w, h), Image.LANCZOS)
    out = io.BytesIO()
    im.save(out, format="JPEG", quality=QUALITY, optimize=False, progressive=False)
    return out.getvalue()


def main():
    try:
        import PIL
        import skimage
    except ImportError as e:
        sys.exit("measure-encoded-inputs: %s (apt-get install python3-pil python3-skimage)" % e)
    images = list(photographs())
    sizes = {}
    for w, h in RESOLUTIONS:
        per = {name: len(encode(image, (w, h))) for name, image in images}
        values = list(per.values())
        sizes["%dx%d" % (w, h)] = {
            "meanBytes": round(statistics.mean(values)),
            "stdevBytes": round(statistics.stdev(values)),
            "minBytes": min(values),
            "maxBytes": max(values),
            "perImage": per,
        }
    doc = {
        "schema": "r3d-encoded-inputs/1",
        "method": (
            "JPEG, quality %d, 4:2:0, baseline, of skimage.data's natural colour photographs "
            "(%s), centre-cropped to the aspect ratio and resized (Lanczos) to the input "
            "resolution; generator/measure-encoded-inputs.py with Pillow %s and scikit-image %s"
            % (QUALITY, ", ".join(n for n, _ in images), PIL.__version__, skimage.__version__)
        ),
        "quality": QUALITY,
        "sizes": sizes,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "encoded-inputs.json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    os.replace(tmp, path)
    for res, s in sizes.items():
        print("%-8s mean %6d B  sd %5d  min %6d  max %6d" % (res, s["meanBytes"], s["stdevBytes"], s["minBytes"], s["maxBytes"]))
    print("measure-encoded-inputs: wrote", path)


if __name__ == "__main__":
    main()
