package dev.nnc.tensor.gemm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;

/**
 * Native libraries shipped inside jars (nnc's JNI shim, OpenBLAS from {@code org.bytedeco:openblas}) must be
 * files before {@code System.load} or {@code dlopen} can take them. They are extracted once into a per-user
 * cache, {@code $XDG_CACHE_HOME/nnc/native/<key>/} (else {@code ~/.cache/nnc/native/<key>/}; the system
 * property {@code nnc.native.cache} overrides the root), where the key is a SHA-256 over each file's name,
 * size and CRC-32 as the jar records them: a different build gets a different directory, and nothing is
 * left in {@code /tmp}. Files are written under a temporary name in that directory, checked against the
 * jar's CRC, and renamed into place, so two processes extracting at once cannot see a half-written
 * library. Libraries that are plain files already (a build's {@code target/classes}) are used in place.
 * Internal.
 */
final class NativeCache {

    private NativeCache() {
    }

    /** The cache root this process uses. */
    static Path root() {
        String forced = System.getProperty("nnc.native.cache", "");
        if (!forced.isBlank()) {
            return Paths.get(forced);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("nnc").resolve("native");
    }

    /**
     * Local files for {@code resources} (file name → URL), all in one directory so that libraries which find
     * their neighbours through {@code $ORIGIN} (OpenBLAS finds its libgfortran so) see each other. Returns
     * the files in the order given.
     */
    static List<Path> files(Map<String, URL> resources) throws IOException {
        if (resources.values().stream().allMatch(u -> u.getProtocol().equals("file"))) {
            Path dir = null;
            for (URL u : resources.values()) {
                Path p = toPath(u);
                if (dir != null && !dir.equals(p.getParent())) {
                    dir = null;
                    break;
                }
                dir = p.getParent();
            }
            if (dir != null) {
                return resources.values().stream().map(NativeCache::toPath).toList();
            }
        }
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, URL> e : resources.entrySet()) {
            entries.put(e.getKey(), entry(e.getValue()));
        }
        Path dir = root().resolve(key(entries));
        Files.createDirectories(dir);
        List<Path> out = new java.util.ArrayList<>();
        for (Map.Entry<String, URL> e : resources.entrySet()) {
            Path target = dir.resolve(e.getKey());
            ZipEntry entry = entries.get(e.getKey());
            if (!Files.isRegularFile(target) || (entry != null && Files.size(target) != entry.getSize())) {
                extract(e.getValue(), entry, target);
            }
            out.add(target);
        }
        return out;
    }

    private static Path toPath(URL u) {
        try {
            return Paths.get(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(u.toString(), e);
        }
    }

    /** The jar entry behind a {@code jar:} URL (null for other kinds: then the key falls back to the URL). */
    private static ZipEntry entry(URL url) throws IOException {
        URLConnection c = url.openConnection();
        if (c instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            ZipEntry e = jar.getJarEntry();
            jar.getJarFile().close();
            return e;
        }
        return null;
    }

    private static String key(Map<String, ZipEntry> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, ZipEntry> e : entries.entrySet()) {
                ZipEntry z = e.getValue();
                String line = e.getKey() + " " + (z == null ? "?" : z.getSize() + " " + Long.toHexString(z.getCrc()))
                        + "\n";
                sha.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private static void extract(URL url, ZipEntry entry, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            CRC32 crc = new CRC32();
            try (InputStream in = new CheckedInputStream(url.openStream(), crc);
                 OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
            if (entry != null && entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
                throw new IOException("extracting " + url + " gave a file whose CRC does not match the jar's");
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
