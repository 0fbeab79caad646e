package dev.nnc.data;

import dev.nnc.graph.Shape;
import dev.nnc.io.ReadLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * One PNG or JPEG picture as a model input: converted to the model's channels (greyscale by BT.601 luma
 * {@code 0.299 R + 0.587 G + 0.114 B}, or grey replicated to RGB), transparency flattened onto black (the
 * background of MNIST-style data), and resized bilinearly to (H, W). Pixels stay in [0, 255]; the model's
 * {@link Preprocessing} is applied afterwards, as for byte data. Each conversion is reported as a warning.
 *
 * <p>A (D) input with D = s² takes an s×s greyscale picture, flattened row by row.
 */
public final class ImageInput {

    /** @param pixels C·H·W values in [0, 255], channel-major */
    public record Image(float[] pixels, Shape shape, List<String> warnings) {
        public Image {
            warnings = List.copyOf(warnings);
        }
    }

    /** Larger pictures are refused from their header, before decoding. */
    public static final long MAX_PIXELS = 1L << 22;

    private ImageInput() {
    }

    /** @throws DataException if the file is missing, not a readable image, or the input is not image-shaped */
    public static Image read(Path path, Shape inputShape) {
        DataFiles.requireFile(path);
        int[] chw = target(path, inputShape);
        BufferedImage img = decode(path);
        List<String> warnings = new ArrayList<>();
        float[] src = convert(img, chw[0], path, warnings);
        int w = img.getWidth();
        int h = img.getHeight();
        float[] out = src;
        if (h != chw[1] || w != chw[2]) {
            warnings.add(String.format("resized %d×%d to %d×%d", w, h, chw[2], chw[1]));
            out = resize(src, chw[0], h, w, chw[1], chw[2]);
        }
        return new Image(out, inputShape, warnings);
    }

    /**
     * Decodes the picture, after reading its size from the header: a small file can claim 40000×40000 pixels,
     * which would take gigabytes to decode.
     */
    private static BufferedImage decode(Path path) {
        try (ImageInputStream in = open(path)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DataException(path + ": not a PNG or JPEG image (or a format Java cannot read)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w < 1 || h < 1 || w * h > MAX_PIXELS) {
                    throw new DataException(String.format("%s: the image is %d×%d pixels; the limit is %,d pixels "
                            + "(2048×2048)", path, w, h, MAX_PIXELS));
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw unreadable(path, e);
        } catch (RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            // a corrupt file can make a decoder fail in ways it does not declare
            throw new DataException(path + ": corrupt image data (" + e + ")", e);
        }
    }

    /** The failure of reading an image; the size limit is reported as itself, decoders wrap it in their own. */
    static DataException unreadable(Path path, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ReadLimits.FileTooLargeException tooLarge) {
                return new DataException(path + ": " + tooLarge.getMessage(), e);
            }
        }
        return new DataException(path + ": not a readable image: " + e.getMessage(), e);
    }

    /**
     * The picture's bytes for ImageIO, which fail once a reader goes past {@link ReadLimits#MAX_DATA_BYTES} (a
     * decoder walks every chunk of a PNG, whatever their number).
     */
    static ImageInputStream open(Path path) throws IOException {
        return new FileImageInputStream(path.toFile()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                checkPosition();
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                checkPosition();
                return n;
            }

            private void checkPosition() throws IOException {
                if (getStreamPosition() > ReadLimits.MAX_DATA_BYTES) {
                    throw new ReadLimits.FileTooLargeException(ReadLimits.MAX_DATA_BYTES, DataFiles.LIMIT_NAME, false);
                }
            }
        };
    }

    /** (C, H, W) for the model input, C being 1 or 3. */
    private static int[] target(Path path, Shape s) {
        if (s.rank() == 3 && (s.dim(0) == 1 || s.dim(0) == 3)) {
            return new int[] {s.dim(0), s.dim(1), s.dim(2)};
        }
        if (s.rank() == 1) {
            int side = (int) Math.round(Math.sqrt(s.dim(0)));
            if (side * side == s.dim(0)) {
                return new int[] {1, side, side};
            }
        }
        throw new DataException(String.format("%s: an image needs a model input of (1, H, W) or (3, H, W), but "
                + "the model's input is %s", path, s));
    }

    /** Channel planes of the picture in [0, 255], converted to {@code channels}. */
    private static float[] convert(BufferedImage img, int channels, Path path, List<String> warnings) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        float[] rgb = new float[3 * plane];
        boolean grey = true;
        boolean transparent = false;
        // getRGB would pass grey samples through Java's linear-grey to sRGB conversion: read them raw
        var model = img.getColorModel();
        boolean greySamples = model.getNumColorComponents() == 1
                && model.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        var raster = img.getRaster();
        double max = greySamples ? (1 << model.getComponentSize(0)) - 1 : 255;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = greySamples ? greyArgb(raster, x, y, max, model.hasAlpha()) : img.getRGB(x, y);
                double a = ((argb >>> 24) & 0xFF) / 255.0;
                transparent |= a < 1;
                int r = (argb >> 16) & 0xFF;
                int g = (argb >> 8) & 0xFF;
                int b = argb & 0xFF;
                grey &= r == g && g == b;
                int i = y * w + x;
                rgb[i] = (float) (r * a);
                rgb[plane + i] = (float) (g * a);
                rgb[2 * plane + i] = (float) (b * a);
            }
        }
        if (transparent) {
            warnings.add("flattened transparency onto black");
        }
        if (channels == 3) {
            if (grey) {
                warnings.add("converted greyscale to RGB");
            }
            return rgb;
        }
        if (!grey) {
            warnings.add("converted RGB to greyscale");
        }
        float[] out = new float[plane];
        for (int i = 0; i < plane; i++) {
            out[i] = (float) (0.299 * rgb[i] + 0.587 * rgb[plane + i] + 0.114 * rgb[2 * plane + i]);
        }
        return out;
    }

    private static int greyArgb(java.awt.image.Raster raster, int x, int y, double max, boolean alpha) {
        int v = (int) Math.round(raster.getSample(x, y, 0) * 255 / max);
        int a = alpha ? (int) Math.round(raster.getSample(x, y, 1) * 255 / max) : 255;
        return (a << 24) | (v << 16) | (v << 8) | v;
    }

    /**
     * Bilinear resampling of each channel plane with pixel centres aligned ({@code src = (dst + 0.5) * scale -
     * 0.5}, clamped at the edges).
     */
    static float[] resize(float[] src, int channels, int h, int w, int newH, int newW) {
        float[] out = new float[channels * newH * newW];
        double sy = (double) h / newH;
        double sx = (double) w / newW;
        for (int c = 0; c < channels; c++) {
            int in = c * h * w;
            int o = c * newH * newW;
            for (int y = 0; y < newH; y++) {
                double fy = clamp((y + 0.5) * sy - 0.5, h - 1);
                int y0 = (int) fy;
                int y1 = Math.min(y0 + 1, h - 1);
                double dy = fy - y0;
                for (int x = 0; x < newW; x++) {
                    double fx = clamp((x + 0.5) * sx - 0.5, w - 1);
                    int x0 = (int) fx;
                    int x1 = Math.min(x0 + 1, w - 1);
                    double dx = fx - x0;
                    double top = src[in + y0 * w + x0] * (1 - dx) + src[in + y0 * w + x1] * dx;
                    double bottom = src[in + y1 * w + x0] * (1 - dx) + src[in + y1 * w + x1] * dx;
                    out[o + y * newW + x] = (float) (top * (1 - dy) + bottom * dy);
                }
            }
        }
        return out;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
