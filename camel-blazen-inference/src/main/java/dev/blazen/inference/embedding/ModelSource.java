package dev.blazen.inference.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Where one model file (ONNX graph or tokenizer.json) comes from: a classpath resource (e.g. inside a model jar), a
 * file path, or a file name inside a cache directory. Each source may be pinned by its SHA-256; a pinned file whose
 * bytes differ is refused with {@link ModelDigestMismatchError}. Nothing is ever downloaded.
 */
public sealed interface ModelSource {

    /** Lower-case hex SHA-256 the bytes must have, or {@code null} when not pinned. */
    String sha256();

    /** Human-readable location, used in error messages. */
    String describe();

    /** Reads and verifies the whole file. */
    byte[] readVerified();

    static ModelSource classpath(String resource, String sha256) {
        return new Classpath(resource, sha256, null);
    }

    static ModelSource file(Path path, String sha256) {
        return new File(path, sha256);
    }

    static ModelSource cache(Path directory, String fileName, String sha256) {
        return new File(directory.resolve(fileName), sha256);
    }

    /** A location as users write it: {@code classpath:resource}, or else a file path. */
    static ModelSource of(String location, String sha256) {
        return location.startsWith("classpath:")
                ? classpath(location.substring("classpath:".length()), sha256)
                : file(Path.of(location), sha256);
    }

    /** The file's size in bytes, without reading it. */
    long size();

    record Classpath(String resource, String sha256, ClassLoader loader) implements ModelSource {
        public Classpath {
            Objects.requireNonNull(resource, "resource");
            sha256 = normalise(sha256);
        }

        @Override
        public String describe() {
            return "classpath:" + resource;
        }

        @Override
        public byte[] readVerified() {
            ClassLoader cl = loader != null ? loader : ModelSource.class.getClassLoader();
            try (InputStream in = cl.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ModelFileMissingError(describe(), "no such resource on the classpath");
                }
                return verify(describe(), in, sha256);
            } catch (IOException e) {
                throw new ModelFileMissingError(describe(), "cannot read: " + e.getMessage());
            }
        }

        @Override
        public long size() {
            ClassLoader cl = loader != null ? loader : ModelSource.class.getClassLoader();
            java.net.URL url = cl.getResource(resource);
            if (url == null) {
                throw new ModelFileMissingError(describe(), "no such resource on the classpath");
            }
            try {
                java.net.URLConnection connection = url.openConnection();
                connection.setUseCaches(false);
                return connection.getContentLengthLong();
            } catch (IOException e) {
                throw new ModelFileMissingError(describe(), "cannot read: " + e.getMessage());
            }
        }
    }

    record File(Path path, String sha256) implements ModelSource {
        public File {
            Objects.requireNonNull(path, "path");
            sha256 = normalise(sha256);
        }

        @Override
        public String describe() {
            return path.toAbsolutePath().toString();
        }

        @Override
        public byte[] readVerified() {
            if (!Files.isRegularFile(path)) {
                throw new ModelFileMissingError(describe(), "no such file");
            }
            try (InputStream in = Files.newInputStream(path)) {
                return verify(describe(), in, sha256);
            } catch (IOException e) {
                throw new ModelFileMissingError(describe(), "cannot read: " + e.getMessage());
            }
        }

        @Override
        public long size() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new ModelFileMissingError(describe(), "no such file");
            }
        }
    }

    private static String normalise(String sha256) {
        if (sha256 == null || sha256.isBlank()) {
            return null;
        }
        String hex = sha256.trim().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new dev.blazen.llm.error.ValidationError("sha256", "not a SHA-256 hex digest (64 hex digits): " + sha256);
        }
        return hex;
    }

    private static byte[] verify(String location, InputStream in, String expected) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        byte[] bytes;
        try (DigestInputStream din = new DigestInputStream(in, digest)) {
            bytes = din.readAllBytes();
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (expected != null && !expected.equals(actual)) {
            throw new ModelDigestMismatchError(location, expected, actual);
        }
        return bytes;
    }
}
