package dev.mlxgguf.server.models;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.NotFoundException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The models and adapters folders follow the owner's links (files, folders, Hugging Face caches) and log what they skip. */
class ModelCatalogTest {

    @TempDir
    Path dir;
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Logger jul = Logger.getLogger(FolderListing.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        jul.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        jul.removeHandler(capture);
    }

    private Path models() throws Exception {
        return Files.createDirectories(dir.resolve("models"));
    }

    @Test
    void linkedFilesAndFoldersAreModels() throws Exception {
        Path models = models();
        Path disk = Files.createDirectories(dir.resolve("big-disk"));
        Files.writeString(disk.resolve("qwen.gguf"), "GGUF");
        Files.createSymbolicLink(models.resolve("qwen.gguf"), disk.resolve("qwen.gguf"));
        Path mlx = Files.createDirectories(disk.resolve("mlx-model"));
        Files.writeString(mlx.resolve("config.json"), "{}");
        Files.write(mlx.resolve("model.safetensors"), new byte[100]);
        Files.createSymbolicLink(models.resolve("mlx"), mlx);
        ModelCatalog catalog = new ModelCatalog(models);
        assertThat(catalog.list().stream().map(ModelEntry::name).toList(), is(List.of("mlx", "qwen.gguf")));
        ModelEntry g = catalog.resolve("qwen.gguf", "llm_model_name");
        assertThat(g.format(), is(ModelFormat.GGUF));
        assertThat(g.path(), is(disk.resolve("qwen.gguf").toRealPath()));
        ModelEntry m = catalog.resolve("mlx", "llm_model_name");
        assertThat(m.format(), is(ModelFormat.MLX));
        assertThat(m.sizeBytes(), is(100L));
    }

    @Test
    void aHuggingFaceCacheSnapshotIsAModel() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("hf/hub/models--Qwen--Qwen2.5-0.5B-Instruct-MLX"));
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snapshot = Files.createDirectories(repo.resolve("snapshots/0123abcd"));
        for (String f : List.of("config.json", "tokenizer.json", "model.safetensors")) {
            Path blob = Files.write(blobs.resolve("sha-" + f.hashCode()), f.equals("model.safetensors") ? new byte[64]
                    : "{}".getBytes());
            Files.createSymbolicLink(snapshot.resolve(f), snapshot.relativize(blob));
        }
        Files.createSymbolicLink(models().resolve("qwen-mlx"), snapshot);
        ModelEntry m = new ModelCatalog(dir.resolve("models")).resolve("qwen-mlx", "llm_model_name");
        assertThat(m.format(), is(ModelFormat.MLX));
        assertThat(m.sizeBytes(), is(64L));
        assertThat(Files.readString(m.path().resolve("config.json")), is("{}"));
    }

    @Test
    void skippedEntriesAreLoggedOnceWithTheReason() throws Exception {
        Path models = models();
        Files.createSymbolicLink(models.resolve("gone.gguf"), dir.resolve("missing.gguf"));
        Files.writeString(models.resolve("notes.txt"), "x");
        Files.createDirectories(models.resolve("empty-folder"));
        Files.writeString(models.resolve(".hidden.gguf"), "x");
        ModelCatalog catalog = new ModelCatalog(models);
        assertThat(catalog.list().isEmpty(), is(true));
        catalog.list();
        assertThat(logged.size(), is(4));
        assertThat(logged.toString(), logged, hasItem(containsString("gone.gguf in the models folder: it is a link to nothing")));
        assertThat(logged, hasItem(containsString("notes.txt in the models folder: only .gguf files")));
        assertThat(logged, hasItem(containsString("empty-folder in the models folder: a folder without config.json")));
        assertThat(logged, hasItem(containsString(".hidden.gguf in the models folder: its name starts with")));
        assertThrows(NotFoundException.class, () -> catalog.resolve("gone.gguf", "llm_model_name"));
        assertThrows(InvalidRequestException.class, () -> catalog.resolve("../models/notes.txt", "llm_model_name"));
    }

    @Test
    void linkedAdaptersAreFollowedToo() throws Exception {
        Path adapters = Files.createDirectories(dir.resolve("adapters"));
        Path elsewhere = Files.createDirectories(dir.resolve("train/run-1"));
        Files.writeString(elsewhere.resolve("adapter_config.json"), "{}");
        Files.write(elsewhere.resolve("adapters.safetensors"), new byte[8]);
        Files.createSymbolicLink(adapters.resolve("style"), elsewhere);
        Files.writeString(adapters.resolve("readme.md"), "x");
        AdapterCatalog catalog = new AdapterCatalog(adapters);
        assertThat(catalog.resolve("style").path(), is(elsewhere.toRealPath()));
        assertThat(catalog.list().size(), is(1));
        assertThat(logged, hasItem(containsString("readme.md in the adapters folder")));
    }
}
