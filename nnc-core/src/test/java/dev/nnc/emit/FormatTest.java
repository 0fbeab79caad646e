package dev.nnc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatTest {

    @Test
    void countsHaveThousandsSeparators() {
        assertEquals("0", Format.count(0));
        assertEquals("999", Format.count(999));
        assertEquals("1,000", Format.count(1000));
        assertEquals("1,234,567,890", Format.count(1_234_567_890L));
    }

    @Test
    void bytesGiveTheExactCountAndABinaryUnit() {
        assertEquals("1,023 B", Format.bytes(1023));
        assertEquals("1,024 B (1.0 KiB)", Format.bytes(1024));
        assertEquals("1,536 B (1.5 KiB)", Format.bytes(1536));
        assertEquals("3,145,728 B (3.0 MiB)", Format.bytes(3L << 20));
        assertEquals("5,368,709,120 B (5.0 GiB)", Format.bytes(5L << 30));
    }

    @Test
    void countsWithANounAreSingularOnlyForOne() {
        assertEquals("1 epoch", Format.count(1, "epoch"));
        assertEquals("0 epochs", Format.count(0, "epoch"));
        assertEquals("1,200 epochs", Format.count(1200, "epoch"));
    }

    @Test
    void anOptimizerIsWrittenWithTheSameRealsAsTheSummary() {
        java.util.Map<String, Double> hyper = new java.util.LinkedHashMap<>();
        hyper.put("lr", 1e-3);
        hyper.put("eps", 1e-8);
        assertEquals("adam(lr = 0.001, eps = 1.0e-8)", Format.optimizer(new dev.nnc.graph.OptimizerSpec("adam", hyper)));
    }

    @Test
    void realsRoundTripWithALowerCaseExponent() {
        assertEquals("0.5", Format.real(0.5));
        assertEquals("1.0e-8", Format.real(1e-8));
        assertEquals("100.0", Format.real(100));
    }
}
