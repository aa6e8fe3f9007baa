"""Architecture definitions for generate-models.py: one function per model.

Each function declares the network with the ModelBuilder from modelbuilder.py
and returns the builder; all per-layer numbers come from shape inference.
Layer names follow the reference implementation's module names where one
exists (torchvision / Ultralytics / HF BERT / TF OD API / darknet index).
"""

from modelbuilder import ModelBuilder, image_model, make_divisible

IMAGENET_CLASSES = 1000
CLASSIFIER_RESULT = 4 * IMAGENET_CLASSES  # fp32 logits
DETECTOR_RESULT = 100 * 6 * 4  # 100 detections x (x1, y1, x2, y2, score, class) fp32


# ---------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------

def alexnet():
    b = image_model("alexnet", "classification", "torchvision alexnet definition",
                    3, 224, 224, CLASSIFIER_RESULT)
    x = b.input(3, 224, 224)
    with b.scope("features"):  # torchvision indices; ReLUs fused into the convs
        x = b.conv(x, 64, 11, s=4, p=2, bias=True, bn=False, name="0")
        x = b.maxpool(x, 3, 2, name="2")
        x = b.conv(x, 192, 5, p=2, bias=True, bn=False, name="3")
        x = b.maxpool(x, 3, 2, name="5")
        x = b.conv(x, 384, 3, bias=True, bn=False, name="6")
        x = b.conv(x, 256, 3, bias=True, bn=False, name="8")
        x = b.conv(x, 256, 3, bias=True, bn=False, name="10")
        x = b.maxpool(x, 3, 2, name="12")
    x = b.flatten(b.adaptive_avgpool(x, 6, 6))  # 6x6 already: identity, dropped
    with b.scope("classifier"):
        x = b.linear(x, 4096, name="1")
        x = b.linear(x, 4096, name="4")
        b.linear(x, IMAGENET_CLASSES, name="6")
    return b


def vgg16():
    b = image_model("vgg16", "classification", "torchvision vgg16 definition (configuration D, no BN)",
                    3, 224, 224, CLASSIFIER_RESULT)
    x = b.input(3, 224, 224)
    cfg = [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]
    index = 0  # torchvision features.N index (conv, relu, ... , maxpool)
    with b.scope("features"):
        for v in cfg:
            if v == "M":
                x = b.maxpool(x, 2, 2, name=str(index))
                index += 1
            else:
                x = b.conv(x, v, 3, p=1, bias=True, bn=False, name=str(index))
                index += 2
    x = b.flatten(b.adaptive_avgpool(x, 7, 7))  # 7x7 already: identity
    with b.scope("classifier"):
        x = b.linear(x, 4096, name="0")
        x = b.linear(x, 4096, name="3")
        b.linear(x, IMAGENET_CLASSES, name="6")
    return b


def _basic_block(b, x, planes, stride):
    identity = x
    out = b.conv(x, planes, 3, s=stride, name="conv1")
    out = b.conv(out, planes, 3, name="conv2")
    if stride != 1 or x.shape[0] != planes:
        identity = b.conv(x, planes, 1, s=stride, name="downsample.0")
    out = b.add(out, identity, name="add")
    return b.act(out, name="relu")  # ReLU after the residual add: its own eltwise


def _bottleneck(b, x, planes, stride):
    # torchvision ResNet v1.5: the stride sits on the 3x3 conv
    identity = x
    out = b.conv(x, planes, 1, name="conv1")
    out = b.conv(out, planes, 3, s=stride, name="conv2")
    out = b.conv(out, planes * 4, 1, name="conv3")
    if stride != 1 or x.shape[0] != planes * 4:
        identity = b.conv(x, planes * 4, 1, s=stride, name="downsample.0")
    out = b.add(out, identity, name="add")
    return b.act(out, name="relu")


def _resnet(name, block, blocks):
    b = image_model(name, "classification", f"torchvision {name} definition",
                    3, 224, 224, CLASSIFIER_RESULT)
    x = b.input(3, 224, 224)
    x = b.conv(x, 64, 7, s=2, p=3, name="conv1")
    x = b.maxpool(x, 3, 2, p=1, name="maxpool")
    for stage, (planes, count) in enumerate(zip((64, 128, 256, 512), blocks), start=1):
        for i in range(count):
            stride = 2 if stage > 1 and i == 0 else 1
            with b.scope(f"layer{stage}.{i}"):
                x = block(b, x, planes, stride)
    x = b.flatten(b.global_avgpool(x, name="avgpool"))
    b.linear(x, IMAGENET_CLASSES, name="fc")
    return b


def resnet18():
    return _resnet("resnet18", _basic_block, (2, 2, 2, 2))


def resnet50():
    return _resnet("resnet50", _bottleneck, (3, 4, 6, 3))


def mobilenet_v2():
    b = image_model("mobilenet-v2", "classification", "torchvision mobilenet_v2 definition (width 1.0)",
                    3, 224, 224, CLASSIFIER_RESULT)
    x = b.input(3, 224, 224)
    settings = [  # t (expansion), c (out channels), n (repeats), s (first stride)
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
        (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ]
    with b.scope("features"):
        x = b.conv(x, 32, 3, s=2, name="0")
        index = 1
        for t, c, n, s in settings:
            for i in range(n):
                with b.scope(f"{index}.conv"):
                    inp, hidden, stride = x.shape[0], x.shape[0] * t, s if i == 0 else 1
                    y = x
                    if t != 1:
                        y = b.conv(y, hidden, 1, name="expand")
                    y = b.conv(y, hidden, 3, s=stride, groups=hidden, name="dw")
                    y = b.conv(y, c, 1, name="project")  # linear bottleneck: no activation
                    if stride == 1 and inp == c:
                        y = b.add(x, y, name="add")
                x = y
                index += 1
        x = b.conv(x, 1280, 1, name=str(index))
    x = b.flatten(b.global_avgpool(x, name="avgpool"))
    b.linear(x, IMAGENET_CLASSES, name="classifier.1")
    return b


def _squeeze_excitation(b, x, squeeze):
    """SE block: pool -> 1x1 conv (act) -> 1x1 conv (gate) -> channel scale."""
    with b.scope("se"):
        s = b.global_avgpool(x, name="avgpool")
        s = b.conv(s, squeeze, 1, bias=True, bn=False, name="fc1")
        s = b.conv(s, x.shape[0], 1, bias=True, bn=False, name="fc2")
        return b.mul(x, s, name="scale")


def mobilenet_v3_large():
    b = image_model("mobilenet-v3-large", "classification",
                    "torchvision mobilenet_v3_large definition (SE, hardswish)",
                    3, 224, 224, CLASSIFIER_RESULT)
    x = b.input(3, 224, 224)
    # (kernel, expanded, out, use_se, stride); RE/HS activations are fused
    config = [
        (3, 16, 16, False, 1), (3, 64, 24, False, 2), (3, 72, 24, False, 1),
        (5, 72, 40, True, 2), (5, 120, 40, True, 1), (5, 120, 40, True, 1),
        (3, 240, 80, False, 2), (3, 200, 80, False, 1), (3, 184, 80, False, 1),
        (3, 184, 80, False, 1), (3, 480, 112, True, 1), (3, 672, 112, True, 1),
        (5, 672, 160, True, 2), (5, 960, 160, True, 1), (5, 960, 160, True, 1),
    ]
    with b.scope("features"):
        x = b.conv(x, 16, 3, s=2, name="0")
        for index, (k, exp, out, use_se, stride) in enumerate(config, start=1):
            with b.scope(f"{index}.block"):
                inp, y = x.shape[0], x
                if exp != inp:
                    y = b.conv(y, exp, 1, name="expand")
                y = b.conv(y, exp, k, s=stride, groups=exp, name="dw")
                if use_se:
                    y = _squeeze_excitation(b, y, make_divisible(exp // 4, 8))
                y = b.conv(y, out, 1, name="project")
                if stride == 1 and inp == out:
                    y = b.add(x, y, name="add")
            x = y
        x = b.conv(x, 6 * 160, 1, name=str(len(config) + 1))
    x = b.flatten(b.global_avgpool(x, name="avgpool"))
    with b.scope("classifier"):
        x = b.linear(x, 1280, name="0")
        b.linear(x, IMAGENET_CLASSES, name="3")
    return b


def efficientnet_b0():
    b = image_model("efficientnet-b0", "classification", "torchvision efficientnet_b0 definition",
                    3, 224, 224, CLASSIFIER_RESULT)
    x = b.input(3, 224, 224)
    # MBConv stages: (expand_ratio, kernel, stride, out_channels, repeats)
    stages = [(1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3),
              (6, 5, 1, 112, 3), (6, 5, 2, 192, 4), (6, 3, 1, 320, 1)]
    with b.scope("features"):
        x = b.conv(x, 32, 3, s=2, name="0")
        for stage, (t, k, s, out, n) in enumerate(stages, start=1):
            for i in range(n):
                with b.scope(f"{stage}.{i}.block"):
                    inp, y, stride = x.shape[0], x, s if i == 0 else 1
                    exp = make_divisible(inp * t, 8)
                    if exp != inp:
                        y = b.conv(y, exp, 1, name="expand")
                    y = b.conv(y, exp, k, s=stride, groups=exp, name="dw")
                    # torchvision: squeeze width from the block *input* channels
                    y = _squeeze_excitation(b, y, max(1, inp // 4))
                    y = b.conv(y, out, 1, name="project")
                    if stride == 1 and inp == out:
                        y = b.add(x, y, name="add")  # stochastic depth is identity at inference
                x = y
        x = b.conv(x, 4 * 320, 1, name=str(len(stages) + 1))
    x = b.flatten(b.global_avgpool(x, name="avgpool"))
    b.linear(x, IMAGENET_CLASSES, name="classifier.1")
    return b


# ----- Inception-v3 (torchvision; BasicConv2d = conv + BN + ReLU, default padding 0)

def _inception_a(b, x, pool_features):
    b1 = b.conv(x, 64, 1, name="branch1x1")
    b5 = b.conv(x, 48, 1, name="branch5x5_1")
    b5 = b.conv(b5, 64, 5, p=2, name="branch5x5_2")
    b3 = b.conv(x, 64, 1, name="branch3x3dbl_1")
    b3 = b.conv(b3, 96, 3, p=1, name="branch3x3dbl_2")
    b3 = b.conv(b3, 96, 3, p=1, name="branch3x3dbl_3")
    bp = b.avgpool(x, 3, 1, p=1, name="avgpool")
    bp = b.conv(bp, pool_features, 1, name="branch_pool")
    return b.concat([b1, b5, b3, bp], name="concat")


def _inception_b(b, x):
    b3 = b.conv(x, 384, 3, s=2, p=0, name="branch3x3")
    bd = b.conv(x, 64, 1, name="branch3x3dbl_1")
    bd = b.conv(bd, 96, 3, p=1, name="branch3x3dbl_2")
    bd = b.conv(bd, 96, 3, s=2, p=0, name="branch3x3dbl_3")
    bp = b.maxpool(x, 3, 2, name="maxpool")
    return b.concat([b3, bd, bp], name="concat")


def _inception_c(b, x, c7):
    b1 = b.conv(x, 192, 1, name="branch1x1")
    b7 = b.conv(x, c7, 1, name="branch7x7_1")
    b7 = b.conv(b7, c7, (1, 7), p=(0, 3), name="branch7x7_2")
    b7 = b.conv(b7, 192, (7, 1), p=(3, 0), name="branch7x7_3")
    bd = b.conv(x, c7, 1, name="branch7x7dbl_1")
    bd = b.conv(bd, c7, (7, 1), p=(3, 0), name="branch7x7dbl_2")
    bd = b.conv(bd, c7, (1, 7), p=(0, 3), name="branch7x7dbl_3")
    bd = b.conv(bd, c7, (7, 1), p=(3, 0), name="branch7x7dbl_4")
    bd = b.conv(bd, 192, (1, 7), p=(0, 3), name="branch7x7dbl_5")
    bp = b.avgpool(x, 3, 1, p=1, name="avgpool")
    bp = b.conv(bp, 192, 1, name="branch_pool")
    return b.concat([b1, b7, bd, bp], name="concat")


def _inception_d(b, x):
    b3 = b.conv(x, 192, 1, name="branch3x3_1")
    b3 = b.conv(b3, 320, 3, s=2, p=0, name="branch3x3_2")
    b7 = b.conv(x, 192, 1, name="branch7x7x3_1")
    b7 = b.conv(b7, 192, (1, 7), p=(0, 3), name="branch7x7x3_2")
    b7 = b.conv(b7, 192, (7, 1), p=(3, 0), name="branch7x7x3_3")
    b7 = b.conv(b7, 192, 3, s=2, p=0, name="branch7x7x3_4")
    bp = b.maxpool(x, 3, 2, name="maxpool")
    return b.concat([b3, b7, bp], name="concat")


def _inception_e(b, x):
    b1 = b.conv(x, 320, 1, name="branch1x1")
    b3 = b.conv(x, 384, 1, name="branch3x3_1")
    b3a = b.conv(b3, 384, (1, 3), p=(0, 1), name="branch3x3_2a")
    b3b = b.conv(b3, 384, (3, 1), p=(1, 0), name="branch3x3_2b")
    bd = b.conv(x, 448, 1, name="branch3x3dbl_1")
    bd = b.conv(bd, 384, 3, p=1, name="branch3x3dbl_2")
    bda = b.conv(bd, 384, (1, 3), p=(0, 1), name="branch3x3dbl_3a")
    bdb = b.conv(bd, 384, (3, 1), p=(1, 0), name="branch3x3dbl_3b")
    bp = b.avgpool(x, 3, 1, p=1, name="avgpool")
    bp = b.conv(bp, 192, 1, name="branch_pool")
    # torchvision nests two inner cats in the outer one; a runtime writes all
    # six branch outputs straight into one buffer, so a single concat here.
    return b.concat([b1, b3a, b3b, bda, bdb, bp], name="concat")


def inception_v3():
    b = image_model("inception-v3", "classification",
                    "torchvision inception_v3 definition (AuxLogits not run at inference)",
                    3, 299, 299, CLASSIFIER_RESULT)
    x = b.input(3, 299, 299)
    x = b.conv(x, 32, 3, s=2, p=0, name="Conv2d_1a_3x3")
    x = b.conv(x, 32, 3, p=0, name="Conv2d_2a_3x3")
    x = b.conv(x, 64, 3, p=1, name="Conv2d_2b_3x3")
    x = b.maxpool(x, 3, 2, name="maxpool1")
    x = b.conv(x, 80, 1, name="Conv2d_3b_1x1")
    x = b.conv(x, 192, 3, p=0, name="Conv2d_4a_3x3")
    x = b.maxpool(x, 3, 2, name="maxpool2")
    for name, pool_features in (("Mixed_5b", 32), ("Mixed_5c", 64), ("Mixed_5d", 64)):
        with b.scope(name):
            x = _inception_a(b, x, pool_features)
    with b.scope("Mixed_6a"):
        x = _inception_b(b, x)
    for name, c7 in (("Mixed_6b", 128), ("Mixed_6c", 160), ("Mixed_6d", 160), ("Mixed_6e", 192)):
        with b.scope(name):
            x = _inception_c(b, x, c7)
    # AuxLogits hangs off Mixed_6e and is only evaluated in training mode: its
    # trainable parameters are tallied (the published 27.16 M includes them)
    # but it emits no layers.
    with b.dropped(), b.scope("AuxLogits"):
        a = b.avgpool(x, 5, 3, name="avgpool")
        a = b.conv(a, 128, 1, name="conv0")
        a = b.conv(a, 768, 5, p=0, name="conv1")
        a = b.flatten(b.adaptive_avgpool(a, 1, 1))
        b.linear(a, IMAGENET_CLASSES, name="fc")
    with b.scope("Mixed_7a"):
        x = _inception_d(b, x)
    for name in ("Mixed_7b", "Mixed_7c"):
        with b.scope(name):
            x = _inception_e(b, x)
    x = b.flatten(b.global_avgpool(x, name="avgpool"))
    b.linear(x, IMAGENET_CLASSES, name="fc")
    return b


# ---------------------------------------------------------------------------
# Detection
# ---------------------------------------------------------------------------

COCO_CLASSES = 80


def _yolo_conv(b, x, c2, k=1, s=1, p=None, name="conv"):
    """Ultralytics Conv: Conv2d(bias=False) + BN + SiLU, autopad k//2."""
    return b.conv(x, c2, k, s=s, p=p, name=name)


def _yolo_bottleneck(b, x, c2, shortcut, k=(1, 3)):
    y = _yolo_conv(b, x, c2, k[0], name="cv1")
    y = _yolo_conv(b, y, c2, k[1], name="cv2")
    if shortcut and x.shape[0] == c2:
        y = b.add(x, y, name="add")
    return y


def _c3(b, x, c2, n, shortcut=True):
    """YOLOv5 C3: cv3(cat(m(cv1(x)), cv2(x))), hidden width c2/2."""
    c_ = c2 // 2
    y1 = _yolo_conv(b, x, c_, name="cv1")
    for i in range(n):
        with b.scope(f"m.{i}"):
            y1 = _yolo_bottleneck(b, y1, c_, shortcut)
    y2 = _yolo_conv(b, x, c_, name="cv2")
    return _yolo_conv(b, b.concat([y1, y2], name="cat"), c2, name="cv3")


def _c2f(b, x, c2, n, shortcut=False):
    """YOLOv8 C2f: cv1 -> split in two -> n bottlenecks chained on the last
    chunk -> cv2(cat(all chunks)).  The split is a free view."""
    c = c2 // 2
    y = _yolo_conv(b, x, 2 * c, name="cv1")
    parts = [y]
    last = b.chunk(y, 2)[1]
    for i in range(n):
        with b.scope(f"m.{i}"):
            last = _yolo_bottleneck(b, last, c, shortcut, k=(3, 3))
        parts.append(last)
    return _yolo_conv(b, b.concat(parts, name="cat"), c2, name="cv2")


def _sppf(b, x, c2):
    c_ = x.shape[0] // 2
    x = _yolo_conv(b, x, c_, name="cv1")
    y1 = b.maxpool(x, 5, 1, p=2, name="m.0")
    y2 = b.maxpool(y1, 5, 1, p=2, name="m.1")
    y3 = b.maxpool(y2, 5, 1, p=2, name="m.2")
    return _yolo_conv(b, b.concat([x, y1, y2, y3], name="cat"), c2, name="cv2")


def yolov5s():
    b = image_model("yolov5s", "detection",
                    "Ultralytics YOLOv5 v6.x yolov5s.yaml (depth 0.33, width 0.50, 80 classes, Detect head)",
                    3, 640, 640, DETECTOR_RESULT)
    gd, gw = 0.33, 0.50
    ch = lambda c: make_divisible(c * gw, 8)  # noqa: E731  channel scaling
    depth = lambda n: max(round(n * gd), 1)  # noqa: E731  repeat scaling
    x = b.input(3, 640, 640)
    out = []  # model.N outputs, for the yaml's "from" indices

    def mod(i, fn):
        with b.scope(f"model.{i}"):
            out.append(fn())
        return out[-1]

    # backbone
    x = mod(0, lambda: _yolo_conv(b, x, ch(64), 6, 2, p=2, name="conv"))  # 6x6 s2 p2 stem (v6.0)
    x = mod(1, lambda: _yolo_conv(b, x, ch(128), 3, 2, name="conv"))
    x = mod(2, lambda: _c3(b, x, ch(128), depth(3)))
    x = mod(3, lambda: _yolo_conv(b, x, ch(256), 3, 2, name="conv"))
    x = mod(4, lambda: _c3(b, x, ch(256), depth(6)))
    x = mod(5, lambda: _yolo_conv(b, x, ch(512), 3, 2, name="conv"))
    x = mod(6, lambda: _c3(b, x, ch(512), depth(9)))
    x = mod(7, lambda: _yolo_conv(b, x, ch(1024), 3, 2, name="conv"))
    x = mod(8, lambda: _c3(b, x, ch(1024), depth(3)))
    x = mod(9, lambda: _sppf(b, x, ch(1024)))
    # head (PANet)
    x = mod(10, lambda: _yolo_conv(b, x, ch(512), 1, 1, name="conv"))
    x = mod(11, lambda: b.upsample(x, 2, name="up"))
    x = mod(12, lambda: b.concat([x, out[6]], name="cat"))
    x = mod(13, lambda: _c3(b, x, ch(512), depth(3), shortcut=False))
    x = mod(14, lambda: _yolo_conv(b, x, ch(256), 1, 1, name="conv"))
    x = mod(15, lambda: b.upsample(x, 2, name="up"))
    x = mod(16, lambda: b.concat([x, out[4]], name="cat"))
    x = mod(17, lambda: _c3(b, x, ch(256), depth(3), shortcut=False))
    x = mod(18, lambda: _yolo_conv(b, x, ch(256), 3, 2, name="conv"))
    x = mod(19, lambda: b.concat([x, out[14]], name="cat"))
    x = mod(20, lambda: _c3(b, x, ch(512), depth(3), shortcut=False))
    x = mod(21, lambda: _yolo_conv(b, x, ch(512), 3, 2, name="conv"))
    x = mod(22, lambda: b.concat([x, out[10]], name="cat"))
    x = mod(23, lambda: _c3(b, x, ch(1024), depth(3), shortcut=False))
    # Detect: per level a 1x1 conv to 3 anchors x (5 + classes), then the
    # sigmoid + grid/anchor decode (exported as element-wise ops), then one cat.
    no, na = COCO_CLASSES + 5, 3
    with b.scope("model.24"):
        preds = []
        for i, level in enumerate((17, 20, 23)):
            p = b.conv(out[level], na * no, 1, bias=True, bn=False, name=f"m.{i}")
            p = b.act(p, name=f"decode.{i}")
            preds.append(b.view(p, -1, no))
        b.concat(preds, name="cat")
    return b


def yolov8n():
    b = image_model("yolov8n", "detection",
                    "Ultralytics YOLOv8 yolov8.yaml scale n (depth 0.33, width 0.25, max 1024; 80 classes, DFL Detect head)",
                    3, 640, 640, DETECTOR_RESULT)
    gd, gw, max_ch = 0.33, 0.25, 1024
    ch = lambda c: make_divisible(min(c, max_ch) * gw, 8)  # noqa: E731
    depth = lambda n: max(round(n * gd), 1)  # noqa: E731
    x = b.input(3, 640, 640)
    out = []

    def mod(i, fn):
        with b.scope(f"model.{i}"):
            out.append(fn())
        return out[-1]

    x = mod(0, lambda: _yolo_conv(b, x, ch(64), 3, 2, name="conv"))
    x = mod(1, lambda: _yolo_conv(b, x, ch(128), 3, 2, name="conv"))
    x = mod(2, lambda: _c2f(b, x, ch(128), depth(3), shortcut=True))
    x = mod(3, lambda: _yolo_conv(b, x, ch(256), 3, 2, name="conv"))
    x = mod(4, lambda: _c2f(b, x, ch(256), depth(6), shortcut=True))
    x = mod(5, lambda: _yolo_conv(b, x, ch(512), 3, 2, name="conv"))
    x = mod(6, lambda: _c2f(b, x, ch(512), depth(6), shortcut=True))
    x = mod(7, lambda: _yolo_conv(b, x, ch(1024), 3, 2, name="conv"))
    x = mod(8, lambda: _c2f(b, x, ch(1024), depth(3), shortcut=True))
    x = mod(9, lambda: _sppf(b, x, ch(1024)))
    x = mod(10, lambda: b.upsample(x, 2, name="up"))
    x = mod(11, lambda: b.concat([x, out[6]], name="cat"))
    x = mod(12, lambda: _c2f(b, x, ch(512), depth(3)))
    x = mod(13, lambda: b.upsample(x, 2, name="up"))
    x = mod(14, lambda: b.concat([x, out[4]], name="cat"))
    x = mod(15, lambda: _c2f(b, x, ch(256), depth(3)))
    x = mod(16, lambda: _yolo_conv(b, x, ch(256), 3, 2, name="conv"))
    x = mod(17, lambda: b.concat([x, out[12]], name="cat"))
    x = mod(18, lambda: _c2f(b, x, ch(512), depth(3)))
    x = mod(19, lambda: _yolo_conv(b, x, ch(512), 3, 2, name="conv"))
    x = mod(20, lambda: b.concat([x, out[9]], name="cat"))
    x = mod(21, lambda: _c2f(b, x, ch(1024), depth(3)))
    # Detect (anchor-free, decoupled): per level a box branch (2x Conv3x3 ->
    # 1x1 to 4*reg_max) and a class branch (2x Conv3x3 -> 1x1 to nc).
    levels = [out[15], out[18], out[21]]
    reg_max, nc = 16, COCO_CLASSES
    c2 = max(16, levels[0].shape[0] // 4, reg_max * 4)
    c3 = max(levels[0].shape[0], min(nc, 100))
    with b.scope("model.22"):
        boxes, scores = [], []
        for i, feat in enumerate(levels):
            y = _yolo_conv(b, feat, c2, 3, name=f"cv2.{i}.0")
            y = _yolo_conv(b, y, c2, 3, name=f"cv2.{i}.1")
            y = b.conv(y, 4 * reg_max, 1, bias=True, bn=False, name=f"cv2.{i}.2")
            boxes.append(b.view(y, 4 * reg_max, -1))
            y = _yolo_conv(b, feat, c3, 3, name=f"cv3.{i}.0")
            y = _yolo_conv(b, y, c3, 3, name=f"cv3.{i}.1")
            y = b.conv(y, nc, 1, bias=True, bn=False, name=f"cv3.{i}.2")
            scores.append(b.view(y, nc, -1))
        box = b.concat(boxes, axis=1, name="cat_box")
        cls = b.concat(scores, axis=1, name="cat_cls")
        anchors = box.shape[1]
        # DFL: softmax over reg_max bins, then a fixed 1x1 conv (16 weights,
        # arange(16), counted in the published 3,157,200) = expected distance.
        dist = b.softmax(b.view(box, reg_max, 4, anchors), name="dfl.softmax")
        dist = b.conv(dist, 1, 1, bias=False, bn=False, name="dfl.conv")
        bbox = b.act(b.view(dist, 4, anchors), name="dist2bbox")
        cls = b.act(cls, name="sigmoid")
        b.concat([bbox, cls], name="cat")
    return b


def yolov3_tiny():
    b = image_model("yolov3-tiny", "detection",
                    "darknet yolov3-tiny.cfg (416x416, 80 classes, 2 YOLO heads)",
                    3, 416, 416, DETECTOR_RESULT)
    x = b.input(3, 416, 416)
    no = 3 * (COCO_CLASSES + 5)  # 3 anchors per head x (5 + classes) = 255
    outs = []

    def conv(i, t, c, k):  # [convolutional] batch_normalize=1 pad=1 leaky
        outs.append(b.conv(t, c, k, name=f"{i}.conv"))
        return outs[-1]

    def pool(i, t, s):  # [maxpool] size=2; the stride-1 one pads right/bottom by 1
        outs.append(b.maxpool(t, 2, s, p=0 if s == 2 else (0, 1, 0, 1), name=f"{i}.maxpool"))
        return outs[-1]

    x = conv(0, x, 16, 3); x = pool(1, x, 2)  # noqa: E702
    x = conv(2, x, 32, 3); x = pool(3, x, 2)  # noqa: E702
    x = conv(4, x, 64, 3); x = pool(5, x, 2)  # noqa: E702
    x = conv(6, x, 128, 3); x = pool(7, x, 2)  # noqa: E702
    x = conv(8, x, 256, 3); x = pool(9, x, 2)  # noqa: E702
    x = conv(10, x, 512, 3); x = pool(11, x, 1)  # noqa: E702
    x = conv(12, x, 1024, 3)
    x = conv(13, x, 256, 1)
    x = conv(14, x, 512, 3)
    p1 = b.conv(x, no, 1, bias=True, bn=False, name="15.conv")  # linear activation
    p1 = b.act(p1, name="16.yolo")  # logistic + anchor decode
    x = b.conv(outs[13], 128, 1, name="18.conv")  # [route] layers=-4
    x = b.upsample(x, 2, name="19.upsample")
    x = b.concat([x, outs[8]], name="20.route")  # [route] layers=-1,8
    x = b.conv(x, 256, 3, name="21.conv")
    p2 = b.conv(x, no, 1, bias=True, bn=False, name="22.conv")
    p2 = b.act(p2, name="23.yolo")
    b.concat([b.view(p1, -1, no // 3), b.view(p2, -1, no // 3)], name="detections.cat")
    return b


def ssd_mobilenet_v1():
    """TF Object Detection API ssd_mobilenet_v1_coco, exactly as modelled here:

    * input 300x300x3, all convs use TF 'SAME' padding; every backbone/extra
      conv is conv(no bias) + BatchNorm(scale+center) + ReLU6.
    * backbone: MobileNetV1 depth_multiplier 1.0 up to Conv2d_13_pointwise:
      Conv2d_0 3x3/2 32, then 13 depthwise-3x3 + pointwise-1x1 pairs with
      (stride, depth) = (1,64) (2,128) (1,128) (2,256) (1,256) (2,512)
      5x(1,512) (2,1024) (1,1024).  No classifier.
    * feature maps: Conv2d_11_pointwise (19x19x512), Conv2d_13_pointwise
      (10x10x1024), plus 4 extra layers, each 1x1 conv to depth/2 then 3x3/2
      conv to depth, depth = 512, 256, 256, 128 (5x5, 3x3, 2x2, 1x1).
    * anchors per location: 3 on the 19x19 map (reduce_boxes_in_lowest_layer),
      6 on the others -> 1917 anchors.
    * ConvolutionalBoxPredictor, kernel 1, num_layers_before_predictor 0:
      per map a 1x1 conv (bias, no BN/activation) to anchors*4 box codes and
      one to anchors*91 class scores (90 COCO classes + background).
    * post-processing: concat of all maps, then sigmoid + box decode as one
      element-wise layer; NMS is not modelled.
    """
    b = image_model("ssd-mobilenet-v1", "detection",
                    "TF Object Detection API ssd_mobilenet_v1_coco (MobileNetV1 1.0 + 4 extra layers + 1x1 box predictors, 91 class slots)",
                    3, 300, 300, DETECTOR_RESULT)
    x = b.input(3, 300, 300)
    features = []
    with b.scope("FeatureExtractor.MobilenetV1"):
        x = b.conv(x, 32, 3, s=2, p="same", name="Conv2d_0")
        blocks = [(1, 64), (2, 128), (1, 128), (2, 256), (1, 256), (2, 512),
                  (1, 512), (1, 512), (1, 512), (1, 512), (1, 512), (2, 1024), (1, 1024)]
        for i, (s, depth) in enumerate(blocks, start=1):
            x = b.conv(x, x.shape[0], 3, s=s, p="same", groups=x.shape[0], name=f"Conv2d_{i}_depthwise")
            x = b.conv(x, depth, 1, p="same", name=f"Conv2d_{i}_pointwise")
            if i in (11, 13):
                features.append(x)
        for j, depth in enumerate((512, 256, 256, 128), start=2):
            x = b.conv(x, depth // 2, 1, p="same", name=f"Conv2d_13_pointwise_1_Conv2d_{j}_1x1_{depth // 2}")
            x = b.conv(x, depth, 3, s=2, p="same", name=f"Conv2d_13_pointwise_2_Conv2d_{j}_3x3_s2_{depth}")
            features.append(x)
    class_slots = 90 + 1
    boxes, classes = [], []
    for i, feat in enumerate(features):
        anchors = 3 if i == 0 else 6
        with b.scope(f"BoxPredictor_{i}"):
            y = b.conv(feat, anchors * 4, 1, bias=True, bn=False, name="BoxEncodingPredictor")
            boxes.append(b.view(y, -1, 4))
            y = b.conv(feat, anchors * class_slots, 1, bias=True, bn=False, name="ClassPredictor")
            classes.append(b.view(y, -1, class_slots))
    with b.scope("Postprocessor"):
        box = b.concat(boxes, name="box_encodings")
        cls = b.concat(classes, name="class_predictions")
        b.act(b.concat([box, cls], axis=1, name="concat"), name="decode")
    return b


# ---------------------------------------------------------------------------
# NLP
# ---------------------------------------------------------------------------

BERT_VOCAB, BERT_MAX_POSITIONS, BERT_TYPE_VOCAB = 30522, 512, 2


def _bert_layer(b, x, heads):
    seq, hidden = x.shape
    d = hidden // heads
    with b.scope("attention.self"):
        q = b.linear(x, hidden, name="query")
        k = b.linear(x, hidden, name="key")
        v = b.linear(x, hidden, name="value")
        # head split/transposes are views; 1/sqrt(d) is folded into the matmul,
        # the additive mask into the softmax
        scores = b.matmul(b.view(q, heads, seq, d), b.view(k, heads, d, seq), name="scores")
        probs = b.softmax(scores, name="softmax")
        ctx = b.matmul(probs, b.view(v, heads, seq, d), name="context")
    with b.scope("attention.output"):
        y = b.linear(b.view(ctx, seq, hidden), hidden, name="dense")
        y = b.add(y, x, name="add")
        x = b.layernorm(y, name="LayerNorm")
    return x


def _bert_ffn(b, x, ffn):
    h = b.linear(x, ffn, name="intermediate.dense")  # GELU fused
    with b.scope("output"):
        y = b.linear(h, x.shape[1], name="dense")
        y = b.add(y, x, name="add")
        return b.layernorm(y, name="LayerNorm")


def _bert(name, source, seq, layers, hidden, heads, ffn, head, result_bytes):
    b = ModelBuilder(name, "nlp", source,
                     f"3x{seq} int32 (input_ids, attention_mask, token_type_ids)",
                     3 * 4 * seq, result_bytes)
    ids, types, positions = b.input(seq), b.input(seq), b.input(seq)
    with b.scope("embeddings"):
        w = b.embedding(ids, BERT_VOCAB, hidden, name="word_embeddings")
        p = b.embedding(positions, BERT_MAX_POSITIONS, hidden, name="position_embeddings")
        t = b.embedding(types, BERT_TYPE_VOCAB, hidden, name="token_type_embeddings")
        x = b.layernorm(b.add(w, p, t, name="add"), name="LayerNorm")
    for i in range(layers):
        with b.scope(f"encoder.layer.{i}"):
            x = _bert_layer(b, x, heads)
            x = _bert_ffn(b, x, ffn)
    if head == "pooler":
        cls = b.input(hidden)  # the [CLS] row of x: a free slice, no layer
        b.linear(cls, hidden, name="pooler.dense")  # tanh fused
    else:
        b.linear(x, 2, name="qa_outputs")  # SQuAD start/end logits per token
    return b


def bert_base():
    return _bert("bert-base", "Google BERT-Base uncased (HF BertModel layout, with pooler)",
                 seq=128, layers=12, hidden=768, heads=12, ffn=3072, head="pooler",
                 result_bytes=768 * 4)  # pooled [CLS] vector, fp32


def bert_large():
    return _bert("bert-large", "Google BERT-Large uncased + SQuAD span head (HF BertForQuestionAnswering layout, no pooler)",
                 seq=384, layers=24, hidden=1024, heads=16, ffn=4096, head="squad",
                 result_bytes=2 * 384 * 4)  # start + end logits, fp32


def bert_macs_closed_form(seq, layers, hidden, ffn, head_out):
    """Closed-form BERT MACs (independent of the builder), used to check it:

        MACs = L * ( S * (4*H*H + 2*H*F)      # Q, K, V, O projections + FFN
                     + 2 * S*S*H )             # QK^T and probs x V, all heads
               + S * H * head_out              # span head (or pooler: S=1)

    BERT-large, S=384, L=24, H=1024, F=4096, head 2:
        24 * (384 * 12,582,912 + 301,989,888) + 786,432 = 123,212,660,736
    """
    per_layer = seq * (4 * hidden * hidden + 2 * hidden * ffn) + 2 * seq * seq * hidden
    return layers * per_layer + seq * hidden * head_out


# Output order of data/models.json
MODELS = [
    alexnet, vgg16, resnet18, resnet50, mobilenet_v2, mobilenet_v3_large,
    inception_v3, efficientnet_b0, yolov5s, yolov8n, yolov3_tiny,
    ssd_mobilenet_v1, bert_base, bert_large,
]
