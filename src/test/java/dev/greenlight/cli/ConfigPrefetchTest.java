package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.config.ConfigException;
import dev.greenlight.config.GreenlightConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config read ahead is used only for the file the command names, and fails as a config read then would. */
class ConfigPrefetchTest {

    @TempDir
    Path dir;

    private Path config(String name, String environment) throws Exception {
        return Files.writeString(dir.resolve(name), "environment: " + environment + "\n"
                + "services: { api: { url: \"http://127.0.0.1:1\", checks: { health: { http: /h } } } }\n");
    }

    @Test
    void theFileIsFoundInEveryFormOfTheOptionAndOnlyForVerbsThatReadIt() {
        assertThat(ConfigPrefetch.configArgument(new String[] {"verify", "-q", "-c", "a.yaml"})).isEqualTo(Path.of("a.yaml"));
        assertThat(ConfigPrefetch.configArgument(new String[] {"watch", "--interval", "5s", "--config", "b.yaml"}))
                .isEqualTo(Path.of("b.yaml"));
        assertThat(ConfigPrefetch.configArgument(new String[] {"verify", "--config=c.yaml"})).isEqualTo(Path.of("c.yaml"));
        assertThat(ConfigPrefetch.configArgument(new String[] {"verify", "-cd.yaml"})).isEqualTo(Path.of("d.yaml"));
        assertThat(ConfigPrefetch.configArgument(new String[] {"verify", "-q"})).isEqualTo(Path.of("greenlight.yaml"));
        assertThat(ConfigPrefetch.configArgument(new String[] {"history", "-c", "a.yaml"})).isNull();
        assertThat(ConfigPrefetch.configArgument(new String[0])).isNull();
    }

    @Test
    void aCommandNamingAnotherFileReadsThatFile() throws Exception {
        Path prefetched = config("a.yaml", "from-a");
        Path named = config("b.yaml", "from-b");

        ConfigPrefetch.start(new String[] {"verify", "-c", prefetched.toString()});
        GreenlightConfig loaded = ConfigPrefetch.load(named).config();

        assertThat(loaded.environment()).isEqualTo("from-b");
    }

    @Test
    void theConfigIsHashedFromTheBytesItWasReadFromWithOrWithoutTheReadAhead() throws Exception {
        Path prefetched = config("a.yaml", "from-a");
        String sha256sum = "dc2c129950b16c40c9eb388a841df80b7b328e21fbf86fd3e5af4999fdc9872f"; // sha256sum a.yaml

        ConfigPrefetch.start(new String[] {"verify", "-c", prefetched.toString()});
        ConfigPrefetch.Loaded ahead = ConfigPrefetch.load(prefetched);
        ConfigPrefetch.Loaded now = ConfigPrefetch.load(prefetched);

        assertThat(ahead.config().environment()).isEqualTo("from-a");
        assertThat(ahead.sha256()).isEqualTo(sha256sum);
        assertThat(now.sha256()).isEqualTo(sha256sum);
    }

    @Test
    void aBrokenConfigReadAheadFailsAsItWouldHaveWithItsPlace() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "concurrency: many\n"
                + "services: { api: { url: \"http://127.0.0.1:1\", checks: { h: { http: /h } } } }\n");
        ConfigPrefetch.start(new String[] {"verify", "-c", broken.toString()});

        assertThatThrownBy(() -> ConfigPrefetch.load(broken)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(broken + ":1:14").hasMessageContaining("must be a whole number");
    }
}
