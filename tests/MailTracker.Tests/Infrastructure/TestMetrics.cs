using System.Diagnostics.Metrics;
using MailTracker.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace MailTracker.Tests.Infrastructure;

/// <summary>The MailTracker meter for stage tests that construct a stage by hand (each its own meter factory).</summary>
public static class TestMetrics
{
    public static MailTrackerMetrics Create() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
