namespace MailTracker.Tests.Infrastructure;

/// <summary>
/// Tests that hold a duration to a budget (seconds of wall time with real silo processes) run alone, after the others, so that
/// the suite's other multi-process tests on the same cores do not count in what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedCollection
{
    public const string Name = "timed";
}
