package dev.nnc.graph;

import com.google.common.base.Preconditions;

/**
 * A parameter tensor of a layer: its qualified name ({@code affine_1.W}), shape, initializer, role, and
 * the fan-in/fan-out the initializer scales by.
 */
public record ParamSpec(String name, Shape shape, Init init, ParamRole role, int fanIn, int fanOut) {

    public ParamSpec {
        Preconditions.checkNotNull(name);
        Preconditions.checkNotNull(shape);
        Preconditions.checkNotNull(init);
        Preconditions.checkNotNull(role);
        Preconditions.checkArgument(fanIn >= 1 && fanOut >= 1, "fan of %s", name);
    }

    /** The part after the node name: {@code W}, {@code b}, {@code gamma}, {@code running_mean}. */
    public String localName() {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
