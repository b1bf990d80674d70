package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver, which
 * scripts/test.sh installs): it loads without a console error, shows the replicas, shows a replica
 * killed with SIGKILL gone and its replacement within 3 s, and adds a replica with its button
 * (through a dry-run preview). Also leaves a screenshot in target/dashboard.png.
 */
class DashboardIT {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    Path profile;

    @Test
    void theDashboardFollowsTheReplicaSetLive() throws Exception {
        boolean browser = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!browser && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI needs " + CHROMIUM + " and " + CHROMEDRIVER + " (scripts/test.sh installs them)");
        }
        Assumptions.assumeTrue(browser, "no chromium/chromium-driver here; scripts/test.sh installs them");
        int adminPort = ObservabilityIT.freePort();
        String admin = "http://127.0.0.1:" + adminPort;
        Http http = new Http();
        try (RinglbProcess lb = RinglbProcess.start("--replicas", "3", "--admin-port", "" + adminPort)) {
            WebDriver page = chromium();
            try {
                page.get(admin + "/");
                await(page, Duration.ofSeconds(10), () -> rows(page).equals(List.of("server1", "server2", "server3")));
                assertThat(page.findElements(By.cssSelector("#ring path"))).as("the ring is drawn").isNotEmpty();
                for (int i = 0; i < 300; i++) {
                    http.get(lb.url("/home"));
                }

                long pid = lb.replicaPid("server2");
                assertThat(pid).isPositive();
                long killed = System.nanoTime();
                ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
                await(page, Duration.ofSeconds(3), () -> {
                    List<String> now = rows(page);
                    return now.size() == 3 && !now.contains("server2") && allUp(page);
                });
                long shownMs = (System.nanoTime() - killed) / 1_000_000;
                System.out.printf("dashboard: server2 killed, replacement shown after %d ms: %s%n", shownMs, rows(page));
                assertThat(shownMs).isLessThanOrEqualTo(3000);
                assertThat(page.findElement(By.id("events")).getText()).contains("failed server2", "replaced");

                page.findElement(By.id("add-name")).sendKeys("web4");
                page.findElement(By.id("add-preview")).click();
                await(page, Duration.ofSeconds(5), () -> page.findElement(By.id("preview")).isDisplayed());
                assertThat(page.findElement(By.id("preview-text")).getText()).startsWith("Add web4: N 3 → 4").contains("of the keys would move");
                assertThat(http.get(lb.url("/rep")).body()).as("the preview changed nothing").doesNotContain("web4");
                page.findElement(By.id("preview-confirm")).click();
                await(page, Duration.ofSeconds(30), () -> rows(page).contains("web4") && allUp(page));
                assertThat(rows(page)).hasSize(4);
                assertThat(http.get(lb.url("/rep")).body()).contains("web4");
                for (int i = 0; i < 100; i++) {
                    http.get(lb.url("/home"));
                }
                Thread.sleep(2500); // a few points of traffic on the chart for the screenshot
                Path shot = ((ChromeDriver) page).getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(shot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);

                List<String> errors = new ArrayList<>();
                for (LogEntry e : page.manage().logs().get(LogType.BROWSER)) {
                    if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                        errors.add(e.getMessage());
                    }
                }
                assertThat(errors).as("console errors").isEmpty();
            } finally {
                page.quit();
            }
        }
    }

    private WebDriver chromium() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        // As root on a closed network Chromium needs all of these, or it hangs trying to phone home.
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, o);
    }

    /** The replica names in the table, top to bottom. */
    private static List<String> rows(WebDriver page) {
        List<String> names = new ArrayList<>();
        for (WebElement row : page.findElements(By.cssSelector("#replicas tbody tr"))) {
            names.add(row.getAttribute("data-replica"));
        }
        return names;
    }

    private static boolean allUp(WebDriver page) {
        for (WebElement row : page.findElements(By.cssSelector("#replicas tbody tr"))) {
            if (!"up".equals(row.getAttribute("data-status"))) {
                return false;
            }
        }
        return true;
    }

    private static void await(WebDriver page, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                // the table changed under the look: look again
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms; the page shows: "
                        + page.findElement(By.tagName("main")).getText());
            }
            Thread.sleep(25);
        }
    }
}
