"""Classify a Fashion-MNIST image with a model exported by `nnc export` (docs/onnx.md).

Usage: python3 classify_onnx.py MODEL.onnx [INDEX | IMAGE.png]
Needs: pip install onnxruntime numpy (and pillow for PNG input). No nnc, no Java.
"""
import gzip
import json
import sys

import numpy as np
import onnxruntime as ort

session = ort.InferenceSession(sys.argv[1], providers=["CPUExecutionProvider"])
meta = session.get_modelmeta().custom_metadata_map          # nnc's metadata_props
classes = json.loads(meta["class_names"])
arg = sys.argv[2] if len(sys.argv) > 2 else "0"
if arg.endswith(".png"):
    from PIL import Image
    pixels = np.asarray(Image.open(arg).convert("L").resize((28, 28)), dtype=np.float32)
else:  # image INDEX of the bundled test set (IDX: 16-byte header, then 28x28 bytes per image)
    with gzip.open("data/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    pixels = raw[int(arg) * 784:(int(arg) + 1) * 784].astype(np.float32)
# Raw pixel values 0..255: the scaling and mean subtraction nnc trained with are in the graph.
x = pixels.reshape(1, 1, 28, 28)                            # input_layout "NCHW 1x28x28", batch N = 1
probabilities = session.run(["probabilities"], {"input": x})[0][0]
for k in np.argsort(-probabilities)[:3]:
    print(f"{classes[k]:>12}  {probabilities[k]:.3f}")
print(f"model {meta['model_name']}, nnc {meta['nnc_version']}, graph {meta['graph_hash'][:19]}...")
