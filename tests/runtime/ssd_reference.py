#!/usr/bin/env python3
"""Checks the SSD replacement example's DetectionOutput in OpenVINO against a NumPy reference.

usage: ssd_reference.py NAME REPLACED.xml IMAGE.npy DECODED_DIR CONFIG.json
  REPLACED.xml  examples/replacement/ssd_tiny.onnx converted with ssd_postprocessing.json
  DECODED_DIR   `mo run` of the same model converted without the config (its own decoding block,
                checked against ONNX Runtime elsewhere): boxes [1,32,4] and scores [1,32,3]
  CONFIG.json   the replacement config (DetectionOutput's attributes from custom_attributes)
The reference follows docs/ops/detection/DetectionOutput_1.md on the already decoded boxes:
per class except the background, candidates above confidence_threshold, the top_k best, greedy
NMS at nms_threshold (IoU of normalized boxes); then the keep_top_k best over all classes, boxes
clipped to [0, 1] (clip_after_nms). Rows [image, label, confidence, xmin, ymin, xmax, ymax] are
compared as a set (sorted by label and confidence): the order of rows is not part of the check.
Prints one line like ov_check.py: OK or MISMATCH, READ/COMPILE/INFER with OpenVINO's message.
"""
import json
import sys

import numpy as np
import openvino as ov


def iou(a, b):
    iw = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = iw * ih
    area = lambda r: max(0.0, r[2] - r[0]) * max(0.0, r[3] - r[1])  # noqa: E731
    union = area(a) + area(b) - inter
    return inter / union if union > 0 else 0.0


def reference(boxes, scores, attrs):
    dets = []
    for c in range(attrs["num_classes"]):
        if c == attrs["background_label_id"]:
            continue
        cand = [i for i in np.argsort(-scores[:, c], kind="stable") if scores[i, c] > attrs["confidence_threshold"]]
        cand = cand[: attrs["top_k"]]
        kept = []
        for i in cand:
            if all(iou(boxes[i], boxes[k]) <= attrs["nms_threshold"] for k in kept):
                kept.append(i)
        dets += [(c, float(scores[i, c]), i) for i in kept]
    keep = attrs["keep_top_k"][0]
    if 0 <= keep < len(dets):
        dets = sorted(dets, key=lambda d: -d[1])[:keep]
    rows = [[0, c, s] + list(np.clip(boxes[i], 0, 1)) for c, s, i in dets]
    return np.array(sorted(rows, key=lambda r: (r[1], -r[2])), np.float64).reshape(-1, 7)


def main():
    name, xml, image, decoded, config = sys.argv[1:6]
    attrs = json.load(open(config))[0]["custom_attributes"]
    man = json.load(open(f"{decoded}/manifest.json"))
    boxes = np.load(f"{decoded}/{man['boxes']}")[0].astype(np.float64)
    scores = np.load(f"{decoded}/{man['scores']}")[0].astype(np.float64)
    core = ov.Core()
    try:
        model = core.read_model(xml)
    except Exception as e:  # noqa: BLE001
        print(f"READ     {name}  {e}")
        return 1
    try:
        compiled = core.compile_model(model, "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
    except Exception as e:  # noqa: BLE001
        print(f"COMPILE  {name}  {e}")
        return 1
    try:
        out = compiled([np.load(image)])[compiled.outputs[0]]
    except Exception as e:  # noqa: BLE001
        print(f"INFER    {name}  {e}")
        return 1
    rows = out.reshape(-1, 7).astype(np.float64)
    valid = []
    for r in rows:
        if r[0] == -1:
            break
        valid.append(list(r))
    got = np.array(sorted(valid, key=lambda r: (r[1], -r[2])), np.float64).reshape(-1, 7)
    exp = reference(boxes, scores, attrs)
    if got.shape != exp.shape:
        print(f"MISMATCH {name}  {len(got)} detections, the reference has {len(exp)}")
        return 1
    err = float(np.max(np.abs(got - exp))) if exp.size else 0.0
    if err > 1e-4 + 1e-3 * float(np.max(np.abs(exp))):
        w = np.unravel_index(int(np.argmax(np.abs(got - exp))), exp.shape)
        print(f"MISMATCH {name}  detection {w[0]} column {w[1]}: got {got[w]:.6g} expected {exp[w]:.6g}")
        return 1
    print(f"OK       {name}  max abs err {err:.3g} ({len(exp)} detections, against the NumPy DetectionOutput)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
