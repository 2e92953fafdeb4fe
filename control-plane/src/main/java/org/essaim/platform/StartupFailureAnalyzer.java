package org.essaim.platform;

import org.essaim.ldap.DirectoryUnavailableException;
import org.essaim.ldap.EmbeddedDirectoryException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Turns the ways Essaim commonly fails to start (a bad setting, data directory, database, directory) into what is
 * wrong and what to do, instead of a stack trace. A bad setting is named with its key and its environment variable. The port-in-use case is Spring Boot's own analyzer.
 */
class StartupFailureAnalyzer implements FailureAnalyzer, Ordered {

    private final Environment environment;

    StartupFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // before Spring Boot's generic analyzers
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        PortInUseException portInUse = find(failure, PortInUseException.class);
        if (portInUse != null) {
            return new FailureAnalysis(
                    "Port " + portInUse.getPort() + " is already in use, so Essaim's web server cannot" + " start.",
                    "Stop what uses it, or set SERVER_PORT to another port.",
                    failure);
        }
        InvalidSetting setting = find(failure, InvalidSetting.class);
        if (setting != null) {
            return new FailureAnalysis(
                    sentence(setting.getMessage()),
                    "Correct it, or remove it to take the default written in the configuration metadata.",
                    failure);
        }
        BindException unreadable = find(failure, BindException.class);
        if (unreadable != null) {
            return new FailureAnalysis(
                    unreadable(unreadable),
                    "Correct it, or remove it to take the default written in" + " the configuration metadata.",
                    failure);
        }
        DataDirectoryException dataDirectory = find(failure, DataDirectoryException.class);
        if (dataDirectory != null) {
            return new FailureAnalysis(
                    dataDirectory.getMessage() + ".",
                    "Make it writable, or set ESSAIM_DATA_DIR to a folder Essaim may write to.",
                    failure);
        }
        EmbeddedDatabaseException embeddedDatabase = find(failure, EmbeddedDatabaseException.class);
        if (embeddedDatabase != null) {
            return new FailureAnalysis(embeddedDatabase.getMessage(), "", failure);
        }
        EmbeddedDirectoryException embeddedDirectory = find(failure, EmbeddedDirectoryException.class);
        if (embeddedDirectory != null) {
            return new FailureAnalysis(embeddedDirectory.getMessage(), "", failure);
        }
        DirectoryUnavailableException directory = find(failure, DirectoryUnavailableException.class);
        if (directory != null) {
            return new FailureAnalysis(
                    "The directory at " + directory.url() + " cannot be reached.",
                    "Check ESSAIM_LDAP_URL (essaim.ldap.url) and that the server is up, or leave it empty to use the"
                            + " embedded directory.",
                    failure);
        }
        SQLException sql = find(failure, SQLException.class);
        if (sql != null && isConnectionFailure(sql)) {
            String url = environment.getProperty("spring.datasource.url", "the configured database");
            return new FailureAnalysis(
                    "The database at " + url + " cannot be reached: "
                            + sentence(firstLine(rootCause(sql).getMessage())),
                    "Check SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD and that "
                            + "PostgreSQL is up, or leave them unset to use the embedded PostgreSQL.",
                    failure);
        }
        return null;
    }

    /** A value that cannot be converted to its setting's type: what the setting takes, never the cause's detail. */
    private static String unreadable(BindException failure) {
        String key = failure.getName().toString();
        Class<?> type = failure.getTarget().getType().resolve(Object.class);
        Object value =
                failure.getProperty() == null ? null : failure.getProperty().getValue();
        String expected;
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            expected = "must be a whole number";
        } else if (type == Duration.class) {
            expected = "must be a duration such as 30s, 5m or 1d";
        } else if (type == boolean.class || type == Boolean.class) {
            expected = "must be true or false";
        } else if (type.isEnum()) {
            expected = "must be one of " + Arrays.toString(type.getEnumConstants());
        } else {
            expected = "cannot be read as " + type.getSimpleName();
        }
        return key + " " + expected
                + (value instanceof CharSequence text
                                && !key.contains("secret")
                                && !key.contains("password")
                                && !key.endsWith("key")
                        ? ", not " + text
                        : "")
                + " (environment variable " + InvalidSetting.environmentVariable(key) + ").";
    }

    /** SQL state class 08 is "connection exception"; 28 is "invalid authorization"; 3D000 "no such database". */
    private static boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000"));
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }
}
