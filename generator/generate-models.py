#!/usr/bin/env python3
"""Generate data/models.json: per-layer cost profiles of 14 DNNs for r3d.

Every architecture is declared layer by layer in architectures.py (on the
shape-tracking builder in modelbuilder.py); shapes are propagated from the
input and every per-layer number below is derived from them.  Nothing per
layer is typed in.  Python 3 standard library only.

Usage:
    python3 generator/generate-models.py               # (re)write data/models.json
    python3 generator/generate-models.py --output PATH # write elsewhere
    python3 generator/generate-models.py --check       # exit 3 if data/models.json is stale

Every run prints a table of totals against published figures and exits 1
(writing nothing) if any model is off by more than 3 %.

Layer model (what an optimized inference runtime executes):
  * BatchNorm is folded into the conv it follows, activations are fused into
    the preceding conv/fc; dropout does not exist at inference.
  * Residual adds, SE channel scaling, activations that cannot be fused (the
    ReLU after a ResNet residual add, detector decode/sigmoid), pools, concat,
    upsample, softmax, layernorm and the attention matmuls are own layers.
  * Reshapes, transposes, splits/slices and identity pools are free (no layer).
  * Training-only branches (Inception-v3 AuxLogits) emit no layers.

Counting rules (batch 1):
  * flops: conv / depthwise-conv / fc / matmul = 2 x MACs, where
      MACs = output elements x (cin/groups) x kh x kw   for convolutions,
             rows x in x out                              for fc,
             B x M x K x N                                for a (B,M,K)x(B,K,N) matmul.
    Bias adds are not counted.  Other kinds count per output element:
      eltwise 1, pool kh*kw (global pool: H*W), softmax 5, layernorm 8,
      embedding 0 (a gather), concat 0, upsample 0.
  * weightBytes = 4 x trainable parameters of the layer: conv/fc weights and
    biases, the folded BatchNorm's gamma+beta (2 per channel; running stats are
    buffers, not parameters), LayerNorm gamma+beta, whole embedding tables.
    Embedding layers also carry weightBytesRead = 4 x min(lookups, table rows)
    x width: a row looked up twice is read once.
  * inputBytes / outputBytes = 4 x elements of the layer's input tensor(s)
    (summed over all inputs) and of its output tensor, i.e. fp32 activations.
  * model-level inputBytes / resultBytes are the request/response payloads on
    the wire (uint8 image; 3 int32 tensors for BERT; fp32 results).
  * "params" in the check table = sum(weightBytes) / 4; MACs = sum of
    conv/fc/matmul flops / 2.

Kernel fusion (what a runtime with epilogue fusion, e.g. TensorRT, merges
beyond the BN/activation folding above; modelbuilder.ModelBuilder.finalize):
  * "fusion": "epilogue", "fusedInto": <layer> on an element-wise layer
    (residual add, stand-alone activation) that reads the output of the layer
    emitted just before it -- a conv, fc, matmul or fused element-wise layer
    -- as that output's only reader, with as many output elements: it runs
    as that kernel's epilogue.  "fusionSavedBytes" = 2 x the intermediate
    tensor's bytes (its write and its re-read are saved).
  * "fusion": "elided" on a concatenation: its inputs are written in place,
    so it moves nothing; "fusionSavedBytes" = its input + output bytes.
  * Such a runtime launches one kernel per layer without "fusion"; the check
    table's "kernels" column counts them.  Runtimes without graph fusion
    (ncnn, TFLite, ...) run every layer as a kernel of its own.
  * "winograd": true on 3x3 stride-1 dense convolutions with at least 16
    input and output channels: the layers CPU runtimes run with Winograd's
    algorithm, which needs fewer multiplications than the direct count.
"""

import argparse
import json
import os
import sys

sys.dont_write_bytecode = True  # keep the repo free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from architectures import MODELS, bert_macs_closed_form  # noqa: E402

REPO = os.path.dirname(HERE)
DEFAULT_OUTPUT = os.path.join(REPO, "data", "models.json")
TOLERANCE = 0.03

NOTE = ("All bytes are at fp32 (4 B per element) and other precisions scale by "
        "element size; flops = 2 x MACs for conv/fc/matmul and per-element op "
        "counts for the other layer kinds, batch 1.")

# Published totals: (GMACs, M params, where from).  None = not compared.
PUBLISHED = {
    "alexnet": (0.714, 61.10, "torchvision"),
    "vgg16": (15.47, 138.36, "torchvision"),
    "resnet18": (1.814, 11.69, "torchvision"),
    "resnet50": (4.089, 25.56, "torchvision"),
    "mobilenet-v2": (0.301, 3.50, "torchvision"),
    "mobilenet-v3-large": (0.217, 5.48, "torchvision"),
    "inception-v3": (5.713, 27.16, "torchvision, params incl. AuxLogits"),
    "efficientnet-b0": (0.39, 5.29, "torchvision"),
    "yolov5s": (8.25, 7.235, "Ultralytics 16.5 GFLOPs"),
    "yolov8n": (4.35, 3.157, "Ultralytics 8.7 GFLOPs"),
    "yolov3-tiny": (2.78, 8.85, "darknet 5.56 BFLOPs"),
    # ~1.2 GMACs / ~6.8 M for the TF OD API model; the precise MAC figure is
    # the MLPerf Inference paper's 2.47 GOPs per 300x300 input.
    "ssd-mobilenet-v1": (2.47 / 2, 6.8, "MLPerf 2.47 GOPs; TF OD API ~6.8 M"),
    "bert-base": (11.2, 109.5, "Google BERT-Base"),
    # GMACs: closed form in architectures.bert_macs_closed_form;
    # params: BERT-Large uncased 335.1 M (with pooler) + 2,050 span head.
    "bert-large": (bert_macs_closed_form(384, 24, 1024, 4096, 2) / 1e9, 335.1 + 2050 / 1e6,
                   "closed-form MACs; 335.1 M + head"),
}


def build_all():
    return [fn().finalize() for fn in MODELS]


def render(builders):
    doc = {
        "schema": "r3d-models/1",
        "generatedBy": "generator/generate-models.py",
        "note": NOTE,
        "models": [b.to_json() for b in builders],
    }
    return json.dumps(doc, indent=1, ensure_ascii=True) + "\n"


def check_totals(builders):
    """Print the comparison table; return True if every model is within 3 %."""
    ok = True
    header = f"{'model':<20}{'layers':>7}{'kernels':>8}{'GMACs':>10}{'Mparams':>10}  {'pub GMACs':>10}{'pub Mparams':>12}{'err MACs':>10}{'err par':>9}  note"
    print(header)
    print("-" * len(header))
    for b in builders:
        gmacs, mparams = b.macs / 1e9, b.params / 1e6
        pub_gmacs, pub_mparams, where = PUBLISHED[b.name]
        # Published Inception-v3 params include the training-only AuxLogits.
        compared_mparams = (b.params + b.dropped_params) / 1e6
        err_macs = gmacs / pub_gmacs - 1
        err_params = compared_mparams / pub_mparams - 1
        bad = abs(err_macs) > TOLERANCE or abs(err_params) > TOLERANCE
        ok &= not bad
        note = where
        if b.dropped_params:
            note += f" (+{b.dropped_params / 1e6:.2f} M not in layers)"
        print(f"{b.name:<20}{len(b.layers):>7}{b.fused_kernels:>8}{gmacs:>10.3f}{mparams:>10.3f}  "
              f"{pub_gmacs:>10.3f}{pub_mparams:>12.3f}{err_macs:>+10.2%}{err_params:>+9.2%}  "
              f"{'FAIL ' if bad else ''}{note}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=DEFAULT_OUTPUT,
                        help="where to write the JSON (default: data/models.json)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 3 if the output file differs from what would be generated")
    args = parser.parse_args()

    builders = build_all()
    text = render(builders)
    if not check_totals(builders):
        print(f"error: totals off by more than {TOLERANCE:.0%}; nothing written", file=sys.stderr)
        return 1

    if args.check:
        try:
            with open(args.output, encoding="utf-8") as f:
                current = f.read()
        except FileNotFoundError:
            current = None
        if current != text:
            print(f"error: {args.output} is out of date; run generator/generate-models.py", file=sys.stderr)
            return 3
        print(f"{args.output} is up to date")
        return 0

    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {args.output} ({len(builders)} models, {sum(len(b.layers) for b in builders)} layers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
