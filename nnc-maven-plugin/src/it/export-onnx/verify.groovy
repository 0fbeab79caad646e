def onnx = new File(basedir, 'target/onnx/points.onnx')
assert onnx.isFile() : "$onnx was not written"
// 15 float32 weights, the mean subtraction, Gemm and Softmax, and the metadata: some hundreds of bytes.
assert onnx.length() > 500 : "$onnx has only ${onnx.length()} bytes"
def text = new String(onnx.bytes, 'ISO-8859-1')
['Gemm', 'Softmax', 'probabilities', 'model_name', 'Points', 'graph_hash'].each {
    assert text.contains(it) : "$it is not in $onnx"
}

def log = new File(basedir, 'build.log').text
// The model's 64 seeded inputs and its 12 test examples ran in ONNX Runtime and agreed with nnc.
assert log =~ /nnc: verified in ONNX Runtime: 64 seeded \+ 12 test examples: .*: ok/ : 'no verification line'
assert log.contains("nnc: wrote ${onnx.absolutePath} (${onnx.length()} bytes, ONNX opset 17, IR 8)")
assert log.contains("nnc: ${onnx.absolutePath} is up to date") : 'the second execution exported again'
assert log.count('nnc: verified in ONNX Runtime') == 1

// Attached as type onnx, classifier points: installed beside the jar.
def installed = new File(localRepositoryPath, 'demo/export-onnx/1.0/export-onnx-1.0-points.onnx')
assert installed.isFile() : "$installed was not installed"
assert installed.bytes == onnx.bytes
return true
