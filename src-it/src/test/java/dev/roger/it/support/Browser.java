package dev.roger.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium driven by Selenium, with screenshots kept for review. */
public final class Browser implements AutoCloseable {

    private final WebDriver driver;
    private final Path screenshots;

    public Browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        try {
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--window-size=1400,1000",
                    "--user-data-dir=" + Files.createTempDirectory("roger-it-chromium"));
            screenshots = Files.createDirectories(Path.of(System.getProperty("screenshots.dir", "target/screenshots")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        driver = new ChromeDriver(options);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /**
     * The element, found again for every call on it: the page re-renders parts of itself (its overview
     * every few seconds), and an element found just before a re-render is stale when used just after.
     * A call that meets a stale element did nothing, so it is made again on the element found anew.
     */
    public WebElement find(String dataTest) {
        By by = By.cssSelector("[data-test='" + dataTest + "']");
        driver.findElement(by); // fails now, as findElement does, when there is no such element
        return (WebElement) java.lang.reflect.Proxy.newProxyInstance(
                WebElement.class.getClassLoader(), new Class<?>[] {WebElement.class}, (proxy, method, args) -> {
                    for (int attempt = 1; ; attempt++) {
                        try {
                            return method.invoke(driver.findElement(by), args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            if (!(e.getCause() instanceof org.openqa.selenium.StaleElementReferenceException)
                                    || attempt == 5) {
                                throw e.getCause();
                            }
                        }
                    }
                });
    }

    public boolean has(String dataTest) {
        return !driver.findElements(By.cssSelector("[data-test='" + dataTest + "']"))
                .isEmpty();
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Waits for a condition of the page, re-reading it (the page refreshes parts of itself). */
    public void waitFor(String what, Duration timeout, ExpectedCondition<Boolean> condition) {
        try {
            new WebDriverWait(driver, timeout)
                    .withMessage(what)
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> {
                        try {
                            return condition.apply(d);
                        } catch (org.openqa.selenium.WebDriverException e) {
                            // Chromium's form of a stale element: the page was replaced while it was read
                            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                                return false;
                            }
                            throw e;
                        }
                    });
        } catch (RuntimeException e) {
            screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            try {
                driver.manage().logs().get("browser").forEach(entry -> System.err.println("browser console: " + entry));
            } catch (RuntimeException ignored) {
                // logs are a diagnostic only
            }
            throw e;
        }
    }

    public void screenshot(String name) {
        try {
            Path file =
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("no screenshot " + name + ": " + e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
