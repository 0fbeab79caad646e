package dev.nnc.semantic;

import java.util.List;
import java.util.stream.Collectors;

/** The parameters of something callable, in positional order. */
public record Signature(String name, List<ArgSpec> params) {

    public Signature {
        params = List.copyOf(params);
    }

    public static Signature of(String name, ArgSpec... params) {
        return new Signature(name, List.of(params));
    }

    public List<String> names() {
        return params.stream().map(ArgSpec::name).toList();
    }

    /** {@code affine(units, init = he, bias = true)}. */
    public String usage() {
        return params.stream().map(ArgSpec::usage).collect(Collectors.joining(", ", name + "(", ")"));
    }
}
