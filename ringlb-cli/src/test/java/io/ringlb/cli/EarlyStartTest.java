package io.ringlb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EarlyStartTest {

    @Test
    void preparesTheTransportForTheServingCommandsWithTheDefaultTransport() {
        assertThat(EarlyStart.servesWithDefaultTransport(new String[] {"start"})).isTrue();
        assertThat(EarlyStart.servesWithDefaultTransport(new String[] {"start", "--port", "5000", "--replicas", "3"})).isTrue();
        assertThat(EarlyStart.servesWithDefaultTransport(new String[] {"replica", "--name", "s1"})).isTrue();
        assertThat(EarlyStart.servesWithDefaultTransport(new String[] {"load", "http://127.0.0.1:5000"})).isTrue();
    }

    @Test
    void leavesTheTransportAloneForHelpVersionOtherCommandsAndAChosenTransport() {
        assertThat(EarlyStart.servesWithDefaultTransport(new String[0])).isFalse();
        assertThat(EarlyStart.servesWithDefaultTransport(new String[] {"--version"})).isFalse();
        assertThat(EarlyStart.servesWithDefaultTransport(new String[] {"help", "start"})).isFalse();
        assertThat(EarlyStart.servesWithDefaultTransport(new String[] {"analyze"})).isFalse();
        assertThat(EarlyStart.servesWithDefaultTransport(new String[] {"start", "--help"})).isFalse();
        assertThat(EarlyStart.servesWithDefaultTransport(new String[] {"start", "-h"})).isFalse();
        assertThat(EarlyStart.servesWithDefaultTransport(new String[] {"start", "--transport", "nio"})).isFalse();
        assertThat(EarlyStart.servesWithDefaultTransport(new String[] {"start", "--transport=io_uring"})).isFalse();
    }
}
