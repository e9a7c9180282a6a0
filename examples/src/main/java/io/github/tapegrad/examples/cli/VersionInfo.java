package io.github.tapegrad.examples.cli;

import io.github.tapegrad.autograd.Backend;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Answers --version from the {@code pom.properties} Maven puts into the jar, so the version is never typed twice;
 * running from class directories (tests, IDE) reports a development build instead.
 */
public final class VersionInfo implements IVersionProvider {

    private static final String POM_PROPERTIES =
            "/META-INF/maven/io.github.tapegrad/tapegrad-examples/pom.properties";

    /** The project version, or {@code "development build"} outside a packaged jar. */
    public static String version() {
        try (InputStream in = VersionInfo.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.isBlank()) {
                    return version.strip();
                }
            }
        } catch (IOException e) {
            // An unreadable version file is not worth failing --version over.
        }
        return "development build";
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "tapegrad-examples " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            "kernels: " + Backend.describe()
        };
    }
}
