package io.jocker.integration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Builds docker-archives of any size for load tests: layers of incompressible random files. */
final class ImageArchives {
    private ImageArchives() {}

    /** A docker-archive with one image of {@code layers} layers of {@code layerBytes} each, tagged {@code tag}. */
    static void write(Path archive, String tag, int layers, int layerBytes, long seed) throws Exception {
        Random random = new Random(seed);
        List<byte[]> layerTars = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            byte[] data = new byte[layerBytes];
            random.nextBytes(data);
            ByteArrayOutputStream tar = new ByteArrayOutputStream(layerBytes + 4096);
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
                TarArchiveEntry entry = new TarArchiveEntry("data" + i + ".bin");
                entry.setSize(data.length);
                entry.setMode(0100644);
                out.putArchiveEntry(entry);
                out.write(data);
                out.closeArchiveEntry();
            }
            layerTars.add(tar.toByteArray());
            diffIds.add("sha256:" + sha256(tar.toByteArray()));
        }
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2026-01-01T00:00:00Z\","
                + "\"config\":{\"Cmd\":[\"sh\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                + String.join("\",\"", diffIds) + "\"]}}";
        String configHex = sha256(config.getBytes(StandardCharsets.UTF_8));
        StringBuilder manifest = new StringBuilder("[{\"Config\":\"" + configHex + ".json\",\"RepoTags\":[\"" + tag
                + "\"],\"Layers\":[");
        for (int i = 0; i < layers; i++) {
            manifest.append(i == 0 ? "" : ",").append("\"layer").append(i).append("/layer.tar\"");
        }
        manifest.append("]}]");
        try (OutputStream file = Files.newOutputStream(archive); TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            for (int i = 0; i < layers; i++) {
                put(out, "layer" + i + "/layer.tar", layerTars.get(i));
            }
            put(out, configHex + ".json", config.getBytes(StandardCharsets.UTF_8));
            put(out, "manifest.json", manifest.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A docker-archive whose only layer holds one entry named {@code entryName} (e.g. "../escape"). */
    static void writeWithEntry(Path archive, String tag, String entryName) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            TarArchiveEntry entry = new TarArchiveEntry(entryName, true);
            byte[] data = "pwned\n".getBytes(StandardCharsets.UTF_8);
            entry.setSize(data.length);
            entry.setMode(0100644);
            out.putArchiveEntry(entry);
            out.write(data);
            out.closeArchiveEntry();
        }
        byte[] layer = tar.toByteArray();
        String config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"sha256:" + sha256(layer) + "\"]}}";
        String configHex = sha256(config.getBytes(StandardCharsets.UTF_8));
        String manifest = "[{\"Config\":\"" + configHex + ".json\",\"RepoTags\":[\"" + tag
                + "\"],\"Layers\":[\"l/layer.tar\"]}]";
        try (OutputStream file = Files.newOutputStream(archive); TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
            put(out, "l/layer.tar", layer);
            put(out, configHex + ".json", config.getBytes(StandardCharsets.UTF_8));
            put(out, "manifest.json", manifest.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String imageId(Path archive) throws IOException {
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(archive))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.getName().endsWith(".json") && !e.getName().equals("manifest.json")) {
                    return "sha256:" + e.getName().replace(".json", "");
                }
            }
        }
        throw new IOException("no config in " + archive);
    }

    private static void put(TarArchiveOutputStream out, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        entry.setMode(0100644);
        out.putArchiveEntry(entry);
        out.write(bytes);
        out.closeArchiveEntry();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
