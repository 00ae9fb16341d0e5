using System.Text.Json;

namespace MailTracker.Grains.Classification;

/// <summary>
/// A classification rules file as written (the shipped <c>Data/classification-rules.json</c> or the operator's); its version is a
/// number or a string.
/// </summary>
public sealed record RulesDocument(
    JsonElement? Version,
    TimingDocument? Timing,
    Dictionary<string, AddressListDocument>? AddressLists,
    List<RuleDocument>? Rules);
