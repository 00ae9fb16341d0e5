namespace MailTracker.Api.Pages;

/// <summary>The PastePixel tracking page's four charts; a chart is null when the tracking's privacy settings forbid its data.</summary>
public sealed record TrackingCharts(ChartSeries? Location, ChartSeries? Devices, ChartSeries? TimesOpened, ChartSeries? TimeOfDay);
