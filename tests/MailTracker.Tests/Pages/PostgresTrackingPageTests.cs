using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Pages;

public sealed class PostgresTrackingPageTests(PostgresPageHost host, ChromiumBrowser chromium)
    : TrackingPageTests(host, chromium), IClassFixture<PostgresPageHost>, IClassFixture<ChromiumBrowser>;
