package dev.nnc.onnx;

import java.util.List;

/** An ONNX model with nodes nnc cannot express; {@link #nodes()} lists every one as "OpType node 'name': why". */
public final class UnsupportedOnnxException extends OnnxException {

    private final List<String> nodes;

    public UnsupportedOnnxException(String file, List<String> nodes) {
        super(file + ": " + nodes.size() + " node" + (nodes.size() == 1 ? "" : "s")
                + " cannot be expressed in nnc:\n  " + String.join("\n  ", nodes));
        this.nodes = List.copyOf(nodes);
    }

    public List<String> nodes() {
        return nodes;
    }
}
