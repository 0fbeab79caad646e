/**
 * ONNX export, verification and import (docs/onnx.md). The entry points are {@link dev.nnc.onnx.OnnxExport}
 * (a model and its checkpoint to an .onnx file, checked against ONNX Runtime), {@link dev.nnc.onnx.OnnxImport}
 * (an .onnx file to a .nn file and a safetensors checkpoint) and {@link dev.nnc.onnx.Exportability} (what a
 * compiled model cannot export, as diagnostics at the layers' lines). The classes in {@code onnx.Onnx} are
 * generated from onnx.proto at build time.
 */
package dev.nnc.onnx;
