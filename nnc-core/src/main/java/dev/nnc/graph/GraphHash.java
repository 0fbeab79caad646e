package dev.nnc.graph;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/**
 * A fingerprint of what a checkpoint's tensors mean: every node's name, operator, arguments, inputs, shape
 * and parameters. The training configuration is left out, so a run may be resumed with more epochs.
 */
public final class GraphHash {

    private GraphHash() {
    }

    public static String of(LayerGraph graph) {
        Hasher h = Hashing.sha256().newHasher();
        for (Node n : graph.nodes()) {
            h.putString(n.name() + "|" + n.op() + "|" + n.args().values() + "|" + n.inputs() + "|" + n.shape(),
                    StandardCharsets.UTF_8);
            for (ParamSpec p : n.params()) {
                h.putString("|" + p.name() + p.shape() + p.role(), StandardCharsets.UTF_8);
            }
            h.putChar('\n');
        }
        return "sha256:" + h.hash();
    }
}
