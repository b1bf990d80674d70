package io.ringlb.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

    @Test
    void logsOneLinePerIntervalAndCountsTheRest() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-test");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        RateLimitedLog log = new RateLimitedLog(logger, Duration.ofMillis(300));
        for (int i = 0; i < 1000; i++) {
            log.warn("refused {}", i);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("refused 0");
        Thread.sleep(350);
        log.warn("refused {}", "again");
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("refused 0",
                "refused again (999 more like it left out, at most one line every 0.3 s)");
    }
}
