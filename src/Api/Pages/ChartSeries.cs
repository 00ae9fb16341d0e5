namespace MailTracker.Api.Pages;

/// <summary>One chart's data as the page's script draws it and its data table lists it: a label and a count each.</summary>
public sealed record ChartSeries(IReadOnlyList<string> Labels, IReadOnlyList<long> Values);
