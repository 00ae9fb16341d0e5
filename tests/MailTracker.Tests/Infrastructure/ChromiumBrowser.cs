using Microsoft.Playwright;

namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// One headless Chromium per test class, Debian's (<c>/usr/bin/chromium</c>, which <c>.ci/run</c> installs), driven by
/// Playwright; Playwright's own browser downloads are never used. <c>MAILTRACKER_TEST_CHROMIUM</c> names another binary.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the browser tests put their screenshots: the test results folder.</summary>
    public static string Screenshots { get; } = Path.Combine(RepositoryRoot.Path, "tests", "MailTracker.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        var executable = Environment.GetEnvironmentVariable("MAILTRACKER_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Chromium refuses its sandbox to root (CI runs as root).
            Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
        });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A fresh context (its own cookies) and a page in it.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
