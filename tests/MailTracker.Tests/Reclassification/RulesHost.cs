using MailTracker.Tests.Infrastructure;

namespace MailTracker.Tests.Reclassification;

/// <summary>A host on a given database with the given settings (such as an operator's rules file), started and stopped by its test.</summary>
public sealed class RulesHost(IReadOnlyDictionary<string, string> settings) : ApiTestHost(settings: settings);
