using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Pages;

public sealed class EmbeddedTrackingPageTests(EmbeddedPageHost host, ChromiumBrowser chromium)
    : TrackingPageTests(host, chromium), IClassFixture<EmbeddedPageHost>, IClassFixture<ChromiumBrowser>;
