package dev.nnc.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The contents of a safetensors file: the {@code __metadata__} strings and the tensors in header order. */
public record SafeTensorFile(Map<String, String> metadata, Map<String, SafeTensor> tensors) {

    public SafeTensorFile {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }
}
