package io.ringlb.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * ringlb's logging: one line per event with its time, on stdout. Set in code rather than in
 * logback.xml because parsing XML costs a replica a tenth of its start time. The level comes from
 * {@code -Dringlb.log.level} (default INFO); {@code -Dlogback.configurationFile=FILE} still
 * replaces all of this.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %-18logger{0} %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("ringlb.log.level"), Level.INFO));
        root.addAppender(console);
        ctx.getLogger("io.netty").setLevel(Level.WARN);
        ctx.getLogger("jdk.internal.httpclient").setLevel(Level.WARN);
        // docker-java and its HTTP client log every retried call; the provisioner reports what matters.
        ctx.getLogger("com.github.dockerjava").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
