package dev.nnc.onnx;

/** An export, verification or import that cannot be done; the message says which file and why, in one sentence. */
public class OnnxException extends RuntimeException {

    public OnnxException(String message) {
        super(message);
    }

    public OnnxException(String message, Throwable cause) {
        super(message, cause);
    }
}
