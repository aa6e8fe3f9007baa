"""Tiny shape-tracking network builder used by generate-models.py.

An architecture is written the way one would write it in a small framework:
each call (conv, linear, pool, add, ...) takes input tensor handles, infers the
output shape, appends one *layer record* and returns the output handle.  No
weights exist; only shapes, so every number in data/models.json follows from
the architecture definition.

Shapes: vision tensors are (C, H, W) (batch 1 implied); sequence tensors are
(S, D); attention tensors are (heads, S, d).  See generate-models.py for the
counting rules that the record fields follow.

Every handle remembers the layer that produced it (views and chunks keep
it), so that once the model is built, finalize() can mark what a fusing
runtime merges (see generate-models.py, "Kernel fusion"): element-wise
epilogues folded into the kernel that produced their input, and
concatenations elided.  Conv layers also carry the Winograd hint.
"""

import json
import os
import contextlib

BYTES_PER_ELEMENT = 4  # fp32 everywhere inside the network


def prod(values):
    result = 1
    for v in values:
        result *= v
    return result


def pair(v):
    """Accept an int or a 2-tuple, return a 2-tuple (height, width)."""
    return (v, v) if isinstance(v, int) else tuple(v)


def make_divisible(v, divisor=8, min_value=None):
    """torchvision/TF-slim channel rounding (used by MobileNet/EfficientNet/YOLO)."""
    if min_value is None:
        min_value = divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:  # never round down by more than 10%
        new_v += divisor
    return new_v


def _out_size(n, k, s, pad_before, pad_after, ceil_mode=False):
    span = n + pad_before + pad_after - k
    if ceil_mode:
        out = -(-span // s) + 1
        if (out - 1) * s >= n + pad_before:  # PyTorch: last window must start inside
            out -= 1
        return out
    return span // s + 1


def _pads(p, k, n, s):
    """Normalise padding spec to (top, bottom, left, right).

    p: None -> k//2 per side (PyTorch 'autopad'), int, (ph, pw),
       4-tuple, or "same" (TensorFlow SAME: output = ceil(n / s)).
    """
    kh, kw = k
    if p is None:
        return (kh // 2, kh // 2, kw // 2, kw // 2)
    if p == "same":
        pads = []
        for size, kernel, stride in zip(n, k, s):
            out = -(-size // stride)
            total = max((out - 1) * stride + kernel - size, 0)
            pads += [total // 2, total - total // 2]  # TF puts the extra pad after
        return tuple(pads)
    if isinstance(p, int):
        return (p, p, p, p)
    if len(p) == 2:
        return (p[0], p[0], p[1], p[1])
    return tuple(p)


class Tensor:
    """A shape-only tensor handle; producer = index of the layer that wrote it
    (None for model inputs)."""

    __slots__ = ("shape", "producer")

    def __init__(self, *shape, producer=None):
        if any(int(d) <= 0 for d in shape):
            raise ValueError(f"non-positive dimension in shape {shape}")
        self.shape = tuple(int(d) for d in shape)
        self.producer = producer

    @property
    def numel(self):
        return prod(self.shape)

    def __repr__(self):
        return "Tensor" + repr(self.shape)


class ModelBuilder:
    """Collects layer records for one model while shapes are propagated."""

    def __init__(self, name, family, source, input_desc, input_bytes, result_bytes):
        self.name = name
        self.family = family
        self.source = source
        self.input_desc = input_desc
        self.input_bytes = input_bytes
        # What a client sends (an encoded image for vision models; the raw
        # tensor otherwise) and how that figure was obtained.
        self.encoded_input_bytes = input_bytes
        self.encoded_input_source = "the raw input tensor (not compressed)"
        self.result_bytes = result_bytes
        self.layers = []
        # Trainable parameters of branches that exist only in training
        # (e.g. Inception-v3 AuxLogits): counted here, not emitted as layers.
        self.dropped_params = 0
        self._dropping = False
        self._scope = []
        self._names = set()
        # Per emitted layer: producer indices of its inputs (for fusion).
        self._inputs = []

    # ----- naming -------------------------------------------------------
    @contextlib.contextmanager
    def scope(self, name):
        self._scope.append(str(name))
        try:
            yield
        finally:
            self._scope.pop()

    @contextlib.contextmanager
    def dropped(self):
        """Build a training-only branch: shapes/params computed, no layers emitted."""
        previous, self._dropping = self._dropping, True
        try:
            yield
        finally:
            self._dropping = previous

    def _emit(self, name, kind, flops, params, inputs, output, **extra):
        full = ".".join(self._scope + [str(name)])
        if self._dropping:
            self.dropped_params += params
            return output
        if full in self._names:
            raise ValueError(f"{self.name}: duplicate layer name {full}")
        self._names.add(full)
        record = {
            "name": full,
            "kind": kind,
            "flops": int(flops),
            "weightBytes": int(params) * BYTES_PER_ELEMENT,
            "inputBytes": sum(t.numel for t in inputs) * BYTES_PER_ELEMENT,
            "outputBytes": output.numel * BYTES_PER_ELEMENT,
        }
        record.update(extra)
        self._inputs.append([t.producer for t in inputs])
        output.producer = len(self.layers)
        self.layers.append(record)
        return output

    # ----- totals --------------------------------------------------------
    @property
    def macs(self):
        return sum(l["flops"] for l in self.layers if l["kind"] in MAC_KINDS) // 2

    @property
    def params(self):
        return sum(l["weightBytes"] for l in self.layers) // BYTES_PER_ELEMENT

    # ----- shape-only helpers (no layer) -----------------------------------
    @staticmethod
    def input(*shape):
        return Tensor(*shape)

    @staticmethod
    def view(x, *shape):
        """Reshape/transpose/flatten: free in an optimized runtime, so no layer."""
        shape = list(shape)
        if -1 in shape:
            i = shape.index(-1)
            shape[i] = x.numel // prod(d for d in shape if d != -1)
        out = Tensor(*shape, producer=x.producer)
        if out.numel != x.numel:
            raise ValueError(f"view {x.shape} -> {tuple(shape)} changes element count")
        return out

    @staticmethod
    def chunk(x, n, axis=0):
        """Split into n equal parts along axis (a free view, no layer)."""
        if x.shape[axis] % n:
            raise ValueError(f"chunk: {x.shape}[{axis}] not divisible by {n}")
        shape = list(x.shape)
        shape[axis] //= n
        return [Tensor(*shape, producer=x.producer) for _ in range(n)]

    def flatten(self, x):
        return self.view(x, x.numel)

    # ----- weighted layers -------------------------------------------------
    def conv(self, x, cout, k, s=1, p=None, groups=1, bias=False, bn=True, name="conv"):
        """Conv2d (+ folded BatchNorm when bn=True, + fused activation).

        BN contributes its 2*cout trainable params (gamma, beta) to this layer.
        """
        cin, h, w = x.shape
        k, s = pair(k), pair(s)
        pt, pb, pl, pr = _pads(p, k, (h, w), s)
        oh = _out_size(h, k[0], s[0], pt, pb)
        ow = _out_size(w, k[1], s[1], pl, pr)
        if cin % groups or cout % groups:
            raise ValueError(f"{name}: channels {cin}->{cout} not divisible by groups {groups}")
        out = Tensor(cout, oh, ow)
        macs = out.numel * (cin // groups) * k[0] * k[1]
        params = cout * (cin // groups) * k[0] * k[1] + (cout if bias else 0) + (2 * cout if bn else 0)
        kind = "depthwise-conv" if groups > 1 and groups == cin else "conv"
        extra = {}
        if (kind == "conv" and k == (3, 3) and s == (1, 1) and groups == 1
                and cin >= WINOGRAD_MIN_CHANNELS and cout >= WINOGRAD_MIN_CHANNELS):
            extra["winograd"] = True
        return self._emit(name, kind, 2 * macs, params, [x], out, **extra)

    def linear(self, x, out_features, bias=True, name="fc"):
        """Linear over the last dimension (activation fused)."""
        in_features = x.shape[-1]
        rows = x.numel // in_features
        out = Tensor(*x.shape[:-1], out_features)
        macs = rows * in_features * out_features
        params = in_features * out_features + (out_features if bias else 0)
        return self._emit(name, "fc", 2 * macs, params, [x], out)

    def embedding(self, ids, num, dim, name="embedding"):
        """Table lookup: whole table is parameters, only looked-up rows are read
        (at most the whole table: a row looked up twice is read once)."""
        out = Tensor(*ids.shape, dim)
        rows_read = min(ids.numel, num)
        return self._emit(name, "embedding", 0, num * dim, [ids], out,
                          weightBytesRead=rows_read * dim * BYTES_PER_ELEMENT)

    def layernorm(self, x, name="LayerNorm"):
        return self._emit(name, "layernorm", 8 * x.numel, 2 * x.shape[-1], [x], Tensor(*x.shape))

    # ----- weightless layers -----------------------------------------------
    def matmul(self, a, b, name="matmul"):
        """Batched (B, M, K) x (B, K, N) -> (B, M, N); transposes are free views."""
        (ba, m, ka), (bb, kb, n) = a.shape, b.shape
        if ba != bb or ka != kb:
            raise ValueError(f"{name}: matmul shape mismatch {a.shape} x {b.shape}")
        out = Tensor(ba, m, n)
        return self._emit(name, "matmul", 2 * ba * m * ka * n, 0, [a, b], out)

    def _pool(self, x, k, s, p, ceil_mode, name):
        c, h, w = x.shape
        k = pair(k)
        s = pair(s if s is not None else k)
        pt, pb, pl, pr = _pads(p, k, (h, w), s)
        out = Tensor(c, _out_size(h, k[0], s[0], pt, pb, ceil_mode),
                     _out_size(w, k[1], s[1], pl, pr, ceil_mode))
        return self._emit(name, "pool", out.numel * k[0] * k[1], 0, [x], out)

    def maxpool(self, x, k, s=None, p=0, ceil_mode=False, name="maxpool"):
        return self._pool(x, k, s, p, ceil_mode, name)

    def avgpool(self, x, k, s=None, p=0, ceil_mode=False, name="avgpool"):
        return self._pool(x, k, s, p, ceil_mode, name)

    def global_avgpool(self, x, name="avgpool"):
        c, h, w = x.shape
        return self._emit(name, "pool", c * h * w, 0, [x], Tensor(c, 1, 1))

    def adaptive_avgpool(self, x, oh, ow, name="avgpool"):
        c, h, w = x.shape
        if (h, w) == (oh, ow):
            return x  # identity at this resolution: an optimized runtime drops it
        if (oh, ow) == (1, 1):
            return self.global_avgpool(x, name)
        if h % oh or w % ow:
            raise ValueError(f"{name}: non-uniform adaptive pool {h}x{w}->{oh}x{ow}")
        return self._pool(x, (h // oh, w // ow), (h // oh, w // ow), 0, False, name)

    def add(self, *xs, name="add"):
        """Element-wise sum of same-shaped tensors (1 flop per output element)."""
        if len({t.shape for t in xs}) != 1:
            raise ValueError(f"{name}: add shape mismatch {[t.shape for t in xs]}")
        out = Tensor(*xs[0].shape)
        return self._emit(name, "eltwise", out.numel, 0, list(xs), out)

    def mul(self, x, scale, name="scale"):
        """Broadcast multiply, e.g. SE channel re-weighting (C,H,W) * (C,1,1)."""
        if x.shape[0] != scale.shape[0]:
            raise ValueError(f"{name}: broadcast mismatch {x.shape} * {scale.shape}")
        out = Tensor(*x.shape)
        return self._emit(name, "eltwise", out.numel, 0, [x, scale], out)

    def act(self, x, name="act"):
        """Stand-alone element-wise op (activation, box decode) that cannot be fused."""
        out = Tensor(*x.shape)
        return self._emit(name, "eltwise", out.numel, 0, [x], out)

    def softmax(self, x, name="softmax"):
        return self._emit(name, "softmax", 5 * x.numel, 0, [x], Tensor(*x.shape))

    def concat(self, xs, axis=0, name="concat"):
        ref = list(xs[0].shape)
        total = 0
        for t in xs:
            other = list(t.shape)
            if len(other) != len(ref) or other[:axis] + other[axis + 1:] != ref[:axis] + ref[axis + 1:]:
                raise ValueError(f"{name}: concat shape mismatch {[t.shape for t in xs]}")
            total += t.shape[axis]
        ref[axis] = total
        return self._emit(name, "concat", 0, 0, list(xs), Tensor(*ref))

    def upsample(self, x, factor=2, name="upsample"):
        c, h, w = x.shape
        return self._emit(name, "upsample", 0, 0, [x], Tensor(c, h * factor, w * factor))

    # ----- kernel fusion ---------------------------------------------------
    def finalize(self):
        """Mark what a runtime with epilogue fusion merges (call once, after
        the last layer):

        * an element-wise layer (residual add, stand-alone activation) whose
          output has as many elements as the output of the layer emitted just
          before it, which it reads and is that output's only reader, when
          that layer is a conv, fc, matmul or an element-wise layer itself
          (a chain): it runs as the epilogue of that kernel.  It saves the
          write and the re-read of the intermediate tensor (fusionSavedBytes
          = 2 x its bytes) and its own kernel launch;
        * a concatenation: its inputs are written in place into its output
          buffer, so it moves nothing and launches nothing (fusionSavedBytes
          = its whole traffic).
        """
        readers = [0] * len(self.layers)
        for producers in self._inputs:
            for p in producers:
                if p is not None:
                    readers[p] += 1
        for i, layer in enumerate(self.layers):
            if layer["kind"] == "concat":
                layer["fusion"] = "elided"
                layer["fusionSavedBytes"] = layer["inputBytes"] + layer["outputBytes"]
                continue
            if layer["kind"] != "eltwise" or i == 0:
                continue
            previous = self.layers[i - 1]
            if (previous["kind"] in EPILOGUE_PRODUCERS and (i - 1) in self._inputs[i]
                    and readers[i - 1] == 1 and previous["outputBytes"] == layer["outputBytes"]):
                layer["fusion"] = "epilogue"
                layer["fusedInto"] = previous["name"]
                layer["fusionSavedBytes"] = 2 * previous["outputBytes"]
        return self

    @property
    def fused_kernels(self):
        """Kernels a runtime with epilogue fusion launches."""
        return sum(1 for l in self.layers if "fusion" not in l)

    # ----- output ----------------------------------------------------------
    def to_json(self):
        return {
            "name": self.name,
            "family": self.family,
            "source": self.source,
            "input": self.input_desc,
            "inputBytes": self.input_bytes,
            "encodedInputBytes": self.encoded_input_bytes,
            "encodedInputSource": self.encoded_input_source,
            "resultBytes": self.result_bytes,
            "layers": self.layers,
        }


MAC_KINDS = ("conv", "depthwise-conv", "fc", "matmul")

# Layers whose kernel can take an element-wise epilogue.
EPILOGUE_PRODUCERS = ("conv", "depthwise-conv", "fc", "matmul", "eltwise")

# Winograd hint: 3x3, stride 1, dense (not grouped) convolutions with at least
# this many input and output channels (thinner layers gain too little from
# the transform for CPU runtimes to pick it).
WINOGRAD_MIN_CHANNELS = 16


ENCODED_INPUTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "encoded-inputs.json")
_encoded = None


def encoded_image_bytes(w, h):
    """(mean JPEG bytes, source text) of a W x H request, as measured by
    measure-encoded-inputs.py into encoded-inputs.json."""
    global _encoded
    if _encoded is None:
        with open(ENCODED_INPUTS) as f:
            _encoded = json.load(f)
    key = "%dx%d" % (w, h)
    if key not in _encoded["sizes"]:
        raise KeyError("%s has no %s entry: re-run measure-encoded-inputs.py with that resolution"
                       % (ENCODED_INPUTS, key))
    s = _encoded["sizes"][key]
    return s["meanBytes"], "%s: mean %d B (sd %d, %d-%d) over %d photographs; %s" % (
        key, s["meanBytes"], s["stdevBytes"], s["minBytes"], s["maxBytes"], len(s["perImage"]),
        _encoded["method"])


def image_model(name, family, source, c, h, w, result_bytes):
    """Builder for a vision model fed a C x H x W uint8 image, sent as a JPEG."""
    b = ModelBuilder(name, family, source, f"{c}x{h}x{w} uint8 image", c * h * w, result_bytes)
    b.encoded_input_bytes, b.encoded_input_source = encoded_image_bytes(w, h)
    return b
